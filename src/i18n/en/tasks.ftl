## /task, reminders and repeats

task-status-open = open
task-status-done = done
task-status-cancelled = cancelled

field-delegator = Delegated by
field-repeats = Repeats
field-ticket = Ticket
field-note = Note

task-due-in = due { $at } (in { $left })
task-overdue-by = overdue { $late } (was due { $at })

task-assigned = { $id } assigned to @{ $handle }: { $title } — { $due }.
task-assigned-repeating = { $assigned } Repeats: { $every }.
task-assigned-notice = @{ $by } gave you { $id }: { $title } — { $due }.
task-done = { $id } is done.
task-done-notice = @{ $handle } finished { $id }: { $title }
task-done-notice-note = { $done } — “{ $note }”
task-next = Next in the series: { $id } · { $title } — { $due }.
task-next-notice = Next in the series: { $id } · { $title } — { $due }.
task-reassigned = { $id } is now @{ $handle }'s.
task-reassigned-away = { $id } ({ $title }) was given to @{ $handle }; you no longer need to do it.
task-redated = { $id } is now { $due }.
task-redated-notice = @{ $by } moved { $id } ({ $title }): { $due }.
task-cancelled = { $id } is cancelled.
task-cancelled-series = { $id } and its repeats are cancelled.
task-cancelled-notice = @{ $by } cancelled { $id }: { $title }

task-reminder = ⏰ Reminder: { $id } · { $title } — { $due }.
task-due-now = ⏰ { $id } is due now: { $title }.
task-due-passed = ⏰ { $id } is { $due }: { $title }.
task-overdue-delegator = ⚠ { $id } is overdue: @{ $handle } has not marked “{ $title }” done.
task-overdue-reminder = ⚠ { $id } is { $due }: { $title }. Mark it with `/task done id:{ $id }` when finished.
task-notice-line = { $id } · { $title } — { $due }

task-list-header = { $count ->
    [one] One task:
   *[other] { $count } tasks:
}
task-list-empty = No open tasks here.
task-list-header-partial = { $total } tasks match; the first { $shown }, soonest due first:
task-list-more = { $rest ->
    [one] One more is not shown.
   *[other] { $rest } more are not shown.
} Narrow the list with view:overdue or user:, e.g. `/task list view:overdue`.

error-task-id-invalid = `{ $id }` is not a task id: task ids look like T-17.
error-unknown-task = There is no task { $id }. `/task list` shows yours.
error-task-closed = { $id } is { $status }; it cannot change any more.
error-task-same-assignee = { $id } is already @{ $handle }'s.
error-task-view-invalid = `{ $value }` is not a list: use mine, delegated or overdue.
needed-agent-for-self = agents, managers and directors (to give themselves a task)
needed-task-delegator = a manager of { $dept } or a director
needed-task-delegator-no-dept = a director (@{ $handle } is in no department, so no manager can give them tasks)
needed-task-assignee = @{ $handle }, who the task is assigned to,
needed-task-owner = @{ $handle }, who delegated it,
needed-task-party = its delegator, its assignee, the managers of { $dept }, directors and admins
needed-task-lister = @{ $handle }, their manager, directors and admins
task-due-outside-hours = Note: { $at } is { $why ->
    [holiday] a public holiday
    [day-off] a day off
   *[night] outside working hours
} for @{ $handle }. The due time stays as you set it; its reminders come during their working hours.
