-- One name for one thing: the reviewer's 补正 is a correction; the 容缺 make-up of tolerated
-- materials is a shortfall supplement.
ALTER TABLE cases RENAME COLUMN supplement_due TO shortfall_supplement_due;
UPDATE cases SET state = 'correction_requested' WHERE state = 'supplement_requested';
UPDATE cases SET state = 'corrected' WHERE state = 'supplied';

-- The history keeps its meaning under the new names. This migration is the only place events are
-- rewritten: the append-only guard is lifted for the renaming and put back as it was.
DROP TRIGGER case_events_no_update;
UPDATE case_events SET action = 'request_correction' WHERE action = 'request_supplement';
UPDATE case_events SET action = 'submit_correction' WHERE action = 'supply';
UPDATE case_events SET from_state = 'correction_requested' WHERE from_state = 'supplement_requested';
UPDATE case_events SET from_state = 'corrected' WHERE from_state = 'supplied';
UPDATE case_events SET to_state = 'correction_requested' WHERE to_state = 'supplement_requested';
UPDATE case_events SET to_state = 'corrected' WHERE to_state = 'supplied';
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;

UPDATE print_jobs SET document_kind = 'correction-notice' WHERE document_kind = 'supplement-notice';

-- What the shortfall engine found, one line per material, as decided at intake: the printed
-- notices list these and never decide again.
CREATE TABLE case_findings (
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    position       INTEGER NOT NULL,
    material_code  TEXT NOT NULL,
    material_name  TEXT NOT NULL,
    -- The domain's FindingKind as JSON (its variant and what it carries).
    finding        TEXT NOT NULL,
    rule           TEXT NOT NULL,
    message        TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
);

-- What a hall's guide desk knows of an item: common names and what it produces (JSON arrays).
ALTER TABLE service_items ADD COLUMN keywords TEXT NOT NULL DEFAULT '[]';
ALTER TABLE service_items ADD COLUMN results TEXT NOT NULL DEFAULT '[]';
