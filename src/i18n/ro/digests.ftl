## /digest (rezumat): abonamente, programări, rezumatul însuși și graficul lui.

schedule-examples = `luni-vineri 8:30`, `zilnic la 9`, `în fiecare vineri la 16`
schedule-empty = Spune când să vină rezumatul, de exemplu { schedule-examples }.
schedule-unreadable = Nu înțeleg programarea „{ $text }”. Încearcă, de exemplu, { schedule-examples }.
schedule-missing-time = „{ $text }” are nevoie de o oră, de exemplu { schedule-examples }.
schedule-bad-time = { $time } nu este o oră validă: folosește 00:00–23:59, de exemplu { schedule-examples }.
schedule-describe-weekdays = luni–vineri la { $at }
schedule-describe-daily = zilnic la { $at }
schedule-describe-days = în fiecare { $days } la { $at }

action-on-object = { $action } { $id }

error-digest-id-invalid = `{ $id }` nu este un id de abonament la rezumate: arată ca D-2. `/rezumat lista` le arată pe ale tale.
error-unknown-digest = Nu există abonamentul la rezumate { $id }. `/rezumat lista` le arată pe ale tale.
error-digest-ended = { $id } este deja oprit. `/rezumat lista` arată rezumatele pe care le primești.
error-digest-duplicate = Primești deja acest rezumat: { $id }.
error-digest-none = Nu ai niciun abonament la rezumate. Pornește unul cu `/rezumat abonare program:"luni-vineri 8:30"`.
error-digest-channel-unknown = Nu există canalul de departament `#{ $channel }`. Canale: { $known }.
error-digest-channel-dept = #{ $channel } este canalul departamentului `{ $own }`: un rezumat postat acolo se referă la `{ $own }`, nu la `{ $dept }`. Lasă deoparte `dept:` sau trimite rezumatul pentru `{ $dept }` în privat.
error-digest-pause-past = Ziua { $date } a început deja: alege o zi mai târzie, de exemplu `lunea viitoare` sau `2026-12-28`, ori `off` ca să repornești rezumatele.
needed-digest-poster = managerii din { $dept }, directorii și administratorii
needed-subscription-owner = @{ $handle }, al cărui abonament este, sau un administrator
needed-subscription-viewer = @{ $handle }, al cărui abonament este, directorii și administratorii

digest-scope-own = ce te așteaptă, departamentele tale
digest-scope-dept = { $dept }
digest-target-dm = în privat
digest-target-channel = pe #{ $channel }
digest-line = { $id } · { $scope } · { $schedule } ({ $tz }) · { $target }
digest-subscribed = Abonat: { $line }. Următorul rezumat: { $next }.
digest-default-changed = Rezumatul tău implicit s-a schimbat: { $line }. Următorul rezumat: { $next }.
digest-unsubscribed = { $id } este oprit: nu mai vin rezumate de la el.
digest-unsubscribed-notice = @{ $by } a oprit rezumatul tău { $id }.
digest-list-header = { $count ->
    [one] Un abonament la rezumate:
    [few] { $count } abonamente la rezumate:
   *[other] { $count } de abonamente la rezumate:
}
digest-list-empty = Nu primești niciun rezumat. Pornește unul cu `/rezumat abonare program:"luni-vineri 8:30"`.
digest-list-next = următorul { $at }
digest-flag-default = implicit
digest-flag-skip-quiet = nimic când e liniște
digest-flag-paused = în pauză până la { $until }
digest-paused = Rezumate în pauză până la { $until }: { $ids }.
digest-resumed = Rezumatele au repornit: { $ids }.
digest-default-notice = De acum primești un rezumat: { $line }. Primul vine { $next }; îl schimbi cu `/rezumat abonare` sau îl oprești cu `/rezumat dezabonare id:{ $id }`.
digest-ended-notice = { $count ->
    [one] Rezumatul tău { $ids } s-a oprit: rolul sau departamentul tău nu îl mai acoperă.
   *[other] Rezumatele tale { $ids } s-au oprit: rolul sau departamentul tău nu le mai acoperă.
}

digest-title-own = Rezumatul tău · { $at }
digest-title-channel = Rezumat pentru #{ $channel } · { $at }
digest-quiet = ✓ { $digest }: e liniște, nimic nu cere atenție.
digest-late = Recuperare: acest rezumat era programat { $slot }, când opsdesk era oprit.
digest-next = Următorul rezumat: { $at }.
digest-more = … și încă { $count }

digest-section-needs-you = ▶ Ce te așteaptă
digest-escalations-held = Escaladări la tine ({ $count }):
digest-escalation-line = { $id } · { $subject } — { $reason } · { $status }, nivelul { $level } · din { $since }
digest-approvals-waiting = Aprobări care te așteaptă ({ $count }):
digest-your-tickets = Tichetele tale cu SLA depășit sau aproape ({ $count }):
digest-your-answers = Cererile tale care așteaptă răspunsul tău ({ $count }):
digest-your-tasks = Sarcinile tale întârziate sau cu termen înainte de următorul rezumat ({ $count }):
digest-section-dept = ▶ { $dept }
digest-open = Deschise: { $count } ({ $priorities })
digest-new = Noi de la ultimul rezumat ({ $count }):
digest-unassigned = Fără responsabil ({ $count }):
digest-waiting = În așteptarea altcuiva ({ $count }):
digest-breached = SLA depășit ({ $count }):
digest-breaching = SLA expiră înainte de următorul rezumat ({ $count }):
digest-section-delegated = ▶ Sarcini delegate de tine
digest-delegated = Întârziate sau cu termen înainte de următorul rezumat ({ $count }):
digest-section-since = ▶ De la ultimul rezumat
digest-section-budgets = ▶ Bugetele în curs
digest-resolved = Tichete rezolvate ({ $count }):
digest-decided = Aprobări decise ({ $count }):
digest-done = Sarcini terminate ({ $count }):

digest-ticket-line = { $id }{ $priority } · { $title } · { $owner }
digest-mark-urgent = { " " }[urgentă]
digest-mark-high = { " " }[ridicată]
digest-mark-none = { "" }
digest-sla-breached = SLA depășit de { $late } (termen { $at })
digest-sla-due = SLA expiră la { $at } (peste { $left })
digest-sla-line = { $ticket } — { $sla }
digest-approval-line = { $id } · { $title } · de la @{ $requester }, așteaptă de { $waiting }
digest-approval-line-amount = { $id } · { $title } · { $amount } · de la @{ $requester }, așteaptă de { $waiting }
digest-task-line = { $id } · { $title } — { $due }
digest-task-line-assignee = { $id } · { $title } · @{ $assignee } — { $due }
digest-decided-line = { $id } · { $title } — { $status }
digest-done-line = { $id } · { $title } — terminată de @{ $assignee }

digest-chart-title = { $subject }: tichete deschise și SLA, ultimele 14 zile
digest-chart-title-all = Toate departamentele: tichete deschise și SLA, ultimele 14 zile
digest-chart-backlog = Tichete deschise
digest-chart-in-sla = Rezolvate în SLA
