## /task, mementouri și repetări

task-status-open = deschisă
task-status-done = făcută
task-status-cancelled = anulată

field-delegator = Delegat de
field-repeats = Se repetă
field-ticket = Tichet
field-note = Notă

task-due-in = până la { $at } (în { $left })
task-overdue-by = întârziată cu { $late } (termen: { $at })

task-assigned = { $id } a fost atribuită lui @{ $handle }: { $title } — { $due }.
task-assigned-repeating = { $assigned } Se repetă: { $every }.
task-assigned-notice = @{ $by } ți-a dat { $id }: { $title } — { $due }.
task-done = { $id } este făcută.
task-done-notice = @{ $handle } a terminat { $id }: { $title }
task-done-notice-note = { $done } — „{ $note }”
task-next = Următoarea din serie: { $id } · { $title } — { $due }.
task-next-notice = Următoarea din serie: { $id } · { $title } — { $due }.
task-reassigned = { $id } este acum atribuită lui @{ $handle }.
task-reassigned-away = { $id } ({ $title }) a fost dată lui @{ $handle }; nu mai trebuie să o faci tu.
task-redated = { $id } are acum termen nou: { $due }.
task-redated-notice = @{ $by } a mutat termenul pentru { $id } ({ $title }): { $due }.
task-cancelled = { $id } este anulată.
task-cancelled-series = { $id } și repetările ei sunt anulate.
task-cancelled-notice = @{ $by } a anulat { $id }: { $title }

task-reminder = ⏰ Memento: { $id } · { $title } — { $due }.
task-due-now = ⏰ Termenul pentru { $id } este acum: { $title }.
task-due-passed = ⏰ { $id } ({ $title }): { $due }.
task-overdue-delegator = ⚠ { $id } este întârziată: @{ $handle } nu a marcat „{ $title }” ca făcută.
task-overdue-reminder = ⚠ { $id } ({ $title }): { $due }. Marchează-o cu `/sarcina gata id:{ $id }` când e gata.
task-notice-line = { $id } · { $title } — { $due }

task-list-header = { $count ->
    [one] O sarcină:
    [few] { $count } sarcini:
   *[other] { $count } de sarcini:
}
task-list-empty = Nicio sarcină deschisă aici.
task-list-header-partial = { $total ->
    [few] { $total } sarcini corespund
   *[other] { $total } de sarcini corespund
}; primele { $shown }, cele cu termenul cel mai apropiat întâi:
task-list-more = { $rest ->
    [one] Încă una nu este afișată.
   *[other] Încă { $rest } nu sunt afișate.
} Restrânge lista cu vedere:întârziate sau utilizator:, de ex. `/sarcina lista vedere:întârziate`.

error-task-id-invalid = `{ $id }` nu este un id de sarcină: id-urile de sarcină arată ca T-17.
error-unknown-task = Nu există sarcina { $id }. `/sarcina lista` îți arată sarcinile.
error-task-closed = { $id } este { $status }; nu mai poate fi modificată.
error-task-same-assignee = { $id } este deja atribuită lui @{ $handle }.
error-task-view-invalid = `{ $value }` nu este o listă: folosește mine, delegated sau overdue.
needed-agent-for-self = agenții, managerii și directorii (pentru a-și da singuri o sarcină)
needed-task-delegator = managerii din { $dept } sau directorii
needed-task-delegator-no-dept = directorii (@{ $handle } nu face parte din niciun departament, deci niciun manager nu îi poate da sarcini)
needed-task-assignee = @{ $handle } (care răspunde de sarcină)
needed-task-owner = @{ $handle } (care a delegat sarcina)
needed-task-party = cel care a delegat sarcina, responsabilul ei, managerii din { $dept }, directorii și administratorii
needed-task-lister = @{ $handle }, managerul său, directorii și administratorii
task-due-outside-hours = Atenție: { $at } este { $why ->
    [holiday] o zi de sărbătoare legală
    [day-off] o zi liberă
   *[night] în afara programului de lucru
} pentru @{ $handle }. Termenul rămâne cum l-ai stabilit; mementourile vin în timpul programului.
