## Shared words, roles, errors of any command, the console.

none = none

role-requester = requester
role-agent = agent
role-manager = manager
role-director = director
role-admin = admin

field-role = Role
field-department = Department
field-timezone = Time zone
field-language = Language
field-status = Status
field-priority = Priority
field-requester = Requester
field-assignee = Assignee
field-customer = Customer
field-opened = Opened
field-waiting-for = Waiting for
field-resolution = Solution

error-internal = Something went wrong on our side; nothing was changed. If it happens again, quote reference { $reference }.
error-unknown-actor = You are not a member of this organisation yet (@{ $handle }). Ask an admin to add you with `/member set user:@{ $handle }`.
error-unknown-member = There is no member @{ $handle }. `/member list` shows who is here.
error-unknown-dept = There is no department `{ $key }`. Departments: { $known }.
error-handle-invalid = `{ $handle }` is not a member handle: use lowercase letters, digits, `.`, `_` or `-`, e.g. @alice.
error-handle-reserved = `@{ $handle }` is a name opsdesk keeps for itself (system, scheduler, config, discord, opsdesk); choose another handle, e.g. @{ $handle }1.
error-dept-key-invalid = `{ $key }` is not a department key: use 2–10 lowercase letters or digits, starting with a letter, e.g. `it`.
error-text-empty = Option `{ $field }` must not be empty.
error-text-invisible = Option `{ $field }` has no visible character: zero-width spaces, direction marks and other invisible characters do not count. Write some letters, digits or symbols.
error-text-too-long = Option `{ $field }` is { $actual } characters long; the limit is { $max }.
error-option-missing = The option `{ $name }` is required.
error-command-unmapped = The command /{ $command } is not available in this version. `/help` lists what is.
error-denied = Only { $needed } can do that; you are { $role }.
needed-admin = an admin
needed-dept-staff = agents and managers of { $dept }
needed-requester-or-staff = the requester or the agents and managers of { $dept }
needed-staff-or-director = agents and managers of { $dept }, directors and admins
needed-director-or-admin = directors and admins
error-tz-invalid = `{ $value }` is not a time zone. Use an IANA name such as Europe/Bucharest or Europe/London.
error-locale-invalid = `{ $value }` is not a language opsdesk speaks: use en or ro.
error-role-invalid = `{ $value }` is not a role: use requester, agent, manager, director or admin.

help-intro = Commands (type `/help ticket` for the details of one):
help-more = Options are written name:value; quote values with spaces: title:"Printer down".
help-example = e.g. { $example }
error-help-unknown = There is no command `{ $command }`. Commands: { $known }.

console-welcome = opsdesk console — type /help for commands, :help for console lines, Ctrl-D to quit.
console-help =
    Console lines:
      /command …            run as the current member
      @handle /command …    run as that member
      :as HANDLE            act as another member from now on
      :now                  show the clock
      :advance 90m          move the clock (s, m, h, d) and run what falls due
      :offline 2d           opsdesk is down that long: the clock moves, nothing runs until it is back
      # text                a comment
console-reaction-ignored = That reaction means nothing on this card; nothing happened.
console-bad-reaction = Cannot read `{ $line }`: write `@handle react ID EMOJI`, e.g. `@victor react A-5 ✅` or `@victor react A-5 ❌ reason:"Over budget"`.
console-acting-as = Now acting as @{ $handle }.
console-unknown-line = Cannot read `{ $line }`: start a line with /command, @handle /command, :as, :now, :advance, :offline, :help or #.
console-bad-duration = `{ $value }` is not a duration: try 90m, 2h, 3d or 1h30m.
console-not-utf8 = Line { $line } is not UTF-8 text (an invalid byte at position { $column }), so it was skipped; the lines after it still run. Save the file as UTF-8.
console-duration-too-long = `{ $value }` is too far: the clock moves at most { $days } days (a year) at a time, e.g. :advance 3d or :advance 30d.
console-job-failed = A scheduled job failed and will be tried again; see the log.

duration-m = { $m }m
duration-h = { $h }h
duration-hm = { $h }h { $m }m
duration-d = { $d }d
duration-dh = { $d }d { $h }h
