## Cuvinte comune, roluri, erori ale oricărei comenzi, consola.

none = niciunul

role-requester = solicitant
role-agent = agent
role-manager = manager
role-director = director
role-admin = administrator

field-role = Rol
field-department = Departament
field-timezone = Fus orar
field-language = Limbă
field-status = Stare
field-priority = Prioritate
field-requester = Solicitant
field-assignee = Responsabil
field-customer = Client
field-opened = Data deschiderii
field-waiting-for = Se așteaptă
field-resolution = Soluție

error-internal = A apărut o eroare la noi; nu s-a modificat nimic. Dacă se repetă, menționează referința { $reference }.
error-unknown-actor = Nu ești încă membru al acestei organizații (@{ $handle }). Cere unui administrator să te adauge cu `/membru seteaza utilizator:@{ $handle }`.
error-unknown-member = Nu există membrul @{ $handle }. `/membru lista` arată cine face parte din organizație.
error-unknown-dept = Nu există departamentul `{ $key }`. Departamente: { $known }.
error-handle-invalid = `{ $handle }` nu este un nume de membru valid: folosește litere mici, cifre, `.`, `_` sau `-`, de ex. @alice.
error-handle-reserved = `@{ $handle }` este un nume pe care opsdesk îl păstrează pentru sine (system, scheduler, config, discord, opsdesk); alege alt nume, de ex. @{ $handle }1.
error-dept-key-invalid = `{ $key }` nu este o cheie de departament validă: folosește 2–10 litere mici sau cifre, începând cu o literă, de ex. `it`.
error-text-empty = Opțiunea `{ $field }` nu poate fi goală.
error-text-invisible = Opțiunea `{ $field }` nu are niciun caracter vizibil: spațiile de lățime zero, marcajele de direcție și alte caractere invizibile nu contează. Scrie litere, cifre sau simboluri.
error-text-too-long = Opțiunea `{ $field }` are { $actual ->
        [one] { $actual } caracter
        [few] { $actual } caractere
       *[other] { $actual } de caractere
    }; limita este { $max }.
error-option-missing = Opțiunea `{ $name }` este obligatorie.
error-command-unmapped = Comanda /{ $command } nu este disponibilă în această versiune. `/ajutor` arată comenzile disponibile.
error-denied = Asta e permis doar pentru { $needed }; tu ești { $role }.
needed-admin = administratorii
needed-dept-staff = agenții și managerii din { $dept }
needed-requester-or-staff = solicitantul sau agenții și managerii din { $dept }
needed-staff-or-director = agenții și managerii din { $dept }, directorii și administratorii
needed-director-or-admin = directorii și administratorii
error-tz-invalid = `{ $value }` nu este un fus orar. Folosește un nume IANA, de exemplu Europe/Bucharest sau Europe/London.
error-locale-invalid = `{ $value }` nu este o limbă pe care opsdesk o cunoaște: folosește en sau ro.
error-role-invalid = `{ $value }` nu este un rol: folosește requester, agent, manager, director sau admin.

help-intro = Comenzi (scrie `/ajutor tichet` pentru detaliile uneia dintre ele):
help-more = Opțiunile se scriu nume:valoare; valorile cu spații se pun între ghilimele: title:"Printer down".
help-example = de ex. { $example }
error-help-unknown = Nu există comanda `{ $command }`. Comenzi: { $known }.

console-welcome = consola opsdesk — scrie /ajutor pentru comenzi, :help pentru liniile de consolă, Ctrl-D pentru ieșire.
console-help =
    Linii de consolă:
      /command …            rulează comanda ca membrul curent
      @handle /command …    rulează comanda ca acel membru
      :as HANDLE            acționează de acum înainte ca alt membru
      :now                  arată ora curentă
      :advance 90m          avansează ceasul (s, m, h, d) și rulează ce ajunge la termen
      :offline 2d           opsdesk e oprit atât: ceasul avansează, nimic nu rulează până repornește
      # text                un comentariu
console-reaction-ignored = Reacția aceasta nu înseamnă nimic pe acest card; nu s-a întâmplat nimic.
console-bad-reaction = Nu pot citi `{ $line }`: scrie `@handle react ID EMOJI`, de ex. `@victor react A-5 ✅` sau `@victor react A-5 ❌ reason:"Peste buget"`.
console-acting-as = Acum acționezi ca @{ $handle }.
console-unknown-line = Linia `{ $line }` nu poate fi citită: începe linia cu /command, @handle /command, :as, :now, :advance, :offline, :help sau #.
console-bad-duration = `{ $value }` nu este o durată: încearcă 90m, 2h, 3d sau 1h30m.
console-not-utf8 = Linia { $line } nu este text UTF-8 (un octet invalid la poziția { $column }), așa că a fost sărită; liniile de după ea rulează în continuare. Salvează fișierul ca UTF-8.
console-duration-too-long = `{ $value }` este prea departe: ceasul avansează cel mult { $days } de zile (un an) odată, de ex. :advance 3d sau :advance 30d.
console-job-failed = O sarcină programată a eșuat și va fi reîncercată; vezi jurnalul.

duration-m = { $m } min
duration-h = { $h } h
duration-hm = { $h } h { $m } min
duration-d = { $d } z
duration-dh = { $d } z { $h } h
