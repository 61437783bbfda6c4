## /ticket, SLA clocks and notices

priority-low = low
priority-normal = normal
priority-high = high
priority-urgent = urgent

status-open = open
status-in_progress = in progress
status-waiting = waiting
status-resolved = resolved
status-closed = closed

transition-claim = claim
transition-wait = put on hold
transition-resume = resume
transition-resolve = resolve
transition-reopen = reopen
transition-close = close
transition-allowed-open = an open ticket can be claimed or resolved
transition-allowed-in_progress = a ticket in progress can wait, be resolved, or be claimed by someone else
transition-allowed-waiting = a waiting ticket can be resumed or resolved
transition-allowed-resolved = a resolved ticket can be reopened or closed
transition-allowed-closed = a closed ticket cannot change any more
error-transition = Cannot { $verb } { $id }: it is { $status }, and { $allowed }.

error-ticket-id-invalid = `{ $id }` is not a ticket id: ticket ids look like IT-42.
error-unknown-ticket = There is no ticket { $id }. `/ticket list` shows the tickets you can see.
error-priority-invalid = `{ $value }` is not a priority: use low, normal, high or urgent.
error-status-invalid = `{ $value }` is not a status: use open, in_progress, waiting, resolved or closed.
error-ticket-already-yours = { $id } is already yours.
error-ticket-already-assigned = { $id } is already assigned to @{ $handle }.
error-ticket-same-priority = { $id } already has priority { $priority }.
error-ticket-inactive = { $id } is { $status }; reopen it first.
error-ticket-closed = { $id } is closed; open a new ticket instead.
error-assignee-not-staff = @{ $handle } cannot own this ticket: only agents and managers of { $dept } can.

sla-first-response = First response
sla-resolution = Resolution
sla-due = due { $at } (in { $left })
sla-breached = breached — was due { $at } ({ $late } ago)
sla-paused = paused while the ticket waits or is resolved
sla-met = met { $at }
sla-met-late = met late, { $at }

ticket-opened = Opened { $id } · { $title } · priority { $priority }. First response { $due }.
ticket-new-notice = New ticket from @{ $requester }:
ticket-claimed = You now own { $id }; it is in progress.
ticket-claimed-notice = @{ $agent } is working on { $id }: { $title }
ticket-assigned = { $id } is now assigned to @{ $handle }.
ticket-assigned-notice = @{ $by } assigned { $id } [{ $priority }] to you: { $title }
ticket-commented = Comment added to { $id }.
ticket-commented-internal = Internal note added to { $id } (not shown to the requester).
ticket-comment-notice = @{ $author } commented on { $id }: { $text }
ticket-waiting = { $id } is waiting; its SLA clocks are paused.
ticket-waiting-notice = { $id } is waiting: { $reason }
ticket-resumed = { $id } is in progress again. Resolution { $due }.
ticket-resolved = { $id } is resolved.
ticket-resolved-notice = { $id } was resolved: { $resolution } — if it is not fixed, `/ticket reopen id:{ $id }`.
ticket-reopened = { $id } is open again.
ticket-reopened-notice = @{ $by } reopened { $id }: { $title }
ticket-closed = { $id } is closed.
ticket-details-more = … The rest of the details: `/ticket show { $id }`.
ticket-thread-lost = 🧵 This ticket's thread is gone: its updates are posted in this channel.
ticket-priority-changed = { $id } now has priority { $priority }. Resolution { $due }.
ticket-priority-notice = @{ $by } changed the priority of { $id } to { $priority }.

# One line in the ticket's thread per change of status, owner or priority.
ticket-line-claimed = @{ $by } claimed { $id }: it is in progress.
ticket-line-waiting = @{ $by } put { $id } on hold: { $reason }
ticket-line-resumed = { $id } is in progress again (@{ $by }).
ticket-line-resolved = @{ $by } resolved { $id }: { $resolution }
ticket-line-reopened = @{ $by } reopened { $id }.
ticket-line-closed = @{ $by } closed { $id }.
ticket-line-assigned = @{ $by } assigned { $id } to @{ $handle }.
ticket-line-taken-over = @{ $by } took over { $id }.
ticket-line-priority = @{ $by } changed the priority of { $id } to { $priority }.

ticket-comments-header = { $count ->
    [one] One comment:
   *[other] { $count } comments:
}
ticket-comment-line = @{ $author }, { $at }: { $text }
ticket-comment-line-internal = [internal] @{ $author }, { $at }: { $text }

ticket-list-header = { $count ->
    [one] One ticket:
   *[other] { $count } tickets:
}
ticket-list-empty = No tickets match.
ticket-list-header-partial = { $total } tickets match; the first { $shown }, most urgent first:
ticket-list-more = { $rest ->
    [one] One more is not shown.
   *[other] { $rest } more are not shown.
} Narrow the list with dept:, status:, assignee: or mine:true, e.g. `/ticket list dept:it status:waiting`.
ticket-list-breached = SLA breached

sla-warning-notice = ⚠ { $id }: { $clock } due { $at } (in { $left }) · { $owner } · { $title }
sla-breach-notice = ⛔ SLA breached on { $id }: { $clock } was due { $at } · { $owner } · { $title }
sla-warning-line = { $id } · { $clock } due { $at } (in { $left }) · { $owner } · { $title }
sla-breach-line = { $id } · { $clock } was due { $at } · { $owner } · { $title }
sla-unassigned = unassigned

## Buttons on ticket cards

action-claim = Claim
action-resolve = Resolve
action-resolve-input = What was done?
error-stale-button = This button no longer works (it may be from an older version). Use the command instead, e.g. `/ticket show`.
