-- Handovers (交接): a courier takes the labelled envelopes of a hall, each scanned by its waybill;
-- closing one hands them all over at once. Tracking events from the carrier, each kept once.

CREATE TABLE handovers (
    id               INTEGER PRIMARY KEY,
    hall_id          INTEGER NOT NULL REFERENCES halls (id),
    courier_name     TEXT NOT NULL,
    courier_company  TEXT NOT NULL,
    courier_contact  TEXT NOT NULL,
    started_at       TEXT NOT NULL,
    started_by_id    INTEGER NOT NULL REFERENCES users (id),
    closed_at        TEXT,
    closed_by_id     INTEGER REFERENCES users (id)
);

-- An envelope is in at most one handover.
CREATE TABLE handover_items (
    handover_id  INTEGER NOT NULL REFERENCES handovers (id),
    shipment_id  INTEGER NOT NULL UNIQUE REFERENCES shipments (id),
    scanned_at   TEXT NOT NULL,
    PRIMARY KEY (handover_id, shipment_id)
);

CREATE TABLE tracking_events (
    id          INTEGER PRIMARY KEY,
    waybill     TEXT NOT NULL,
    at          TEXT NOT NULL,
    code        TEXT NOT NULL,
    status      TEXT NOT NULL,
    location    TEXT NOT NULL,
    signer      TEXT,
    imported_at TEXT NOT NULL,
    UNIQUE (waybill, at, code)
);
CREATE INDEX tracking_events_by_waybill ON tracking_events (waybill, at);
