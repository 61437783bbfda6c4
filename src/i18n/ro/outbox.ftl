## Livrare: notificări comasate când multe așteaptă același cititor, lucrări abandonate, mesaje nelivrabile.

batch-sla-warning = ⚠ { $count ->
    [few] { $count } termene SLA
   *[other] { $count } de termene SLA
} se apropie — cele mai urgente întâi:
batch-sla-breach = ⛔ { $count ->
    [few] { $count } SLA-uri depășite
   *[other] { $count } de SLA-uri depășite
} — cele mai urgente întâi:
batch-task-reminder = ⏰ { $count ->
    [few] { $count } sarcini au
   *[other] { $count } de sarcini au
} termenul în curând — cele mai apropiate întâi:
batch-task-due = ⏰ { $count ->
    [few] { $count } sarcini au
   *[other] { $count } de sarcini au
} termenul acum — cele mai vechi întâi:
batch-task-overdue = ⏰ { $count ->
    [few] { $count } sarcini sunt
   *[other] { $count } de sarcini sunt
} întârziate — cele mai vechi întâi:
batch-approval-reminder = { $count ->
    [few] { $count } cereri încă așteaptă
   *[other] { $count } de cereri încă așteaptă
} decizia ta — cele mai vechi întâi:
batch-page = ({ $page }/{ $pages })
batch-more = … și încă { $count }.

job-gave-up-notice = ⚠ O lucrare programată nu a putut rula după { $attempts } încercări și a fost abandonată: { $job } pentru { $subject }. Jurnalul are detaliile la referința { $reference }.
field-undelivered = Nelivrate
undelivered-count = { $count ->
    [one] un mesaj refuzat de platforma de chat (jurnalul îl numește)
    [few] { $count } mesaje refuzate de platforma de chat (jurnalul le numește)
   *[other] { $count } de mesaje refuzate de platforma de chat (jurnalul le numește)
}
