-- Scheduled digests: subscriptions (D-1, D-2…), and what lets a digest read its sections
-- through indexes over the whole history of tickets, tasks and approvals.

INSERT INTO counters (name, next) VALUES ('digest', 1);

CREATE TABLE digest_subscriptions (
    id              BIGINT PRIMARY KEY,
    owner           TEXT COLLATE "C" NOT NULL REFERENCES members(handle),
    channel         TEXT COLLATE "C",                     -- NULL: a direct message to the owner
    channel_dept    TEXT COLLATE "C" REFERENCES departments(key),  -- the department whose channel it is
    dept            TEXT COLLATE "C" REFERENCES departments(key),  -- NULL: the owner's own departments
    schedule        TEXT COLLATE "C" NOT NULL,            -- "mon,tue,wed,thu,fri 08:30"
    timezone        TEXT COLLATE "C" NOT NULL,
    skip_when_quiet BOOLEAN NOT NULL,
    is_default      BOOLEAN NOT NULL,         -- the one every manager and director gets
    status          TEXT COLLATE "C" NOT NULL,            -- active | ended
    paused_until    BIGINT,
    last_run_at     BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX digest_subscriptions_by_owner ON digest_subscriptions (owner, id);

-- A ticket's SLA at a glance, written with every change of the ticket: the next due time of
-- a running clock (NULL while none runs), and whether a target was missed. Tickets opened
-- before this migration get theirs at their next change.
ALTER TABLE tickets ADD COLUMN sla_due_at BIGINT;
ALTER TABLE tickets ADD COLUMN sla_missed BOOLEAN NOT NULL DEFAULT FALSE;

-- Active tickets counted by priority, status and owner without reading a row.
CREATE INDEX tickets_open_counts ON tickets (dept, status, priority, assignee);
-- How many are unassigned or waiting, and the tickets active at an instant (chart).
CREATE INDEX tickets_queue ON tickets (dept, status, assignee, created_at);
-- The oldest unassigned, and the oldest waiting, of a department: small partial indexes in
-- age order, so that "the first five" never walks the department's whole history.
CREATE INDEX tickets_unassigned ON tickets (dept, created_at)
    WHERE status IN ('open', 'in_progress', 'waiting') AND assignee IS NULL;
CREATE INDEX tickets_waiting ON tickets (dept, created_at) WHERE status = 'waiting';
-- New since the last digest.
CREATE INDEX tickets_by_dept_created ON tickets (dept, created_at);
-- Resolved since the last digest, and resolutions within SLA (chart).
CREATE INDEX tickets_by_dept_resolved ON tickets (dept, resolved_at, created_at, sla_missed)
    WHERE resolved_at IS NOT NULL;
-- Breached, or about to be.
CREATE INDEX tickets_by_dept_sla ON tickets (dept, sla_due_at) WHERE sla_due_at IS NOT NULL;
CREATE INDEX tickets_by_assignee_sla ON tickets (assignee, sla_due_at)
    WHERE sla_due_at IS NOT NULL;
-- A requester's own tickets waiting on them, or resolved.
CREATE INDEX tickets_by_requester_status ON tickets (requester, status, created_at);
CREATE INDEX tickets_by_requester_resolved ON tickets (requester, resolved_at)
    WHERE resolved_at IS NOT NULL;

-- Who a pending request waits on now: the current step's approvers, one row each, rewritten
-- with the request. Steps are JSON on the request; this makes "waiting on me" an index read.
CREATE TABLE approval_waiting (
    approver TEXT COLLATE "C" NOT NULL REFERENCES members(handle),
    approval BIGINT NOT NULL REFERENCES approvals(id),
    PRIMARY KEY (approver, approval)
);
CREATE INDEX approval_waiting_by_approval ON approval_waiting (approval);
INSERT INTO approval_waiting (approver, approval)
    SELECT DISTINCT j.value, a.id
    FROM approvals a, jsonb_array_elements_text(a.steps::jsonb -> a.step::int -> 'approvers') j
    WHERE a.status = 'pending';

-- Requests decided since the last digest.
CREATE INDEX approvals_by_dept_updated ON approvals (dept, updated_at);
CREATE INDEX approvals_by_requester_updated ON approvals (requester, updated_at);

-- Tasks done since the last digest.
CREATE INDEX tasks_by_delegator_updated ON tasks (delegator, status, updated_at);
