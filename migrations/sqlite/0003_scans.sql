-- Scanned files, each content stored once (content-addressed by SHA-256 under the data directory).
CREATE TABLE scans (
    id             INTEGER PRIMARY KEY,
    sha256         TEXT NOT NULL UNIQUE,
    media_type     TEXT NOT NULL,
    pages          INTEGER NOT NULL,
    bytes          INTEGER NOT NULL,
    original_name  TEXT NOT NULL,
    -- The inbox file it came from (path, size, mtime): seeing the same file again after a crash
    -- is not a duplicate scan.
    source_key     TEXT NOT NULL,
    received_at    TEXT NOT NULL
);

-- Files refused at the inbox, kept in quarantine with their reason.
CREATE TABLE quarantined_files (
    id             INTEGER PRIMARY KEY,
    original_name  TEXT NOT NULL,
    code           TEXT NOT NULL,
    reason         TEXT NOT NULL,
    moved_to       TEXT NOT NULL,
    at             TEXT NOT NULL
);

-- Which scans make up which material of a case, in order, and how each is turned.
CREATE TABLE case_scans (
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    scan_id        INTEGER NOT NULL REFERENCES scans (id),
    material_code  TEXT NOT NULL,
    position       INTEGER NOT NULL,
    rotation       INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270)),
    PRIMARY KEY (case_id, scan_id)
);
