-- Where each object's card was posted (a platform's own reference, e.g. "channel/message"),
-- so that a change made anywhere can refresh it.
CREATE TABLE card_messages (
    object   TEXT COLLATE "C" NOT NULL,
    location TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (object, location)
);
