-- Sign-in throttling and the shared window's screen lock. Every password typed at sign-in or at
-- the lock screen is recorded with its station: five failures in a row for one username lock it
-- out for fifteen minutes (the rule is onewindow_domain::signin). The username is kept as typed,
-- also when no such user exists, so a guessed name is throttled like a real one.
CREATE TABLE sign_in_attempts (
    id           INTEGER PRIMARY KEY,
    username     TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('sign_in', 'unlock')),
    outcome      TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'refused', 'lifted')),
    station      TEXT NOT NULL,
    -- The admin who lifted a lock-out.
    by_username  TEXT,
    at           TEXT NOT NULL
);

CREATE INDEX sign_in_attempts_by_username ON sign_in_attempts (username, id);

CREATE TRIGGER sign_in_attempts_no_update BEFORE UPDATE ON sign_in_attempts
BEGIN
    SELECT RAISE(ABORT, 'sign-in attempts are append-only');
END;

CREATE TRIGGER sign_in_attempts_no_delete BEFORE DELETE ON sign_in_attempts
BEGIN
    SELECT RAISE(ABORT, 'sign-in attempts are append-only');
END;

-- Minutes without input after which a window's screen locks, per hall.
ALTER TABLE halls ADD COLUMN idle_lock_minutes INTEGER NOT NULL DEFAULT 5
    CHECK (idle_lock_minutes BETWEEN 1 AND 120);
