## Defecte ale stocării, `opsdesk check` și `opsdesk backup`.

storage-full = Nu s-a putut salva: discul pe care se află baza de date este plin. Nu s-a modificat nimic. Eliberează spațiu pe disc (sau anunță-l pe cel care administrează opsdesk), apoi încearcă din nou. Referința { $reference }.
storage-io = Nu s-a putut salva: discul a raportat o eroare la citirea sau scrierea bazei de date. Nu s-a modificat nimic. Încearcă din nou peste puțin timp; dacă se repetă, cel care administrează opsdesk ar trebui să verifice discul. Referința { $reference }.
storage-locked = Nu s-a putut salva: un alt program ține baza de date blocată. Nu s-a modificat nimic. Închide programul care o ține (de exemplu un navigator de baze de date cu modificări nesalvate), apoi încearcă din nou. Referința { $reference }.
storage-damaged = Baza de date nu poate fi folosită: părți din fișierul ei sunt deteriorate. Nu s-a modificat nimic. Cel care administrează opsdesk ar trebui să-l oprească, să ruleze `opsdesk check` și să restaureze cea mai recentă copie de siguranță bună. Referința { $reference }.

database-missing = Nu există nicio bază de date la { $path }. Indică-i calea cu --db CALE (sau OPSDESK_DB, sau `[database] path` în configurație); verificările și copiile de siguranță nu creează niciodată o bază de date.
database-not-sqlite = { $path } nu este o bază de date SQLite (sau prima ei pagină este deteriorată). Indică, cu --db, calea unei baze de date opsdesk, de ex. --db opsdesk.db.
database-not-opsdesk = { $path } este o bază de date SQLite, dar nu una opsdesk: nu are jurnal de audit și nici tabel de migrări. Indică, cu --db, calea unei baze de date opsdesk, de ex. --db opsdesk.db.

check-database = Se verifică { $path }
check-pages-sound = Pagini și indexuri: în regulă.
check-pages-damaged = Pagini și indexuri: verificarea de integritate a SQLite a găsit { $count ->
        [one] o problemă
        [few] { $count } probleme
       *[other] { $count } de probleme
    }:
check-audit-unreadable = Jurnalul de audit: nu a putut fi citit până la capăt, fiindcă baza de date este deteriorată.
check-all-well = Totul este în regulă.
check-problems = S-au găsit probleme. Oprește opsdesk și restaurează cea mai recentă copie de siguranță care trece de `opsdesk check` (vezi „Backups, checks and restoring” în README).

backup-done = Copia de siguranță a { $db } a fost scrisă în { $target } ({ $kib } KiB). Verifică copia cu `opsdesk check --db { $target }`.
backup-folder-missing = Nu se poate face copia în { $target }: dosarul { $folder } nu există. Creează-l întâi sau indică o cale dintr-un dosar existent, de ex. backups/opsdesk-2026-12-07.db.
backup-is-database = Nu se poate face copia în { $target }: aceasta este chiar baza de date. Indică un nume de fișier nou, de ex. opsdesk-backup.db.
backup-exists = Nu se poate face copia în { $target }: există deja ceva cu acest nume, iar o copie de siguranță nu suprascrie niciodată. Indică un nume de fișier nou, de ex. unul cu data de azi.
database-sqlite-only = { $command } lucrează pe un fișier de bază de date SQLite, iar această instalare rulează pe PostgreSQL ({ $url }). Folosește acolo uneltele PostgreSQL (pg_dump, amcheck) sau indică un fișier SQLite cu --db CALE.

## `opsdesk migrate-db`

migrate-table = { $table }: { $rows ->
    [one] un rând
    [few] { $rows } rânduri
   *[other] { $rows } de rânduri
}
migrate-done = { $path } a fost mutată în { $url }: { $rows ->
        [one] un rând
        [few] { $rows } rânduri
       *[other] { $rows } de rânduri
    } în { $tables ->
        [one] un tabel
        [few] { $tables } tabele
       *[other] { $tables } de tabele
    }, în { $seconds } s. Fiecare tabel are tot atâtea rânduri ca în fișier, iar jurnalul de audit se verifică ({ $events ->
        [one] un eveniment
        [few] { $events } evenimente
       *[other] { $events } de evenimente
    }). Îndreaptă opsdesk spre noua bază de date (`[database] url` în configurație, sau DATABASE_URL) și pornește-l din nou.
migrate-source-missing = Nu există nicio bază de date la { $path }. Indică, cu --from, fișierul bazei de date opsdesk de mutat, de ex. --from opsdesk.db.
migrate-source-not-sqlite = { $path } nu este o bază de date SQLite (sau prima ei pagină este deteriorată). Indică, cu --from, fișierul bazei de date opsdesk de mutat, de ex. --from opsdesk.db.
migrate-source-not-opsdesk = { $path } este o bază de date SQLite, dar nu una opsdesk: nu are jurnal de audit și nici tabel de migrări. Indică, cu --from, fișierul bazei de date opsdesk de mutat, de ex. --from opsdesk.db.
migrate-source-outdated = { $path } este la versiunea de schemă { $found }, iar acest opsdesk la { $latest }: trebuie să fie aceeași. Dacă fișierul e mai vechi, pornește o dată acest opsdesk pe el (`opsdesk console --db { $path } < /dev/null` îl aduce la zi), apoi mută-l; dacă e mai nou, mută-l cu opsdesk-ul care l-a creat. Nu s-a copiat nimic.
migrate-target-not-postgres = --to primește URL-ul unei baze de date PostgreSQL, de ex. postgres://opsdesk@db.example.com:5432/opsdesk; `{ $to }` nu este unul. Nu s-a copiat nimic.
migrate-target-unreachable = Baza de date PostgreSQL { $url } nu a putut fi deschisă: { $reason }. Verifică dacă serverul rulează și dacă gazda, portul, utilizatorul, parola și numele bazei de date din URL sunt corecte (creează întâi baza de date, de ex. `createdb opsdesk`). Nu s-a copiat nimic.
migrate-target-not-empty = Baza de date PostgreSQL { $url } conține deja date opsdesk ({ $table } are rânduri), iar migrate-db copiază doar într-o bază de date goală. Nu s-a copiat nimic. Indică în --to o bază de date nouă, goală (de ex. `createdb opsdesk_nou`) sau o schemă goală (…?options=-c%20search_path%3Dschema_mea).
migrate-counts-differ = Copia a fost anulată, nu s-a copiat nimic: { $table } are { $source } rânduri în { $path }, dar { $target } în PostgreSQL. Verifică fișierul cu `opsdesk check --db { $path }`, apoi încearcă din nou.
migrate-audit-broken = Copia a fost anulată, nu s-a copiat nimic: jurnalul ei de audit nu se verifică (mai jos). Verifică fișierul cu `opsdesk check --db { $path }`.
