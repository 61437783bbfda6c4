## /audit

audit-history-header = History of { $object } ({ $count ->
    [one] one event
   *[other] { $count } events
}):
audit-intact = Audit trail intact: { $count } events verified.
audit-broken = Audit trail BROKEN at event #{ $seq } ({ $object }, { $action }): { $reason }. { $checked } events before it verified.
audit-fault-altered = its content no longer matches its hash (edited)
audit-fault-missing = event #{ $expected } is missing (deleted)
audit-fault-unlinked = it does not link to the event before it (edited or reordered)
error-object-id-invalid = `{ $value }` is not something with a history: give a ticket id (IT-1), a task (T-17), a request (A-5), an escalation (E-3), a member (@alice) or a department (dept:it).
