## Delivery: notices merged when many wait for one reader, jobs given up, undeliverable messages.

batch-sla-warning = ⚠ { $count } SLA deadlines are close — most urgent first:
batch-sla-breach = ⛔ { $count } SLA breaches — most urgent first:
batch-task-reminder = ⏰ { $count } tasks are due soon — soonest first:
batch-task-due = ⏰ { $count } tasks are due now — earliest first:
batch-task-overdue = ⏰ { $count } tasks are overdue — oldest first:
batch-approval-reminder = { $count } requests still wait for your decision — oldest first:
batch-page = ({ $page }/{ $pages })
batch-more = … and { $count } more.

job-gave-up-notice = ⚠ Scheduled work could not run after { $attempts } attempts and was given up: { $job } for { $subject }. The log has the details under reference { $reference }.
field-undelivered = Undelivered
undelivered-count = { $count ->
    [one] one message the chat platform refused (the log names it)
   *[other] { $count } messages the chat platform refused (the log names them)
}
