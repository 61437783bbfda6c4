## /whoami, /dept, /member

whoami-can-requester = Poți deschide tichete, le poți urmări, comenta și redeschide după ce au fost rezolvate.
whoami-can-agent = Lucrezi pe coada departamentului { $dept }: preiei, comentezi (inclusiv intern), pui în așteptare, rezolvi și închizi tichetele ei; în plus, poți deschide tichete oriunde.
whoami-can-manager = Coordonezi departamentul { $dept }: poți face tot ce fac agenții săi, plus să atribui tichetele și să le schimbi prioritatea.
whoami-can-director = Poți vedea tichetele și istoricul tuturor departamentelor și poți verifica jurnalul de audit.
whoami-can-admin = Administrezi departamentele și membrii, vezi toate tichetele și istoricul lor și poți verifica jurnalul de audit.

dept-added = Departamentul { $key } ({ $name }) a fost adăugat: canal #{ $channel }, program { $hours }, { $tz }.
dept-list-header = { $count ->
    [one] Un departament:
    [few] { $count } departamente:
   *[other] { $count } de departamente:
}
error-dept-exists = Există deja un departament cu cheia `{ $key }`. `/departament lista` le arată pe toate.
error-channel-invalid = `{ $value }` nu este un nume de canal valid: folosește litere, cifre, `-` sau `_`, de ex. it-support.
error-hours-invalid = `{ $value }` nu este un program de lucru valid. Scrie-l, de exemplu, mon-fri 09:00-17:00 sau mon-thu 09:00-17:00, fri 09:00-14:00.

member-added = Membrul @{ $handle } a fost adăugat cu rolul { $role }.
member-updated = Membrul @{ $handle } a fost actualizat.
member-list-header = { $count ->
    [one] Un membru:
    [few] { $count } membri:
   *[other] { $count } de membri:
}
error-member-unchanged = Nu este nimic de schimbat pentru @{ $handle }: dă o valoare nouă pentru cel puțin una dintre opțiunile role:, dept:, tz:, locale:, name:, discord:.
error-member-self-demote = Nu îți poți retrage singur rolul de administrator; cere-i altui administrator.
error-discord-id-invalid = `{ $value }` nu este un id de utilizator Discord: acesta este un număr precum 123456789012345678.
error-discord-id-taken = Id-ul Discord { $id } îi aparține deja lui @{ $handle }.

discord-enrolled = Bun venit! Nu erai încă în opsdesk, așa că ai fost adăugat ca @{ $handle } ({ $role }). Un administrator îți poate seta departamentul și rolul cu `/membru seteaza utilizator:@{ $handle } dept:… rol:…`.

dept-updated = Departamentul { $key } a fost modificat: { $changes }.
dept-change = { $field } { $from } → { $to }
dept-field-name = nume
dept-field-channel = canal
dept-field-hours = program
dept-field-holidays = zile libere
dept-field-locale = limba
dept-field-tz = fusul orar
dept-calendar-moved = Termenele SLA { $tickets ->
    [one] ale unui tichet deschis
    [few] ale { $tickets } tichete deschise
   *[other] ale celor { $tickets } de tichete deschise
} și mementourile { $tasks ->
    [one] unei sarcini
    [few] a { $tasks } sarcini
   *[other] a { $tasks } de sarcini
} urmează acum noul program.
error-dept-set-nothing = Nu ai ce schimba la { $key }: dă cel puțin una dintre nume:, program:, fus:, canal:, limba:, de ex. /departament modifica cheie:{ $key } program:"mon-fri 08:00-16:00".
error-dept-unchanged = { $key } are deja aceste valori: nu s-a schimbat nimic. `/departament lista` arată programul și fusul fiecărui departament.

dept-holiday-added = { $name } este închis pe { $date }.
dept-holiday-removed = { $date } nu mai este zi liberă la { $name }.
dept-holiday-list-header = { $count ->
    [0] { $name } nu are zile libere în { $year }.
    [one] O zi liberă la { $name } în { $year }:
    [few] { $count } zile libere la { $name } în { $year }:
   *[other] { $count } de zile libere la { $name } în { $year }:
}
holiday-kind-public = sărbătoare legală
holiday-kind-added = adăugată
error-holiday-date-invalid = `{ $value }` nu este o dată: scrie ziua ca an-lună-zi, de ex. 2026-12-24.
error-holiday-exists = { $date } este deja zi liberă la { $name }. `/departament libere listă` le arată.
error-holiday-public = { $date } este sărbătoare legală ({ $country }) și nu poate fi scoasă; se pot scoate doar zilele adăugate cu `/departament libere adaugă`. `/departament libere listă cheie:{ $key }` arată care sunt care.
error-holiday-not-added = { $date } nu este o zi liberă adăugată la { $name }. Zile adăugate: { $added }.
