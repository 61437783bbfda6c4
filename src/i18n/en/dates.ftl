## Due dates (`due:`) and repeat rules (`every:`): src/core/time/due/ and recurrence/.

due-examples = `tomorrow 17:00`, `fri 3pm`, `in 2 working days`
due-empty = Give a due date, for example { due-examples }.
due-unreadable = I can't read "{ $text }" as a due date. Try, for example, { due-examples }.
due-slash-date = "{ $text }" is ambiguous: with slashes, day and month swap between English and Romanian. Write 2026-12-01 or 01.12.2026, or try { due-examples }.
due-bad-date = { $text } is not a date on the calendar.
due-bad-time = { $time } is not a time of day: use 00:00–23:59, for example 17:30 or 5pm.
due-in-past = "{ $text }" means { $at_local }, which has already passed. Pick a time in the future, for example { due-examples }.
due-no-such-local-time = { $date } { $time } does not exist in { $tz }: the clocks jump from { $gap_from } to { $gap_to }. Pick another time.
due-too-far = "{ $text }" is more than five years away. Pick a closer due date.

every-examples = `every mon 09:00`, `every weekday`, `every month on 1 at 10:00`
every-empty = Say how often, for example { every-examples }.
every-unreadable = I can't read "{ $text }" as a repeat rule. Try, for example, { every-examples }.
every-missing-time = "{ $text }" needs a time of day, for example `every mon 09:00`.
every-bad-day = A month has no day { $day }: use 1 to 31 (29–31 move to the last day of shorter months).
every-bad-time = { $time } is not a time of day: use 00:00–23:59, for example 09:30.

every-describe-weekly = every { $days } at { $at }
every-describe-daily = every day at { $at }
every-describe-weekdays = every working day
every-describe-weekdays-at = every working day at { $at }
every-describe-monthly = every month on the { $day }
every-describe-monthly-at = every month on the { $day } at { $at }
every-describe-last = every last working day of the month
every-describe-last-at = every last working day of the month at { $at }
every-day-mon = Monday
every-day-tue = Tuesday
every-day-wed = Wednesday
every-day-thu = Thursday
every-day-fri = Friday
every-day-sat = Saturday
every-day-sun = Sunday
