-- The courier desk: waybill number ranges (号段) from the carriers, each number used once; shipments
-- (one envelope each: its kind, where it goes, its cases and papers, its waybill) and their events.

CREATE TABLE waybill_ranges (
    id              INTEGER PRIMARY KEY,
    carrier         TEXT NOT NULL,
    product         TEXT NOT NULL,
    format          TEXT NOT NULL CHECK (format IN ('s10', 'digits')),
    first_number    TEXT NOT NULL,
    last_number     TEXT NOT NULL,
    total           INTEGER NOT NULL,
    imported_at     TEXT NOT NULL,
    imported_by_id  INTEGER NOT NULL REFERENCES users (id)
);

-- One row per number: free until a shipment takes it, then used, or cancelled with its shipment;
-- never free again.
CREATE TABLE waybills (
    id         INTEGER PRIMARY KEY,
    range_id   INTEGER NOT NULL REFERENCES waybill_ranges (id),
    position   INTEGER NOT NULL,
    number     TEXT NOT NULL UNIQUE,
    state      TEXT NOT NULL DEFAULT 'free' CHECK (state IN ('free', 'used', 'cancelled')),
    UNIQUE (range_id, position)
);
CREATE INDEX waybills_free ON waybills (range_id, position) WHERE state = 'free';

CREATE TABLE shipments (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('material_transfer', 'result_to_hall', 'result_to_applicant', 'return')),
    state             TEXT NOT NULL,
    from_hall_id      INTEGER NOT NULL REFERENCES halls (id),
    to_hall_id        INTEGER REFERENCES halls (id),
    to_department_id  INTEGER REFERENCES departments (id),
    to_address        TEXT,
    receiver_name     TEXT NOT NULL,
    receiver_phone    TEXT,
    waybill_id        INTEGER NOT NULL UNIQUE REFERENCES waybills (id),
    -- Why a case's papers go in more than one envelope, when they do.
    split_reason      TEXT,
    created_at        TEXT NOT NULL,
    created_by_id     INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX shipments_by_hall ON shipments (from_hall_id, state);

-- The cases in an envelope and, for materials, which papers (material codes, JSON).
CREATE TABLE shipment_cases (
    shipment_id  INTEGER NOT NULL REFERENCES shipments (id),
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    papers       TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (shipment_id, case_id)
);
CREATE INDEX shipment_cases_by_case ON shipment_cases (case_id);

-- Every move of a shipment, append-only, like the cases' events.
CREATE TABLE shipment_events (
    id           INTEGER PRIMARY KEY,
    shipment_id  INTEGER NOT NULL REFERENCES shipments (id),
    seq          INTEGER NOT NULL,
    at           TEXT NOT NULL,
    action       TEXT NOT NULL,
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES users (id),
    hall_id      INTEGER REFERENCES halls (id),
    reason       TEXT NOT NULL,
    UNIQUE (shipment_id, seq)
);
CREATE TRIGGER shipment_events_no_update BEFORE UPDATE ON shipment_events
BEGIN
    SELECT RAISE(ABORT, 'shipment events are append-only');
END;
CREATE TRIGGER shipment_events_no_delete BEFORE DELETE ON shipment_events
BEGIN
    SELECT RAISE(ABORT, 'shipment events are append-only');
END;
