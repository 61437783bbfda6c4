# Records: CSV exports.
export-kind = { $kind ->
    [tickets] tickets
    [tasks] tasks
    [approvals] requests
    [escalations] escalations
    [audit] audit trail
   *[budgets] budgets
}
export-title = Export: { $what }, { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}
export-field-depts = Departments
export-dept-one = { $dept }
export-dept-all = all
export-field-from = From
export-field-to = To
export-day = { $day }
export-from-start = the beginning
export-to-now = now
export-field-times = Times
export-times = UTC and { $tz }
error-export-what = `{ $value }` is not something opsdesk exports: use tickets, tasks, approvals, escalations, audit or budgets.
error-export-day = `{ $value }` is not a day: write it as 2026-12-01 (or 1.12.2026).
error-export-range = The range starts on { $from }, after its last day { $to }: give `from` a day on or before `to`, e.g. from:2026-12-01 to:2026-12-31.
error-export-audit-dept = The audit trail is exported whole, so that its chain can be checked: leave `dept` out.
needed-exporter = the manager of { $dept }, directors and admins

# A file too large for an answer on Discord.
file-sent-by-dm = { $name } is too large to attach to this answer: it was sent to you by direct message.
file-too-large = { $name } is too large to attach to this answer, and a direct message with it could not be sent: export less, with `from`, `to` or `dept`.

# Records: transcripts (`/ticket transcript`, and on close).
transcript-title = Transcript of { $id } · { $title }
transcript-made = Written { $at }.
transcript-copy-staff = The staff copy: internal notes, SLA warnings, escalations and linked tasks included.
transcript-copy-requester = The requester's copy: what only staff see is left out.
transcript-section-details = Details
transcript-section-history = History
transcript-section-sla = SLA
transcript-section-escalations = Escalations
transcript-section-tasks = Linked tasks
transcript-section-rating = Rating
transcript-by-member = @{ $handle }
transcript-by-system = opsdesk
transcript-opened = { $by } opened the ticket
transcript-claimed = { $by } took the ticket
transcript-comment = { $by } commented:
transcript-comment-internal = [internal] { $by } wrote a note for staff:
transcript-status = { $by } changed the status: { $from } → { $to }
transcript-assigned = { $by } gave it to @{ $to }
transcript-priority = { $by } changed the priority: { $from } → { $to }
transcript-sla-warning = { $clock }: SLA warning
transcript-sla-breach = { $clock }: SLA breached
transcript-escalation = { $id } · raised by { $by }, { $at } · level { $level } · { $status } · { $reason }
transcript-task = { $id } · { $title } · @{ $assignee } · { $status } · due { $due }
transcript-files = { $entries ->
    [one] 1 entry, as a Markdown file and an HTML page.
   *[other] { $entries } entries, as a Markdown file and an HTML page.
}
transcript-reply = The transcript of { $id }:
transcript-closed = { $id } is closed. Its transcript, for your records:
