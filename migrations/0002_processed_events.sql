-- Platform events (interaction ids, reactions) already acted on, so a replay is a no-op.
CREATE TABLE processed_events (
    key TEXT PRIMARY KEY,
    at  INTEGER NOT NULL
);
