-- Approval requests, their decisions, and out-of-office delegations.

INSERT INTO counters (name, next) VALUES ('approval', 1);

ALTER TABLE departments ADD COLUMN approvals_channel TEXT COLLATE "C";

CREATE TABLE approvals (
    id              BIGINT PRIMARY KEY,
    kind            TEXT COLLATE "C" NOT NULL,
    title           TEXT COLLATE "C" NOT NULL,
    amount_minor    BIGINT,              -- cents; NULL when the kind has no amount
    currency        TEXT COLLATE "C",
    dept            TEXT COLLATE "C" NOT NULL REFERENCES departments(key),
    details         TEXT COLLATE "C",
    requester       TEXT COLLATE "C" NOT NULL REFERENCES members(handle),
    status          TEXT COLLATE "C" NOT NULL,
    step            BIGINT NOT NULL,     -- index of the step waiting for decisions
    steps           TEXT COLLATE "C" NOT NULL,        -- JSON: the approvers of each step, fixed at request time
    content_hash    TEXT COLLATE "C" NOT NULL,
    step_started_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX approvals_by_requester ON approvals (requester, status);
CREATE INDEX approvals_by_status ON approvals (status);

CREATE TABLE approval_decisions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    approval     BIGINT NOT NULL REFERENCES approvals(id),
    step         BIGINT NOT NULL,
    approver     TEXT COLLATE "C" NOT NULL REFERENCES members(handle),  -- who counts
    by_member    TEXT COLLATE "C" NOT NULL REFERENCES members(handle),  -- who acted (a delegate, or the same)
    verdict      TEXT COLLATE "C" NOT NULL,                              -- approve | reject
    comment      TEXT COLLATE "C",
    content_hash TEXT COLLATE "C" NOT NULL,
    at           BIGINT NOT NULL,
    -- One person counts once per step (the core also keeps them out of later steps).
    UNIQUE (approval, step, approver)
);

CREATE TABLE approval_delegations (
    from_member TEXT COLLATE "C" PRIMARY KEY REFERENCES members(handle),
    to_member   TEXT COLLATE "C" NOT NULL REFERENCES members(handle),
    until       TEXT COLLATE "C" NOT NULL                                 -- last day, YYYY-MM-DD, inclusive
);
