## /digest: subscriptions, schedules, the digest itself and its chart.

schedule-examples = `weekdays 08:30`, `every friday 16:00`, `mon,wed,fri 8:00`
schedule-empty = Say when the digest should come, for example { schedule-examples }.
schedule-unreadable = I can't read "{ $text }" as a schedule. Try, for example, { schedule-examples }.
schedule-missing-time = "{ $text }" needs a time of day, for example { schedule-examples }.
schedule-bad-time = { $time } is not a time of day: use 00:00–23:59, for example { schedule-examples }.
schedule-describe-weekdays = Monday to Friday at { $at }
schedule-describe-daily = every day at { $at }
schedule-describe-days = every { $days } at { $at }

action-on-object = { $action } { $id }

error-digest-id-invalid = `{ $id }` is not a digest subscription id: they look like D-2. `/digest list` shows yours.
error-unknown-digest = There is no digest subscription { $id }. `/digest list` shows yours.
error-digest-ended = { $id } has already stopped. `/digest list` shows the digests you get.
error-digest-duplicate = You already get this digest: { $id }.
error-digest-none = You have no digest subscriptions. Start one with `/digest subscribe schedule:"weekdays 08:30"`.
error-digest-channel-unknown = There is no department channel `#{ $channel }`. Channels: { $known }.
error-digest-channel-dept = #{ $channel } is the channel of `{ $own }`: a digest posted there covers `{ $own }`, not `{ $dept }`. Leave `dept:` out, or send the digest of `{ $dept }` by direct message.
error-digest-pause-past = { $date } has already begun: give a later day, for example `next monday` or `2026-12-28`, or `off` to resume.
needed-digest-poster = the managers of { $dept }, directors and admins
needed-subscription-owner = @{ $handle }, whose subscription it is, or an admin,
needed-subscription-viewer = @{ $handle }, whose subscription it is, directors and admins

digest-scope-own = what needs you, your departments
digest-scope-dept = { $dept }
digest-target-dm = by direct message
digest-target-channel = in #{ $channel }
digest-line = { $id } · { $scope } · { $schedule } ({ $tz }) · { $target }
digest-subscribed = Subscribed: { $line }. Next digest: { $next }.
digest-default-changed = Your default digest changed: { $line }. Next digest: { $next }.
digest-unsubscribed = { $id } is stopped: no more digests from it.
digest-unsubscribed-notice = @{ $by } stopped your digest { $id }.
digest-list-header = { $count ->
    [one] One digest subscription:
   *[other] { $count } digest subscriptions:
}
digest-list-empty = You get no digests. Start one with `/digest subscribe schedule:"weekdays 08:30"`.
digest-list-next = next { $at }
digest-flag-default = default
digest-flag-skip-quiet = nothing when quiet
digest-flag-paused = paused until { $until }
digest-paused = Digests paused until { $until }: { $ids }.
digest-resumed = Digests back on: { $ids }.
digest-default-notice = You now get a digest: { $line }. The first comes { $next }; change it with `/digest subscribe`, or stop it with `/digest unsubscribe id:{ $id }`.
digest-ended-notice = { $count ->
    [one] Your digest { $ids } has stopped
   *[other] Your digests { $ids } have stopped
}: your role or department no longer covers { $count ->
    [one] it
   *[other] them
}.

digest-title-own = Your digest · { $at }
digest-title-channel = Digest for #{ $channel } · { $at }
digest-quiet = ✓ { $digest }: all quiet, nothing needs attention.
digest-late = Catch-up: this digest was due { $slot }, while opsdesk was offline.
digest-next = Next digest: { $at }.
digest-more = … and { $count } more

digest-section-needs-you = ▶ What needs you
digest-escalations-held = Escalations you hold ({ $count }):
digest-escalation-line = { $id } · { $subject } — { $reason } · { $status }, level { $level } · since { $since }
digest-approvals-waiting = Approvals waiting on you ({ $count }):
digest-your-tickets = Your tickets past or near their SLA ({ $count }):
digest-your-answers = Your requests waiting for your answer ({ $count }):
digest-your-tasks = Your tasks overdue or due before the next digest ({ $count }):
digest-section-dept = ▶ { $dept }
digest-open = Open: { $count } ({ $priorities })
digest-new = New since the last digest ({ $count }):
digest-unassigned = Unassigned ({ $count }):
digest-waiting = Waiting on someone else ({ $count }):
digest-breached = SLA breached ({ $count }):
digest-breaching = SLA due before the next digest ({ $count }):
digest-section-delegated = ▶ Tasks you delegated
digest-delegated = Overdue or due before the next digest ({ $count }):
digest-section-since = ▶ Since the last digest
digest-section-budgets = ▶ Budgets running today
digest-resolved = Tickets resolved ({ $count }):
digest-decided = Approvals decided ({ $count }):
digest-done = Tasks done ({ $count }):

digest-ticket-line = { $id }{ $priority } · { $title } · { $owner }
digest-mark-urgent = { " " }[urgent]
digest-mark-high = { " " }[high]
digest-mark-none = { "" }
digest-sla-breached = SLA breached { $late } ago (due { $at })
digest-sla-due = SLA due { $at } (in { $left })
digest-sla-line = { $ticket } — { $sla }
digest-approval-line = { $id } · { $title } · from @{ $requester }, waiting { $waiting }
digest-approval-line-amount = { $id } · { $title } · { $amount } · from @{ $requester }, waiting { $waiting }
digest-task-line = { $id } · { $title } — { $due }
digest-task-line-assignee = { $id } · { $title } · @{ $assignee } — { $due }
digest-decided-line = { $id } · { $title } — { $status }
digest-done-line = { $id } · { $title } — done by @{ $assignee }

digest-chart-title = { $subject }: open tickets and SLA, last 14 days
digest-chart-title-all = All departments: open tickets and SLA, last 14 days
digest-chart-backlog = Open tickets
digest-chart-in-sla = Resolved within SLA
