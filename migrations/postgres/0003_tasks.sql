-- Delegated tasks. Ids are numbered across the organisation (T-1, T-2…) from `counters`.

CREATE TABLE counters (
    name TEXT COLLATE "C" PRIMARY KEY,
    next BIGINT NOT NULL
);
INSERT INTO counters (name, next) VALUES ('task', 1);

CREATE TABLE tasks (
    id           BIGINT PRIMARY KEY,
    title        TEXT COLLATE "C" NOT NULL,
    details      TEXT COLLATE "C",
    delegator    TEXT COLLATE "C" NOT NULL REFERENCES members(handle),
    assignee     TEXT COLLATE "C" NOT NULL REFERENCES members(handle),
    due_at       BIGINT NOT NULL,
    ticket       TEXT COLLATE "C",
    every        TEXT COLLATE "C",                    -- JSON repeat rule, NULL for a one-off task
    series       BIGINT,                 -- the first task of a repeating series
    next_created BOOLEAN NOT NULL DEFAULT FALSE,
    status       TEXT COLLATE "C" NOT NULL,
    note         TEXT COLLATE "C",
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX tasks_by_assignee ON tasks (assignee, status, due_at);
CREATE INDEX tasks_by_delegator ON tasks (delegator, status, due_at);
CREATE INDEX tasks_by_series ON tasks (series);
