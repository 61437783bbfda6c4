-- Delegated tasks. Ids are numbered across the organisation (T-1, T-2…) from `counters`.

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    next INTEGER NOT NULL
);
INSERT INTO counters (name, next) VALUES ('task', 1);

CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    details      TEXT,
    delegator    TEXT NOT NULL REFERENCES members(handle),
    assignee     TEXT NOT NULL REFERENCES members(handle),
    due_at       INTEGER NOT NULL,
    ticket       TEXT,
    every        TEXT,                    -- JSON repeat rule, NULL for a one-off task
    series       INTEGER,                 -- the first task of a repeating series
    next_created INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL,
    note         TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX tasks_by_assignee ON tasks (assignee, status, due_at);
CREATE INDEX tasks_by_delegator ON tasks (delegator, status, due_at);
CREATE INDEX tasks_by_series ON tasks (series);
