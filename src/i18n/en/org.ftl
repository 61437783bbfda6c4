## /whoami, /dept, /member

whoami-can-requester = You can open tickets, follow them, comment on them and reopen them when resolved.
whoami-can-agent = You work the { $dept } queue: claim, comment (also internally), wait, resolve and close its tickets; and you can open tickets anywhere.
whoami-can-manager = You run { $dept }: everything its agents do, plus assigning its tickets and changing their priority.
whoami-can-director = You can see every department's tickets and history, and verify the audit trail.
whoami-can-admin = You manage departments and members, see every ticket and history, and verify the audit trail.

dept-added = Department { $key } ({ $name }) added: channel #{ $channel }, hours { $hours }, { $tz }.
dept-list-header = { $count ->
    [one] One department:
   *[other] { $count } departments:
}
error-dept-exists = A department with the key `{ $key }` already exists. `/dept list` shows them.
error-channel-invalid = `{ $value }` is not a channel name: use letters, digits, `-` or `_`, e.g. it-support.
error-hours-invalid = `{ $value }` are not business hours. Write them like mon-fri 09:00-17:00 or mon-thu 09:00-17:00, fri 09:00-14:00.

member-added = Member @{ $handle } added as { $role }.
member-updated = Member @{ $handle } updated.
member-list-header = { $count ->
    [one] One member:
   *[other] { $count } members:
}
error-member-unchanged = Nothing to change for @{ $handle }: give at least one of role:, dept:, tz:, locale:, name:, discord: with a new value.
error-member-self-demote = You cannot take away your own admin role; ask another admin.
error-discord-id-invalid = `{ $value }` is not a Discord user id: it is a number such as 123456789012345678.
error-discord-id-taken = The Discord id { $id } already belongs to @{ $handle }.

discord-enrolled = Welcome! You were not in opsdesk yet, so you were added as @{ $handle } ({ $role }). An admin can set your department and role with `/member set user:@{ $handle } dept:… role:…`.

dept-updated = Department { $key } changed: { $changes }.
dept-change = { $field } { $from } → { $to }
dept-field-name = name
dept-field-channel = channel
dept-field-hours = hours
dept-field-holidays = holidays
dept-field-locale = language
dept-field-tz = time zone
dept-calendar-moved = The SLA clocks of { $tickets ->
    [one] one open ticket
   *[other] { $tickets } open tickets
} and the reminders of { $tasks ->
    [one] one task
   *[other] { $tasks } tasks
} now follow the new calendar.
error-dept-set-nothing = Nothing to change for { $key }: give at least one of name:, hours:, tz:, channel:, locale:, e.g. /dept set key:{ $key } hours:"mon-fri 08:00-16:00".
error-dept-unchanged = { $key } already has these values: nothing changed. `/dept list` shows each department's hours and zone.

dept-holiday-added = { $name } is closed on { $date }.
dept-holiday-removed = { $date } is no longer a holiday of { $name }.
dept-holiday-list-header = { $count ->
    [0] { $name } has no holidays in { $year }.
    [one] One holiday of { $name } in { $year }:
   *[other] { $count } holidays of { $name } in { $year }:
}
holiday-kind-public = public holiday
holiday-kind-added = added
error-holiday-date-invalid = `{ $value }` is not a date: write the day as year-month-day, e.g. 2026-12-24.
error-holiday-exists = { $date } is already a holiday of { $name }. `/dept holiday list` shows them.
error-holiday-public = { $date } is a public holiday ({ $country }) and cannot be removed; only days added with `/dept holiday add` can. `/dept holiday list key:{ $key }` shows which are which.
error-holiday-not-added = { $date } is not a holiday added to { $name }. Days added: { $added }.
