## /ticket, termene SLA și notificări

priority-low = scăzută
priority-normal = normală
priority-high = ridicată
priority-urgent = urgentă

status-open = deschis
status-in_progress = în lucru
status-waiting = în așteptare
status-resolved = rezolvat
status-closed = închis

transition-claim = prelua
transition-wait = pune în așteptare
transition-resume = relua
transition-resolve = rezolva
transition-reopen = redeschide
transition-close = închide
transition-allowed-open = un tichet deschis poate fi preluat sau rezolvat
transition-allowed-in_progress = un tichet în lucru poate fi pus în așteptare, rezolvat sau preluat de altcineva
transition-allowed-waiting = un tichet în așteptare poate fi reluat sau rezolvat
transition-allowed-resolved = un tichet rezolvat poate fi redeschis sau închis
transition-allowed-closed = un tichet închis nu mai poate fi modificat
error-transition = Nu se poate { $verb } { $id }: este { $status }, iar { $allowed }.

error-ticket-id-invalid = `{ $id }` nu este un id de tichet: id-urile de tichet arată ca IT-42.
error-unknown-ticket = Nu există tichetul { $id }. `/tichet lista` arată tichetele pe care le poți vedea.
error-priority-invalid = `{ $value }` nu este o prioritate: folosește low, normal, high sau urgent.
error-status-invalid = `{ $value }` nu este o stare: folosește open, in_progress, waiting, resolved sau closed.
error-ticket-already-yours = { $id } este deja al tău.
error-ticket-already-assigned = { $id } este deja atribuit lui @{ $handle }.
error-ticket-same-priority = { $id } are deja prioritatea { $priority }.
error-ticket-inactive = { $id } este { $status }; redeschide-l mai întâi.
error-ticket-closed = { $id } este închis; deschide în schimb un tichet nou.
error-assignee-not-staff = @{ $handle } nu poate fi responsabil pentru acest tichet: doar agenții și managerii din { $dept } pot fi.

sla-first-response = Primul răspuns
sla-resolution = Rezolvare
sla-due = până la { $at } (în { $left })
sla-breached = termen depășit — expira la { $at } (acum { $late })
sla-paused = în pauză cât timp tichetul este în așteptare sau rezolvat
sla-met = în termen, la { $at }
sla-met-late = cu întârziere, la { $at }

ticket-opened = Tichet deschis: { $id } · { $title } · prioritatea { $priority }. Primul răspuns { $due }.
ticket-new-notice = Tichet nou de la @{ $requester }:
ticket-claimed = Ai preluat { $id }; acum este în lucru.
ticket-claimed-notice = @{ $agent } lucrează la { $id }: { $title }
ticket-assigned = { $id } este acum atribuit lui @{ $handle }.
ticket-assigned-notice = @{ $by } ți-a atribuit { $id } [{ $priority }]: { $title }
ticket-commented = Comentariu adăugat la { $id }.
ticket-commented-internal = Comentariu intern adăugat la { $id } (nu este vizibil pentru solicitant).
ticket-comment-notice = @{ $author } a comentat la { $id }: { $text }
ticket-waiting = { $id } este în așteptare; termenele SLA sunt suspendate.
ticket-waiting-notice = { $id } este în așteptare: { $reason }
ticket-resumed = { $id } este din nou în lucru. Rezolvare { $due }.
ticket-resolved = { $id } este rezolvat.
ticket-resolved-notice = { $id } a fost rezolvat: { $resolution } — dacă problema persistă, `/tichet redeschide id:{ $id }`.
ticket-reopened = { $id } a fost redeschis.
ticket-reopened-notice = @{ $by } a redeschis { $id }: { $title }
ticket-closed = { $id } a fost închis.
ticket-details-more = … Restul detaliilor: `/tichet arata { $id }`.
ticket-thread-lost = 🧵 Firul acestui tichet nu mai există: noutățile lui apar în acest canal.
ticket-priority-changed = { $id } are acum prioritatea { $priority }. Rezolvare { $due }.
ticket-priority-notice = @{ $by } a schimbat prioritatea tichetului { $id }: acum este { $priority }.

# One line in the ticket's thread per change of status, owner or priority.
ticket-line-claimed = @{ $by } a preluat { $id }: este în lucru.
ticket-line-waiting = @{ $by } a pus { $id } în așteptare: { $reason }
ticket-line-resumed = { $id } este din nou în lucru (@{ $by }).
ticket-line-resolved = @{ $by } a rezolvat { $id }: { $resolution }
ticket-line-reopened = @{ $by } a redeschis { $id }.
ticket-line-closed = @{ $by } a închis { $id }.
ticket-line-assigned = @{ $by } i-a atribuit { $id } lui @{ $handle }.
ticket-line-taken-over = @{ $by } a preluat { $id } de la coleg.
ticket-line-priority = @{ $by } a schimbat prioritatea tichetului { $id }: acum este { $priority }.

ticket-comments-header = { $count ->
    [one] Un comentariu:
    [few] { $count } comentarii:
   *[other] { $count } de comentarii:
}
ticket-comment-line = @{ $author }, { $at }: { $text }
ticket-comment-line-internal = [intern] @{ $author }, { $at }: { $text }

ticket-list-header = { $count ->
    [one] Un tichet:
    [few] { $count } tichete:
   *[other] { $count } de tichete:
}
ticket-list-empty = Niciun tichet nu corespunde criteriilor.
ticket-list-header-partial = { $total ->
    [few] { $total } tichete corespund
   *[other] { $total } de tichete corespund
}; primele { $shown }, cele mai urgente întâi:
ticket-list-more = { $rest ->
    [one] Încă unul nu este afișat.
   *[other] Încă { $rest } nu sunt afișate.
} Restrânge lista cu dept:, stare:, responsabil: sau ale-mele:da, de ex. `/tichet lista dept:it stare:în-așteptare`.
ticket-list-breached = termen SLA depășit

sla-warning-notice = ⚠ { $id }: { $clock } până la { $at } (în { $left }) · { $owner } · { $title }
sla-breach-notice = ⛔ Termen SLA depășit pentru { $id }: { $clock }, termenul era { $at } · { $owner } · { $title }
sla-warning-line = { $id } · { $clock } până la { $at } (în { $left }) · { $owner } · { $title }
sla-breach-line = { $id } · { $clock }, termenul era { $at } · { $owner } · { $title }
sla-unassigned = fără responsabil

## Buttons on ticket cards

action-claim = Preia
action-resolve = Rezolvă
action-resolve-input = Ce s-a făcut?
error-stale-button = Acest buton nu mai funcționează (poate fi dintr-o versiune mai veche). Folosește comanda, de ex. `/tichet arata`.
