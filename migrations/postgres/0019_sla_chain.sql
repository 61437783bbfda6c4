-- Issue #14: one SLA job per ticket (key `sla:{ticket}`, see `core::jobs::SlaChain`) instead
-- of one per clock and stage (`sla:{ticket}:{clock}:{stage}`). A ticket's old jobs become
-- one: due at its earliest pending event with the other pending ones planned after it, and
-- remembering the events that ran (or were given up), which never run again; run already
-- when none is pending. The old rows go: the new one says all they did. New rows are added
-- in the order of their events' old rows, which orders jobs due at one instant.
INSERT INTO jobs (key, kind, subject, due_at, payload, done_at, attempts)
WITH old AS (
    SELECT id, subject, kind, due_at, done_at, attempts,
           payload::json ->> 'ticket' AS ticket,
           payload::json ->> 'clock' AS clock,
           CASE kind WHEN 'sla_warning' THEN 'warning' ELSE 'breach' END AS stage,
           ROW_NUMBER() OVER (
               PARTITION BY subject
               ORDER BY done_at IS NOT NULL, CASE WHEN done_at IS NULL THEN due_at END,
                        done_at DESC, id
           ) AS rank
    FROM jobs
    WHERE kind IN ('sla_warning', 'sla_breach') AND key LIKE 'sla:%:%:%'
)
SELECT 'sla:' || head.ticket, head.kind, head.subject, head.due_at,
       json_build_object(
           'kind', head.kind, 'ticket', head.ticket, 'clock', head.clock,
           'fired', COALESCE((SELECT json_agg(json_build_object('clock', o.clock, 'stage', o.stage)
                                              ORDER BY o.id)
                              FROM old o
                              WHERE o.subject = head.subject AND o.done_at IS NOT NULL),
                             '[]'::json),
           'later', COALESCE((SELECT json_agg(json_build_object('clock', o.clock,
                                                                'stage', o.stage,
                                                                'at', o.due_at)
                                              ORDER BY o.due_at, o.id)
                              FROM old o
                              WHERE o.subject = head.subject AND o.done_at IS NULL
                                AND o.id <> head.id),
                             '[]'::json))::text,
       head.done_at, head.attempts
FROM old head
WHERE head.rank = 1
ORDER BY head.id;

DELETE FROM jobs WHERE kind IN ('sla_warning', 'sla_breach') AND key LIKE 'sla:%:%:%';
