-- Escalations (E-1, E-2…): a subject nobody acts on, climbing a ladder of people. Their
-- history is the audit trail's.

INSERT INTO counters (name, next) VALUES ('escalation', 1);

-- Where a department's escalation cards go; its main channel when unset.
ALTER TABLE departments ADD COLUMN escalations_channel TEXT COLLATE "C";

CREATE TABLE escalations (
    id               BIGINT PRIMARY KEY,
    subject          TEXT COLLATE "C" NOT NULL,           -- "IT-4", "T-7", "A-2"
    dept             TEXT COLLATE "C" NOT NULL REFERENCES departments(key),
    raised_by        TEXT COLLATE "C" NOT NULL,           -- a handle, or system:…
    reason           TEXT COLLATE "C" NOT NULL,           -- JSON: what was said, or what happened
    customer         TEXT COLLATE "C",
    contact          TEXT COLLATE "C",
    urgent           BOOLEAN NOT NULL,
    level            BIGINT NOT NULL,        -- 0-based rung of the ladder
    holders          TEXT COLLATE "C" NOT NULL,           -- JSON array of handles
    status           TEXT COLLATE "C" NOT NULL,           -- open | acknowledged | resolved | cancelled
    owner            TEXT COLLATE "C" REFERENCES members(handle),
    resolution       TEXT COLLATE "C",                    -- JSON, like reason
    level_started_at BIGINT NOT NULL,
    reminders        BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
-- A subject has at most one active escalation.
CREATE UNIQUE INDEX escalations_one_active ON escalations (subject)
    WHERE status IN ('open', 'acknowledged');
CREATE INDEX escalations_by_status ON escalations (status, dept);
