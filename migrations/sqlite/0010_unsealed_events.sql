-- The store looks for events without a hash every time it opens: a partial index keeps that a
-- lookup in an empty index once every event is sealed, not a scan of the whole history.
CREATE INDEX case_events_unsealed ON case_events (case_id) WHERE hash IS NULL;
