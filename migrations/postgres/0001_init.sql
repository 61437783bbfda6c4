-- opsdesk schema, part 1: organisation, tickets, audit trail, scheduled jobs.
-- The PostgreSQL twin of ../0001_init.sql: the same tables and indexes. Instants are BIGINT
-- seconds since the Unix epoch, UTC (sqlx reads an i64 only from INT8); booleans are BOOLEAN;
-- row ids the database hands out are identity columns.

CREATE TABLE departments (
    key         TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    channel     TEXT COLLATE "C" NOT NULL,
    locale      TEXT COLLATE "C",
    timezone    TEXT COLLATE "C" NOT NULL,
    hours       TEXT COLLATE "C" NOT NULL,            -- "mon-fri 09:00-17:00"
    holidays    TEXT COLLATE "C" NOT NULL,            -- JSON array of "YYYY-MM-DD"
    next_ticket BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE members (
    handle      TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C",
    role        TEXT COLLATE "C" NOT NULL,
    dept        TEXT COLLATE "C" REFERENCES departments(key),
    timezone    TEXT COLLATE "C" NOT NULL,
    locale      TEXT COLLATE "C",
    discord_id  TEXT COLLATE "C" UNIQUE
);

CREATE TABLE tickets (
    id                TEXT COLLATE "C" PRIMARY KEY,   -- "IT-42"
    dept              TEXT COLLATE "C" NOT NULL REFERENCES departments(key),
    number            BIGINT NOT NULL,
    title             TEXT COLLATE "C" NOT NULL,
    details           TEXT COLLATE "C",
    priority          TEXT COLLATE "C" NOT NULL,
    status            TEXT COLLATE "C" NOT NULL,
    requester         TEXT COLLATE "C" NOT NULL REFERENCES members(handle),
    assignee          TEXT COLLATE "C" REFERENCES members(handle),
    customer          TEXT COLLATE "C",
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    first_response_at BIGINT,
    resolved_at       BIGINT,
    paused_since      BIGINT,
    paused_secs       BIGINT NOT NULL DEFAULT 0,
    waiting_reason    TEXT COLLATE "C",
    resolution        TEXT COLLATE "C",
    UNIQUE (dept, number)
);
CREATE INDEX tickets_by_dept_status ON tickets (dept, status);
CREATE INDEX tickets_by_assignee ON tickets (assignee);
CREATE INDEX tickets_by_requester ON tickets (requester);

CREATE TABLE ticket_comments (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket    TEXT COLLATE "C" NOT NULL REFERENCES tickets(id),
    author    TEXT COLLATE "C" NOT NULL REFERENCES members(handle),
    body      TEXT COLLATE "C" NOT NULL,
    internal  BOOLEAN NOT NULL,
    at        BIGINT NOT NULL
);
CREATE INDEX ticket_comments_by_ticket ON ticket_comments (ticket, id);

-- Append-only; each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_events (
    seq       BIGINT PRIMARY KEY,
    at        BIGINT NOT NULL,
    actor     TEXT COLLATE "C" NOT NULL,
    object    TEXT COLLATE "C" NOT NULL,
    action    TEXT COLLATE "C" NOT NULL,
    before    TEXT COLLATE "C" NOT NULL,               -- JSON object of changed fields
    after     TEXT COLLATE "C" NOT NULL,
    prev_hash TEXT COLLATE "C" NOT NULL,
    hash      TEXT COLLATE "C" NOT NULL
);
CREATE INDEX audit_events_by_object ON audit_events (object, seq);

-- Durable scheduled work. `key` makes scheduling idempotent; `done_at` marks a job run, in
-- the same transaction as its effects.
CREATE TABLE jobs (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key      TEXT COLLATE "C" NOT NULL UNIQUE,
    kind     TEXT COLLATE "C" NOT NULL,
    subject  TEXT COLLATE "C" NOT NULL,
    due_at   BIGINT NOT NULL,
    payload  TEXT COLLATE "C" NOT NULL,
    done_at  BIGINT
);
CREATE INDEX jobs_pending_by_due ON jobs (done_at, due_at);
CREATE INDEX jobs_by_subject ON jobs (subject);

-- The row every writer locks first, for its whole unit of work: writers of all processes
-- take turns, and the audit chain's head is read and extended by one of them at a time
-- (src/storage/postgres/mod.rs).
CREATE TABLE write_turn (
    id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id)
);
INSERT INTO write_turn DEFAULT VALUES;
