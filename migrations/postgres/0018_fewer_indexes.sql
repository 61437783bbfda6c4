-- Issue #14: fewer index pages written per command. Each index of a table is one more page
-- in the log for every row written, so indexes another one already serves go: (dept,
-- status) and (requester) are prefixes of others, and the active tickets' counts (by
-- priority, status and owner) and queues (unassigned, oldest first) share one index.
DROP INDEX tickets_by_dept_status;
DROP INDEX tickets_by_requester;
DROP INDEX tickets_open_counts;
DROP INDEX tickets_queue;
CREATE INDEX tickets_queue_counts ON tickets (dept, status, assignee, priority, created_at);

-- Jobs are looked up only while pending: a job that runs leaves these indexes instead of
-- moving to another place in them.
DROP INDEX jobs_pending_by_due;
DROP INDEX jobs_by_subject;
CREATE INDEX jobs_pending ON jobs (due_at, id) WHERE done_at IS NULL;
CREATE INDEX jobs_pending_by_subject ON jobs (subject) WHERE done_at IS NULL;
