-- Issue #15, part 1: a thread per ticket. The ticket's card in its department's channel
-- starts a thread, where the notices about that ticket go; the channel keeps the card.
-- `location` is the platform's own reference of the thread (a Discord channel id), `lost_at`
-- when it was found deleted or closed to the bot: its notices then go to the channel.
CREATE TABLE ticket_threads (
    ticket   TEXT PRIMARY KEY REFERENCES tickets(id),
    location TEXT NOT NULL,
    lost_at  INTEGER
);

-- A private department's threads are private: only those added to one see it (e.g. HR).
ALTER TABLE departments ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
