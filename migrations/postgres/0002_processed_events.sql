-- Platform events (interaction ids, reactions) already acted on, so a replay is a no-op.
CREATE TABLE processed_events (
    key TEXT COLLATE "C" PRIMARY KEY,
    at  BIGINT NOT NULL
);
