## /digest (rezumat): abonamente, programări, rezumatul însuși și graficul lui.

schedule-examples = `luni-vineri 8:30`, `zilnic la 9`, `în fiecare vineri la 16`
schedule-empty = Spune când să vină rezumatul, de exemplu { schedule-examples }.
schedule-unreadable = Nu înțeleg programarea „{ $text }”. Încearcă, de exemplu, { schedule-examples }.
schedule-missing-time = „{ $text }” are nevoie de o oră, de exemplu { schedule-examples }.
schedule-bad-time = { $time } nu este o oră validă: folosește 00:00–23:59, de exemplu { schedule-examples }.
schedule-describe-weekdays = luni–vineri la { $at }
schedule-describe-daily = zilnic la { $at }
schedule-describe-days = în fiecare { $days } la { $at }
