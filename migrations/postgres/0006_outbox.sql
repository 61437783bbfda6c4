-- The outbox: every message a command or job sends, written in the same transaction as the
-- change it reports, and delivered from here (at least once; Discord's nonce makes a re-send
-- of a post show once). `lane` orders delivery: messages of one lane (a channel, a person,
-- a card) go out in `id` order, and a message that waits for a retry holds back its lane only.
CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key             TEXT COLLATE "C" NOT NULL UNIQUE,     -- "<origin>#<n>": the command's event or job key
    lane            TEXT COLLATE "C" NOT NULL,
    message         TEXT COLLATE "C" NOT NULL,            -- JSON of the core's Outbound
    created_at      BIGINT NOT NULL,
    status          TEXT COLLATE "C" NOT NULL,            -- pending | sent | failed
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,         -- also the end of a sender's lease
    last_error      TEXT COLLATE "C",
    done_at         BIGINT
);
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
CREATE INDEX outbox_failed ON outbox (id) WHERE status = 'failed';

-- Jobs that fail are tried again later, each with its own backoff, and given up after a few
-- attempts; a given-up job has `done_at` set and `gave_up` = 1.
ALTER TABLE jobs ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN last_error TEXT COLLATE "C";
ALTER TABLE jobs ADD COLUMN gave_up BOOLEAN NOT NULL DEFAULT FALSE;
