## Storage faults, `opsdesk check` and `opsdesk backup`.

storage-full = Could not save: the disk that holds the database is full. Nothing was changed. Free some disk space (or tell whoever runs opsdesk), then try again. Reference { $reference }.
storage-io = Could not save: the disk reported an error while reading or writing the database. Nothing was changed. Try again in a moment; if it keeps happening, whoever runs opsdesk should have the disk checked. Reference { $reference }.
storage-locked = Could not save: another program is keeping the database locked. Nothing was changed. Close the program holding it (for example a database browser with unsaved changes), then try again. Reference { $reference }.
storage-damaged = Could not use the database: parts of the database file are damaged. Nothing was changed. Whoever runs opsdesk should stop it, run `opsdesk check`, and restore the latest good backup. Reference { $reference }.

database-missing = There is no database at { $path }. Give its path with --db PATH (or OPSDESK_DB, or `[database] path` in the configuration); checks and backups never create a database.
database-not-sqlite = { $path } is not a SQLite database (or its first page is damaged). Give the path of an opsdesk database with --db, e.g. --db opsdesk.db.
database-not-opsdesk = { $path } is a SQLite database, but not an opsdesk one: it has no audit trail and no migration table. Give the path of an opsdesk database with --db, e.g. --db opsdesk.db.

check-database = Checking { $path }
check-pages-sound = Pages and indexes: sound.
check-pages-damaged = Pages and indexes: SQLite's integrity check found { $count ->
    [one] one problem
   *[other] { $count } problems
}:
check-audit-unreadable = Audit trail: could not be read to the end, as the database is damaged.
check-all-well = All well.
check-problems = Problems found. Stop opsdesk and restore the latest backup that passes `opsdesk check` (see "Backups, checks and restoring" in the README).

backup-done = Backed up { $db } to { $target } ({ $kib } KiB). Check the copy with `opsdesk check --db { $target }`.
backup-folder-missing = Cannot back up to { $target }: the folder { $folder } does not exist. Create it first, or give a path in an existing folder, e.g. backups/opsdesk-2026-12-07.db.
backup-is-database = Cannot back up to { $target }: that is the database itself. Give a new file name, e.g. opsdesk-backup.db.
backup-exists = Cannot back up to { $target }: something with that name already exists, and a backup never overwrites. Give a new file name, e.g. one with today's date.
database-sqlite-only = { $command } works on a SQLite database file, and this installation runs on PostgreSQL ({ $url }). Use PostgreSQL's own tools (pg_dump, amcheck) there, or give a SQLite file with --db PATH.

## `opsdesk migrate-db`

migrate-table = { $table }: { $rows ->
    [one] one row
   *[other] { $rows } rows
}
migrate-done = Moved { $path } to { $url }: { $rows } rows in { $tables } tables, in { $seconds } s. Every table holds as many rows as in the file, and the audit chain verifies ({ $events } events). Point opsdesk at the new database (`[database] url` in the configuration, or DATABASE_URL) and start it again.
migrate-source-missing = There is no database at { $path }. Give the opsdesk database file to move with --from, e.g. --from opsdesk.db.
migrate-source-not-sqlite = { $path } is not a SQLite database (or its first page is damaged). Give the opsdesk database file to move with --from, e.g. --from opsdesk.db.
migrate-source-not-opsdesk = { $path } is a SQLite database, but not an opsdesk one: it has no audit trail and no migration table. Give the opsdesk database file to move with --from, e.g. --from opsdesk.db.
migrate-source-outdated = { $path } is at schema version { $found }, and this opsdesk at { $latest }: they must be the same. If the file is older, start this opsdesk on it once (`opsdesk console --db { $path } < /dev/null` brings it up to date), then move it; if it is newer, move it with the opsdesk that made it. Nothing was copied.
migrate-target-not-postgres = --to takes a PostgreSQL database URL, e.g. postgres://opsdesk@db.example.com:5432/opsdesk; `{ $to }` is not one. Nothing was copied.
migrate-target-unreachable = Could not open the PostgreSQL database { $url }: { $reason }. Check that the server runs and that the URL's host, port, user, password and database name are right (create the database first, e.g. `createdb opsdesk`). Nothing was copied.
migrate-target-not-empty = The PostgreSQL database { $url } already holds opsdesk data ({ $table } has rows), and migrate-db copies into an empty database only. Nothing was copied. Give in --to a new, empty database (e.g. `createdb opsdesk_new`) or an empty schema (…?options=-c%20search_path%3Dmyschema).
migrate-counts-differ = The copy was rolled back, nothing was copied: { $table } has { $source } rows in { $path } but { $target } in PostgreSQL. Check the file with `opsdesk check --db { $path }`, then try again.
migrate-audit-broken = The copy was rolled back, nothing was copied: its audit chain does not verify (below). Check the file with `opsdesk check --db { $path }`.
