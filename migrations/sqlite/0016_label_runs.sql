-- Batch label runs (批量打印面单): a run and its labels in order, each label's outcome with the print
-- job it became, so a run cut off by a printer or a killed app resumes where it stopped. Labels are
-- logged per waybill, so a second label for an envelope is a 补打 whichever case it was printed from.

ALTER TABLE print_jobs ADD COLUMN shipment_id INTEGER REFERENCES shipments (id);
CREATE INDEX print_jobs_by_shipment ON print_jobs (shipment_id) WHERE shipment_id IS NOT NULL;

CREATE TABLE label_runs (
    id          INTEGER PRIMARY KEY,
    hall_id     INTEGER NOT NULL REFERENCES halls (id),
    profile     TEXT NOT NULL,
    -- The queue the dispatcher chose instead of the profile's, if any.
    queue       TEXT,
    state       TEXT NOT NULL CHECK (state IN ('printing', 'stopped', 'finished')),
    created_at  TEXT NOT NULL,
    created_by_id INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX label_runs_by_hall ON label_runs (hall_id, state);

CREATE TABLE label_run_items (
    run_id        INTEGER NOT NULL REFERENCES label_runs (id),
    position      INTEGER NOT NULL,
    shipment_id   INTEGER NOT NULL REFERENCES shipments (id),
    state         TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'printed', 'failed')),
    print_job_id  INTEGER REFERENCES print_jobs (id),
    error         TEXT,
    PRIMARY KEY (run_id, position),
    UNIQUE (run_id, shipment_id)
);

-- Who started, stopped, resumed and finished a run, and when: append-only.
CREATE TABLE label_run_events (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES label_runs (id),
    action     TEXT NOT NULL CHECK (action IN ('start', 'stop', 'resume', 'finish')),
    state      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    user_id    INTEGER NOT NULL REFERENCES users (id),
    at         TEXT NOT NULL
);
CREATE INDEX label_run_events_by_run ON label_run_events (run_id, id);
CREATE TRIGGER label_run_events_no_update BEFORE UPDATE ON label_run_events
BEGIN
    SELECT RAISE(ABORT, 'label run events are append-only');
END;
CREATE TRIGGER label_run_events_no_delete BEFORE DELETE ON label_run_events
BEGIN
    SELECT RAISE(ABORT, 'label run events are append-only');
END;
