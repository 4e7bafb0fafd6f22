-- Intakes in progress, saved as the clerk works: a crash or a power cut loses nothing, and the
-- clerk's draft list shows them on the next start.
CREATE TABLE intake_drafts (
    id          INTEGER PRIMARY KEY,
    clerk_id    INTEGER NOT NULL REFERENCES users (id),
    title       TEXT NOT NULL,
    payload     TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Paper originals to carry to a competent department in another district (全城通办).
CREATE TABLE material_transfers (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    from_hall_id    INTEGER NOT NULL REFERENCES halls (id),
    department_id   INTEGER NOT NULL REFERENCES departments (id),
    state           TEXT NOT NULL CHECK (state IN ('pending', 'dispatched', 'delivered')),
    created_at      TEXT NOT NULL
);
