-- Seals of the audit trail: the head (an event's number and hash) as published to the audit
-- channel. Rows are only ever inserted. The post is the copy that matters to an auditor;
-- this table lets `/audit verify` compare the chain with it without going to the channel.
CREATE TABLE audit_seals (
    number  BIGINT PRIMARY KEY,          -- 1, 2, 3…
    seq     BIGINT NOT NULL,             -- the sealed event
    hash    TEXT COLLATE "C" NOT NULL,                -- its hash
    at      BIGINT NOT NULL
);
