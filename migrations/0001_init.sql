-- opsdesk schema, part 1: organisation, tickets, audit trail, scheduled jobs.
-- Instants are INTEGER seconds since the Unix epoch, UTC. Booleans are INTEGER 0/1.
-- Kept to SQL that PostgreSQL also reads (save AUTOINCREMENT-free INTEGER PRIMARY KEY ids).

CREATE TABLE departments (
    key         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    channel     TEXT NOT NULL,
    locale      TEXT,
    timezone    TEXT NOT NULL,
    hours       TEXT NOT NULL,            -- "mon-fri 09:00-17:00"
    holidays    TEXT NOT NULL,            -- JSON array of "YYYY-MM-DD"
    next_ticket INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE members (
    handle      TEXT PRIMARY KEY,
    name        TEXT,
    role        TEXT NOT NULL,
    dept        TEXT REFERENCES departments(key),
    timezone    TEXT NOT NULL,
    locale      TEXT,
    discord_id  TEXT UNIQUE
);

CREATE TABLE tickets (
    id                TEXT PRIMARY KEY,   -- "IT-42"
    dept              TEXT NOT NULL REFERENCES departments(key),
    number            INTEGER NOT NULL,
    title             TEXT NOT NULL,
    details           TEXT,
    priority          TEXT NOT NULL,
    status            TEXT NOT NULL,
    requester         TEXT NOT NULL REFERENCES members(handle),
    assignee          TEXT REFERENCES members(handle),
    customer          TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    first_response_at INTEGER,
    resolved_at       INTEGER,
    paused_since      INTEGER,
    paused_secs       INTEGER NOT NULL DEFAULT 0,
    waiting_reason    TEXT,
    resolution        TEXT,
    UNIQUE (dept, number)
);
CREATE INDEX tickets_by_dept_status ON tickets (dept, status);
CREATE INDEX tickets_by_assignee ON tickets (assignee);
CREATE INDEX tickets_by_requester ON tickets (requester);

CREATE TABLE ticket_comments (
    id        INTEGER PRIMARY KEY,
    ticket    TEXT NOT NULL REFERENCES tickets(id),
    author    TEXT NOT NULL REFERENCES members(handle),
    body      TEXT NOT NULL,
    internal  INTEGER NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX ticket_comments_by_ticket ON ticket_comments (ticket, id);

-- Append-only; each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_events (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    object    TEXT NOT NULL,
    action    TEXT NOT NULL,
    before    TEXT NOT NULL,               -- JSON object of changed fields
    after     TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_events_by_object ON audit_events (object, seq);

-- Durable scheduled work. `key` makes scheduling idempotent; `done_at` marks a job run, in
-- the same transaction as its effects.
CREATE TABLE jobs (
    id       INTEGER PRIMARY KEY,
    key      TEXT NOT NULL UNIQUE,
    kind     TEXT NOT NULL,
    subject  TEXT NOT NULL,
    due_at   INTEGER NOT NULL,
    payload  TEXT NOT NULL,
    done_at  INTEGER
);
CREATE INDEX jobs_pending_by_due ON jobs (done_at, due_at);
CREATE INDEX jobs_by_subject ON jobs (subject);
