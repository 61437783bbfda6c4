## Termene (`due:`) și reguli de repetare (`every:`): src/core/time/due/ și recurrence/.

due-examples = `mâine la 17:00`, `vineri 15:00`, `peste 2 zile lucrătoare`
due-empty = Scrie un termen, de exemplu { due-examples }.
due-unreadable = Nu înțeleg termenul „{ $text }”. Încearcă, de exemplu, { due-examples }.
due-slash-date = „{ $text }” e ambiguu: cu bară oblică, ziua și luna se inversează între engleză și română. Scrie 2026-12-01 sau 01.12.2026 ori încearcă { due-examples }.
due-bad-date = { $text } nu este o dată din calendar.
due-bad-time = { $time } nu este o oră validă: folosește 00:00–23:59, de exemplu 17:30 sau 5pm.
due-in-past = „{ $text }” înseamnă { $at_local }, care a trecut deja. Alege un moment din viitor, de exemplu { due-examples }.
due-no-such-local-time = Ora { $time } nu există pe { $date } în { $tz }: ceasul sare de la { $gap_from } la { $gap_to }. Alege altă oră.
due-too-far = „{ $text }” e la mai mult de cinci ani distanță. Alege un termen mai apropiat.

every-examples = `în fiecare luni la 9`, `în fiecare zi lucrătoare`, `lunar pe 15 la 10`
every-empty = Spune cât de des, de exemplu { every-examples }.
every-unreadable = Nu înțeleg regula de repetare „{ $text }”. Încearcă, de exemplu, { every-examples }.
every-missing-time = „{ $text }” are nevoie de o oră, de exemplu `în fiecare luni la 9`.
every-bad-day = O lună nu are ziua { $day }: alege o zi între 1 și 31 (29–31 trec pe ultima zi a lunilor mai scurte).
every-bad-time = { $time } nu este o oră validă: folosește 00:00–23:59, de exemplu 09:30.

every-describe-weekly = în fiecare { $days } la { $at }
every-describe-daily = zilnic la { $at }
every-describe-weekdays = în fiecare zi lucrătoare
every-describe-weekdays-at = în fiecare zi lucrătoare la { $at }
every-describe-monthly = lunar, pe { $day }
every-describe-monthly-at = lunar, pe { $day }, la { $at }
every-describe-last = în ultima zi lucrătoare a lunii
every-describe-last-at = în ultima zi lucrătoare a lunii, la { $at }
every-day-mon = luni
every-day-tue = marți
every-day-wed = miercuri
every-day-thu = joi
every-day-fri = vineri
every-day-sat = sâmbătă
every-day-sun = duminică
