## /digest: subscriptions, schedules, the digest itself and its chart.

schedule-examples = `weekdays 08:30`, `every friday 16:00`, `mon,wed,fri 8:00`
schedule-empty = Say when the digest should come, for example { schedule-examples }.
schedule-unreadable = I can't read "{ $text }" as a schedule. Try, for example, { schedule-examples }.
schedule-missing-time = "{ $text }" needs a time of day, for example { schedule-examples }.
schedule-bad-time = { $time } is not a time of day: use 00:00–23:59, for example { schedule-examples }.
schedule-describe-weekdays = Monday to Friday at { $at }
schedule-describe-daily = every day at { $at }
schedule-describe-days = every { $days } at { $at }
