-- The back office: department leads, the time limit's dates, decisions recorded with their events,
-- the audit chain, and a department queue served from an index.

-- A new role. SQLite cannot change a CHECK constraint in place: the table is rebuilt under the same
-- name and ids; foreign keys are checked at commit, when every referenced user is back.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_before_0009 AS SELECT * FROM users;
DROP TABLE users;
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('window_clerk', 'reviewer', 'department_lead', 'dispatcher',
                                                 'supervisor', 'admin')),
    password_hash  TEXT NOT NULL,
    hall_id        INTEGER REFERENCES halls (id),
    window_number  TEXT,
    department_id  INTEGER REFERENCES departments (id),
    active         INTEGER NOT NULL DEFAULT 1
);
INSERT INTO users (id, username, display_name, role, password_hash, hall_id, window_number, department_id, active)
    SELECT id, username, display_name, role, password_hash, hall_id, window_number, department_id, active
    FROM users_before_0009;
DROP TABLE users_before_0009;

-- How the back office reviews an item (warning threshold, extension allowance, denial grounds), JSON.
ALTER TABLE service_items ADD COLUMN review TEXT NOT NULL DEFAULT '{}';

-- The time limit beside the promised due date: the statutory one, the applicant's correction
-- deadline while a correction is outstanding, and the working days of the one extension.
ALTER TABLE cases ADD COLUMN statutory_due TEXT;
ALTER TABLE cases ADD COLUMN correction_due TEXT;
ALTER TABLE cases ADD COLUMN extension_days INTEGER NOT NULL DEFAULT 0;
-- The hash of the case's last event: the head of its audit chain.
ALTER TABLE cases ADD COLUMN chain_head TEXT;
-- The competent department, kept on the case so its queue is one index range, not a join.
ALTER TABLE cases ADD COLUMN department_id INTEGER REFERENCES departments (id);
UPDATE cases SET department_id = (SELECT department_id FROM service_items WHERE id = cases.service_item_id);
CREATE INDEX cases_department_queue ON cases (department_id, state, due_date);
CREATE INDEX cases_claimed_by ON cases (claimed_by_id, state);

-- What a decision records beside its reason (the domain's EventDetail as JSON), and each event's
-- hash in its case's chain. Events written before this migration get theirs when the store opens:
-- the append-only guard lets exactly that through, once, and nothing else.
ALTER TABLE case_events ADD COLUMN detail TEXT;
ALTER TABLE case_events ADD COLUMN hash TEXT;
DROP TRIGGER case_events_no_update;
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id OR NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at
  OR NEW.action IS NOT OLD.action OR NEW.from_state IS NOT OLD.from_state OR NEW.to_state IS NOT OLD.to_state
  OR NEW.actor_id IS NOT OLD.actor_id OR NEW.hall_id IS NOT OLD.hall_id
  OR NEW.window_number IS NOT OLD.window_number OR NEW.reason IS NOT OLD.reason OR NEW.detail IS NOT OLD.detail
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;
