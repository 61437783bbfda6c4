-- Issue #15: messages written in a ticket's thread become its comments
-- (`[discord] read_threads`): the thread a message is in is looked up by its location.
CREATE INDEX ticket_threads_by_location ON ticket_threads (location);
