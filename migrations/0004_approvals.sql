-- Approval requests, their decisions, and out-of-office delegations.

INSERT INTO counters (name, next) VALUES ('approval', 1);

ALTER TABLE departments ADD COLUMN approvals_channel TEXT;

CREATE TABLE approvals (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    amount_minor    INTEGER,              -- cents; NULL when the kind has no amount
    currency        TEXT,
    dept            TEXT NOT NULL REFERENCES departments(key),
    details         TEXT,
    requester       TEXT NOT NULL REFERENCES members(handle),
    status          TEXT NOT NULL,
    step            INTEGER NOT NULL,     -- index of the step waiting for decisions
    steps           TEXT NOT NULL,        -- JSON: the approvers of each step, fixed at request time
    content_hash    TEXT NOT NULL,
    step_started_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX approvals_by_requester ON approvals (requester, status);
CREATE INDEX approvals_by_status ON approvals (status);

CREATE TABLE approval_decisions (
    id           INTEGER PRIMARY KEY,
    approval     INTEGER NOT NULL REFERENCES approvals(id),
    step         INTEGER NOT NULL,
    approver     TEXT NOT NULL REFERENCES members(handle),  -- who counts
    by_member    TEXT NOT NULL REFERENCES members(handle),  -- who acted (a delegate, or the same)
    verdict      TEXT NOT NULL,                              -- approve | reject
    comment      TEXT,
    content_hash TEXT NOT NULL,
    at           INTEGER NOT NULL,
    -- One person counts once per step (the core also keeps them out of later steps).
    UNIQUE (approval, step, approver)
);

CREATE TABLE approval_delegations (
    from_member TEXT PRIMARY KEY REFERENCES members(handle),
    to_member   TEXT NOT NULL REFERENCES members(handle),
    until       TEXT NOT NULL                                 -- last day, YYYY-MM-DD, inclusive
);
