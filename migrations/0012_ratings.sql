-- Issue #15, part 3: the requester's rating of a ticket's resolution. One row per
-- resolution (named by the instant it was resolved); a reopened-then-resolved ticket gets a
-- new row. `dept` is kept beside the ticket so digests average a department's ratings
-- through an index.

CREATE TABLE ticket_ratings (
    ticket      TEXT NOT NULL REFERENCES tickets(id),
    resolved_at INTEGER NOT NULL,
    dept        TEXT NOT NULL REFERENCES departments(key),
    requester   TEXT NOT NULL REFERENCES members(handle),
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     TEXT,
    rated_at    INTEGER NOT NULL,
    changed_at  INTEGER,
    PRIMARY KEY (ticket, resolved_at)
);
CREATE INDEX ticket_ratings_by_dept ON ticket_ratings (dept, rated_at);
