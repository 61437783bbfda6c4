## /escaladeaza și /escaladare: scara, cardurile și notificările ei.

escalation-status-open = deschisă
escalation-status-acknowledged = preluată
escalation-status-resolved = rezolvată
escalation-status-cancelled = anulată

field-level = Nivel
field-held-by = La
field-owner = Responsabil
field-raised-by = Ridicată de
field-since = De la
field-reason = Motiv
field-contact = Contact

escalation-level-of = { $level } din { $levels }
escalation-by-member = @{ $handle }
escalation-by-system = opsdesk (nimeni nu a acționat la timp)
escalation-note-said = „{ $text }”
escalation-note-sla = termenul SLA de { $clock } a fost depășit
escalation-note-task-overdue = { $subject } este întârziată
escalation-note-approval-stalled = { $subject } a așteptat prea mult la pasul { $step }
escalation-note-finished = { $subject } s-a încheiat
escalation-note-withdrawn = s-a renunțat la { $subject }
escalation-customer = { " " }Client: { $customer }.
escalation-customer-contact = { " " }Client: { $customer } ({ $contact }).

escalation-raised = { $id } ridicată pentru { $subject }: { $holders } vor fi rugați s-o preia.
escalation-raised-again = { $subject } era deja escaladat: { $id } a urcat la nivelul { $level }, la { $holders }.
escalation-already-top = { $subject } este deja escaladat cât se poate de sus ({ $id }, nivelul { $level }, la { $holders }); au fost anunțați din nou.
escalation-raised-again-notice = 🔺 { $by } a ridicat din nou { $id } pentru { $subject }: { $reason }. Este deja cât se poate de sus — te rugăm să acționezi.
escalation-complaint-opened = Am deschis { $ticket } pentru reclamație și l-am escaladat ca { $id }: { $holders } vor fi rugați s-o preia.
escalation-acked = Ai preluat { $id } ({ $subject }); nu mai urcă. Închide-o cu `/escaladare rezolva id:{ $id } nota:…` când s-a lămurit.
escalation-acked-notice = @{ $owner } a preluat { $id } pentru { $subject }.
escalation-resolved = { $id } este rezolvată; cine a ridicat-o a fost anunțat.
escalation-card-intro = 🔺 Escaladare de la { $by } pentru { $subject }: { $title }
escalation-holder-notice = 🔺 { $id } are nevoie de tine (nivelul { $level }): { $subject } — { $reason }. Ridicată de { $by } la { $since }.{ $customer } Preia-o cu 👀 pe card sau cu `/escaladare confirma id:{ $id }`.
escalation-reminder-notice = 🔺 Memento { $reminder }: { $id } pentru { $subject } așteaptă din { $since } și nu a preluat-o nimeni. `/escaladare confirma id:{ $id }`
escalation-director-notice = { $id } pentru { $subject } este acum la un director: { $holders }.
escalation-ended-notice = { $id } pentru { $subject } este { $status }: { $note }.{ $customer }
escalation-history-header = Pași ({ $count }):
escalation-list-header = { $count ->
    [one] O escaladare:
    [few] { $count } escaladări:
   *[other] { $count } de escaladări:
}
escalation-list-empty = Nicio escaladare de arătat.

action-ack = Preiau
action-resolve-escalation-input = Ce s-a făcut?

needed-escalation-raiser = cei implicați, agenții și managerii din { $dept }, directorii și administratorii
needed-escalation-party = cine a ridicat-o, cei la care se află, agenții și managerii din { $dept }, directorii și administratorii
needed-escalation-holder = cei la care se află { $id } ({ $holders })

error-escalation-id-invalid = `{ $id }` nu este un id de escaladare: scrie E- și numărul, de ex. E-3.
error-unknown-escalation = Nu există escaladarea { $id }. `/escaladare lista` le arată.
error-escalation-closed = { $id } este { $status }; nu se mai poate schimba.
error-escalation-already-acked = { $id } este deja preluată de @{ $owner }; nu s-a schimbat nimic.
error-escalation-view-invalid = `{ $value }` nu este o vedere: folosește open, mine sau all.
error-escalate-what = Spune ce escaladezi: tichet:IT-4, sarcina:T-7 sau aprobare:A-2 cu un motiv, ori o reclamație de client: client:"ACME SRL" dept:acc rezumat:"…".
error-escalate-one-subject = Escaladează un singur lucru o dată: { $option } e în plus; dă unul dintre tichet, sarcina, aprobare sau client.
error-escalate-reason = Spune de ce are nevoie de cineva mai sus: motiv:"…".
error-escalate-customer-dept = O reclamație de client are nevoie de departamentul ei: dept:acc.
error-escalate-customer-summary = O reclamație de client are nevoie de ce nu a mers: rezumat:"…".
error-escalate-closed = { $id } este { $status }: nu mai e nimic de escaladat.
error-escalate-no-dept = { $id } nu ține de niciun departament (nici cel care o are, nici cel care a dat-o nu au unul), deci nu se aplică nicio scară. Roagă un administrator să le seteze departamentul.
