# Evidențe: exporturi CSV.
export-kind = { $kind ->
    [tickets] tichete
    [tasks] sarcini
    [approvals] cereri
    [escalations] escaladări
    [audit] jurnalul de audit
   *[budgets] bugete
}
export-title = Export: { $what }, { $rows ->
    [one] 1 rând
    [few] { $rows } rânduri
   *[other] { $rows } de rânduri
}
export-field-depts = Departamente
export-dept-one = { $dept }
export-dept-all = toate
export-field-from = De la
export-field-to = Până la
export-day = { $day }
export-from-start = început
export-to-now = acum
export-field-times = Ore
export-times = UTC și { $tz }
error-export-what = `{ $value }` nu este ceva ce opsdesk exportă: folosește tichete, sarcini, aprobari, escaladari, audit sau bugete.
error-export-day = `{ $value }` nu este o zi: scrie-o ca 1.12.2026 (sau 2026-12-01).
error-export-range = Intervalul începe pe { $from }, după ultima lui zi, { $to }: alege pentru `de_la` o zi cel târziu egală cu `pana_la`, de ex. de_la:1.12.2026 pana_la:31.12.2026.
error-export-audit-dept = Jurnalul de audit se exportă întreg, ca lanțul lui să poată fi verificat: renunță la `dept`.
needed-exporter = managerul din { $dept }, directorii și administratorii

# A file too large for an answer on Discord.
file-sent-by-dm = { $name } este prea mare pentru a fi atașat acestui răspuns: ți l-am trimis prin mesaj direct.
file-too-large = { $name } este prea mare pentru a fi atașat acestui răspuns, iar mesajul direct cu el nu a putut fi trimis: exportă mai puțin, cu `de_la`, `pana_la` sau `dept`.

# Evidențe: transcrieri (`/tichet transcriere`, și la închidere).
transcript-title = Transcrierea tichetului { $id } · { $title }
transcript-made = Scrisă { $at }.
transcript-copy-staff = Copia personalului: cu notele interne, avertismentele SLA, escaladările și sarcinile legate.
transcript-copy-requester = Copia solicitantului: fără ce vede doar personalul.
transcript-section-details = Detalii
transcript-section-history = Istoric
transcript-section-sla = SLA
transcript-section-escalations = Escaladări
transcript-section-tasks = Sarcini legate
transcript-section-rating = Evaluare
transcript-by-member = @{ $handle }
transcript-by-system = opsdesk
transcript-opened = { $by } a deschis tichetul
transcript-claimed = { $by } a preluat tichetul
transcript-comment = { $by } a comentat:
transcript-comment-internal = [intern] { $by } a scris o notă pentru personal:
transcript-status = { $by } a schimbat starea: { $from } → { $to }
transcript-assigned = { $by } l-a dat lui @{ $to }
transcript-priority = { $by } a schimbat prioritatea: { $from } → { $to }
transcript-sla-warning = { $clock }: avertisment SLA
transcript-sla-breach = { $clock }: SLA depășit
transcript-escalation = { $id } · ridicată de { $by }, { $at } · nivelul { $level } · { $status } · { $reason }
transcript-task = { $id } · { $title } · @{ $assignee } · { $status } · termen { $due }
transcript-files = { $entries ->
    [one] O înregistrare, ca fișier Markdown și pagină HTML.
    [few] { $entries } înregistrări, ca fișier Markdown și pagină HTML.
   *[other] { $entries } de înregistrări, ca fișier Markdown și pagină HTML.
}
transcript-reply = Transcrierea tichetului { $id }:
transcript-closed = { $id } este închis. Transcrierea lui, pentru evidențele tale:
