-- Issue #15, part 1: a thread per ticket. The PostgreSQL twin of ../0014_ticket_threads.sql:
-- `location` is the platform's reference of the thread, `lost_at` when it was found gone.

CREATE TABLE ticket_threads (
    ticket   TEXT COLLATE "C" PRIMARY KEY REFERENCES tickets(id),
    location TEXT COLLATE "C" NOT NULL,
    lost_at  BIGINT
);

-- A private department's threads are private: only those added to one see it (e.g. HR).
ALTER TABLE departments ADD COLUMN private BOOLEAN NOT NULL DEFAULT FALSE;
