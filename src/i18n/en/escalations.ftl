## /escalate and /escalation: the ladder, its cards and notices.

escalation-status-open = open
escalation-status-acknowledged = acknowledged
escalation-status-resolved = resolved
escalation-status-cancelled = cancelled

field-level = Level
field-held-by = Held by
field-owner = Owner
field-raised-by = Raised by
field-since = Since
field-reason = Reason
field-contact = Contact

escalation-level-of = { $level } of { $levels }
escalation-by-member = @{ $handle }
escalation-by-system = opsdesk (nobody acted in time)
escalation-note-said = “{ $text }”
escalation-note-sla = the { $clock } SLA was breached
escalation-note-task-overdue = { $subject } is overdue
escalation-note-approval-stalled = { $subject } waited too long at step { $step }
escalation-note-finished = { $subject } was dealt with
escalation-note-withdrawn = { $subject } was withdrawn or cancelled
escalation-customer = { " " }Customer: { $customer }.
escalation-customer-contact = { " " }Customer: { $customer } ({ $contact }).

escalation-raised = { $id } raised about { $subject }: { $holders } will be asked to take it.
escalation-raised-again = { $subject } was already escalated: { $id } moved up to level { $level }, held by { $holders }.
escalation-already-top = { $subject } is already escalated as high as it goes ({ $id }, level { $level }, with { $holders }); they were told again.
escalation-raised-again-notice = 🔺 { $by } raised { $id } about { $subject } again: { $reason }. It is as high as it goes — please act on it.
escalation-complaint-opened = Opened { $ticket } for the complaint and escalated it as { $id }: { $holders } will be asked to take it.
escalation-acked = You took { $id } ({ $subject }); it no longer climbs. Close it with `/escalation resolve id:{ $id } note:…` when it is settled.
escalation-acked-notice = @{ $owner } took { $id } about { $subject }.
escalation-resolved = { $id } is resolved; whoever raised it has been told.
escalation-card-intro = 🔺 Escalation by { $by } about { $subject }: { $title }
escalation-holder-notice = 🔺 { $id } needs you (level { $level }): { $subject } — { $reason }. Raised by { $by } on { $since }.{ $customer } Take it with 👀 on the card, or `/escalation ack id:{ $id }`.
escalation-reminder-notice = 🔺 Reminder { $reminder }: { $id } about { $subject } has waited since { $since } and nobody has taken it. `/escalation ack id:{ $id }`
escalation-director-notice = { $id } about { $subject } is now with a director: { $holders }.
escalation-ended-notice = { $id } about { $subject } is { $status }: { $note }.{ $customer }
escalation-history-header = Steps ({ $count }):
escalation-list-header = { $count ->
    [one] One escalation:
   *[other] { $count } escalations:
}
escalation-list-empty = No escalations to show.

action-ack = Acknowledge
action-resolve-escalation-input = What was done?

needed-escalation-raiser = the people involved, the agents and managers of { $dept }, directors and admins
needed-escalation-party = whoever raised it, its holders, the agents and managers of { $dept }, directors and admins
needed-escalation-holder = the people who hold { $id } ({ $holders })

error-escalation-id-invalid = `{ $id }` is not an escalation id: write E- and its number, e.g. E-3.
error-unknown-escalation = There is no escalation { $id }. `/escalation list` shows them.
error-escalation-closed = { $id } is { $status }; it can no longer change.
error-escalation-already-acked = { $id } is already taken by @{ $owner }; nothing changed.
error-escalation-view-invalid = `{ $value }` is not a view: use open, mine or all.
error-escalate-what = Say what to escalate: ticket:IT-4, task:T-7 or approval:A-2 with a reason, or a customer complaint: customer:"ACME SRL" dept:acc summary:"…".
error-escalate-one-subject = Escalate one thing at a time: { $option } is one too many; give one of ticket, task, approval or customer.
error-escalate-reason = Say why it needs someone higher up: reason:"…".
error-escalate-customer-dept = A customer complaint needs the department it is for: dept:acc.
error-escalate-customer-summary = A customer complaint needs what went wrong: summary:"…".
error-escalate-closed = { $id } is { $status }: there is nothing left to escalate.
error-escalate-no-dept = { $id } belongs to no department (neither its assignee nor who gave it has one), so no ladder applies. Ask an admin to set their department.
