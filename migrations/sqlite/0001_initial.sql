-- OneWindow schema, SQLite. Timestamps are RFC 3339 UTC text; dates are YYYY-MM-DD text.
-- A shipped migration is never edited: follow it with a new one.

CREATE TABLE halls (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    level     TEXT NOT NULL CHECK (level IN ('city', 'district', 'town')),
    area      TEXT NOT NULL,
    address   TEXT NOT NULL,
    phone     TEXT NOT NULL
);

CREATE TABLE windows (
    id        INTEGER PRIMARY KEY,
    hall_id   INTEGER NOT NULL REFERENCES halls (id),
    number    TEXT NOT NULL,
    UNIQUE (hall_id, number)
);

CREATE TABLE departments (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    area      TEXT NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('window_clerk', 'reviewer', 'dispatcher', 'supervisor', 'admin')),
    password_hash  TEXT NOT NULL,
    hall_id        INTEGER REFERENCES halls (id),
    window_number  TEXT,
    department_id  INTEGER REFERENCES departments (id),
    active         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE catalog_versions (
    id          INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    source      TEXT NOT NULL
);

-- The departments as a catalog version named them, in the version's order.
CREATE TABLE catalog_departments (
    catalog_version_id  INTEGER NOT NULL REFERENCES catalog_versions (id),
    department_id       INTEGER NOT NULL REFERENCES departments (id),
    position            INTEGER NOT NULL,
    name                TEXT NOT NULL,
    area                TEXT NOT NULL,
    PRIMARY KEY (catalog_version_id, department_id)
);

CREATE TABLE service_items (
    id                  INTEGER PRIMARY KEY,
    catalog_version_id  INTEGER NOT NULL REFERENCES catalog_versions (id),
    code                TEXT NOT NULL,
    name                TEXT NOT NULL,
    department_id       INTEGER NOT NULL REFERENCES departments (id),
    level               TEXT NOT NULL,
    kind                TEXT NOT NULL,
    statutory_days      INTEGER NOT NULL,
    promised_days       INTEGER NOT NULL,
    on_the_spot         INTEGER NOT NULL,
    fee                 TEXT NOT NULL,
    delivery            TEXT NOT NULL,   -- comma-separated delivery methods
    citywide            INTEGER NOT NULL,
    commitment_approval INTEGER NOT NULL,
    applicants          TEXT NOT NULL CHECK (applicants IN ('all', 'person', 'organisation')),
    max_missing         INTEGER NOT NULL,
    commitment_required INTEGER NOT NULL,
    dishonest_excluded  INTEGER NOT NULL,
    guide_conditions    TEXT NOT NULL,
    guide_basis         TEXT NOT NULL,
    guide_process       TEXT NOT NULL,
    guide_faq           TEXT NOT NULL,
    UNIQUE (catalog_version_id, code)
);

CREATE TABLE materials (
    id               INTEGER PRIMARY KEY,
    service_item_id  INTEGER NOT NULL REFERENCES service_items (id),
    position         INTEGER NOT NULL,
    code             TEXT NOT NULL,
    name             TEXT NOT NULL,
    form             TEXT NOT NULL CHECK (form IN ('original', 'copy', 'e_certificate')),
    copies           INTEGER NOT NULL,
    pages            INTEGER NOT NULL,
    policy           TEXT NOT NULL CHECK (policy IN ('core', 'tolerable', 'optional')),
    supplement_days  INTEGER,
    e_certificate    TEXT,
    applies_to       TEXT NOT NULL CHECK (applies_to IN ('all', 'person', 'organisation', 'agent')),
    note             TEXT NOT NULL,
    UNIQUE (service_item_id, code)
);

CREATE TABLE bundles (
    id                  INTEGER PRIMARY KEY,
    catalog_version_id  INTEGER NOT NULL REFERENCES catalog_versions (id),
    code                TEXT NOT NULL,
    name                TEXT NOT NULL,
    description         TEXT NOT NULL,
    UNIQUE (catalog_version_id, code)
);

CREATE TABLE bundle_items (
    bundle_id          INTEGER NOT NULL REFERENCES bundles (id),
    position           INTEGER NOT NULL,
    service_item_code  TEXT NOT NULL,
    PRIMARY KEY (bundle_id, position)
);

CREATE TABLE applicants (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
    name       TEXT NOT NULL,
    id_kind    TEXT NOT NULL,
    id_number  TEXT NOT NULL,
    phone      TEXT,
    UNIQUE (id_kind, id_number)
);

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    catalog_version_id  INTEGER NOT NULL REFERENCES catalog_versions (id),
    service_item_id     INTEGER NOT NULL REFERENCES service_items (id),
    applicant_id        INTEGER NOT NULL REFERENCES applicants (id),
    agent_name          TEXT,
    agent_id_kind       TEXT,
    agent_id_number     TEXT,
    hall_id             INTEGER NOT NULL REFERENCES halls (id),
    window_number       TEXT,
    clerk_id            INTEGER NOT NULL REFERENCES users (id),
    state               TEXT NOT NULL,
    delivery            TEXT NOT NULL CHECK (delivery IN ('window', 'post')),
    pickup_hall_id      INTEGER REFERENCES halls (id),
    delivery_address    TEXT,
    created_at          TEXT NOT NULL,
    accepted_at         TEXT,
    due_date            TEXT,
    supplement_due      TEXT,
    claimed_by_id       INTEGER REFERENCES users (id)
);
CREATE INDEX cases_state ON cases (state);
CREATE INDEX cases_item ON cases (service_item_id);

CREATE TABLE case_materials (
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    material_code  TEXT NOT NULL,
    form           TEXT NOT NULL CHECK (form IN ('original', 'copy', 'e_certificate')),
    copies         INTEGER NOT NULL,
    pages          INTEGER NOT NULL,
    PRIMARY KEY (case_id, material_code)
);

-- The history of every case: appended in the same transaction as the change, never edited.
CREATE TABLE case_events (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    seq            INTEGER NOT NULL,
    at             TEXT NOT NULL,
    action         TEXT NOT NULL,
    from_state     TEXT,
    to_state       TEXT NOT NULL,
    actor_id       INTEGER NOT NULL REFERENCES users (id),
    hall_id        INTEGER NOT NULL REFERENCES halls (id),
    window_number  TEXT,
    reason         TEXT NOT NULL,
    UNIQUE (case_id, seq)
);

CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;

CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;

-- Case numbers: a per-hall, per-day sequence, taken inside the case's own transaction.
CREATE TABLE case_number_sequences (
    hall_id   INTEGER NOT NULL REFERENCES halls (id),
    day       TEXT NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (hall_id, day)
);
