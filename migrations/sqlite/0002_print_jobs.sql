-- Every document sent to a printer, with where it went and how it ended: nothing is dropped
-- silently, and reprints are logged per case.
CREATE TABLE print_jobs (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER REFERENCES cases (id),
    document_kind  TEXT NOT NULL,
    profile        TEXT NOT NULL,
    queue          TEXT NOT NULL,
    cups_job       TEXT,
    state          TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'held', 'done', 'failed')),
    error          TEXT,
    reprint        INTEGER NOT NULL,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX print_jobs_case ON print_jobs (case_id);

-- Printed beside the case number for progress look-ups (with the number, never alone); random per
-- case, so the number alone does not open a case's progress.
ALTER TABLE cases ADD COLUMN verification_code TEXT NOT NULL DEFAULT '';
