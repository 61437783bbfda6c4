-- Issue #15: the PostgreSQL twin of ../0017_thread_locations.sql: a message written in a
-- ticket's thread finds its ticket by the thread's location.
CREATE INDEX ticket_threads_by_location ON ticket_threads (location);
