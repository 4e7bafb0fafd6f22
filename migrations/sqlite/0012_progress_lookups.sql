-- Every progress look-up at a window (过程追溯): who looked, where, at which case, and whether the
-- receipt's verification code came with it (without it nothing personal was shown).
CREATE TABLE progress_lookups (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    user_id   INTEGER NOT NULL REFERENCES users (id),
    hall_id   INTEGER REFERENCES halls (id),
    verified  INTEGER NOT NULL CHECK (verified IN (0, 1)),
    at        TEXT NOT NULL
);

CREATE INDEX progress_lookups_case ON progress_lookups (case_id, at);
