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
