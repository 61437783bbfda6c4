-- Issue #15, part 3: the requester's rating of a ticket's resolution. The PostgreSQL twin of
-- ../0012_ratings.sql: one row per resolution, named by the instant it was resolved.

CREATE TABLE ticket_ratings (
    ticket      TEXT COLLATE "C" NOT NULL REFERENCES tickets(id),
    resolved_at BIGINT NOT NULL,
    dept        TEXT COLLATE "C" NOT NULL REFERENCES departments(key),
    requester   TEXT COLLATE "C" NOT NULL REFERENCES members(handle),
    score       BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     TEXT COLLATE "C",
    rated_at    BIGINT NOT NULL,
    changed_at  BIGINT,
    PRIMARY KEY (ticket, resolved_at)
);
CREATE INDEX ticket_ratings_by_dept ON ticket_ratings (dept, rated_at);
