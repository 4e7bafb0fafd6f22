-- A city station's offline outbox is a database file of this schema of its own (encrypted with the
-- station's key), holding the intakes taken while the city database could not be reached. These
-- tables are empty in a hall's own file.

-- The city's catalog versions as imported into the outbox (its versions are numbered anew here).
CREATE TABLE outbox_catalogs (
    local_version  INTEGER PRIMARY KEY REFERENCES catalog_versions (id),
    city_version   INTEGER NOT NULL UNIQUE
);

-- Blocks of the hall's case numbers the city leased to this station, one day each: offline
-- intakes are numbered from them only.
CREATE TABLE number_leases (
    hall_code  TEXT NOT NULL,
    day        TEXT NOT NULL,
    first      INTEGER NOT NULL,
    last       INTEGER NOT NULL,
    leased_at  TEXT NOT NULL,
    PRIMARY KEY (hall_code, day, first)
);

-- Each offline intake's hand-in: its idempotency key is written before the first try, so a try
-- whose answer was lost is repeated with the same key and the city recognises it.
CREATE TABLE outbox_hand_ins (
    case_number    TEXT PRIMARY KEY REFERENCES cases (number),
    intake_key     TEXT NOT NULL UNIQUE,
    tried_at       TEXT NOT NULL,
    handed_in_at   TEXT,
    -- Why the city did not take it (a case changed meanwhile, a disabled clerk): shown to the clerk.
    conflict       TEXT
);
