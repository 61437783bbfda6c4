-- Escalations (E-1, E-2…): a subject nobody acts on, climbing a ladder of people. Their
-- history is the audit trail's.

INSERT INTO counters (name, next) VALUES ('escalation', 1);

-- Where a department's escalation cards go; its main channel when unset.
ALTER TABLE departments ADD COLUMN escalations_channel TEXT;

CREATE TABLE escalations (
    id               INTEGER PRIMARY KEY,
    subject          TEXT NOT NULL,           -- "IT-4", "T-7", "A-2"
    dept             TEXT NOT NULL REFERENCES departments(key),
    raised_by        TEXT NOT NULL,           -- a handle, or system:…
    reason           TEXT NOT NULL,           -- JSON: what was said, or what happened
    customer         TEXT,
    contact          TEXT,
    urgent           INTEGER NOT NULL,
    level            INTEGER NOT NULL,        -- 0-based rung of the ladder
    holders          TEXT NOT NULL,           -- JSON array of handles
    status           TEXT NOT NULL,           -- open | acknowledged | resolved | cancelled
    owner            TEXT REFERENCES members(handle),
    resolution       TEXT,                    -- JSON, like reason
    level_started_at INTEGER NOT NULL,
    reminders        INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
-- A subject has at most one active escalation.
CREATE UNIQUE INDEX escalations_one_active ON escalations (subject)
    WHERE status IN ('open', 'acknowledged');
CREATE INDEX escalations_by_status ON escalations (status, dept);
