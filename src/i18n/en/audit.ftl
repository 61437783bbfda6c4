## /audit

audit-history-header = History of { $object } ({ $count ->
    [one] one event
   *[other] { $count } events
}):
audit-intact = Audit trail intact: { $count } events verified.
audit-sealed-up-to = Intact up to seal #{ $number }: event #{ $seq }, hash { $hash }. { $after ->
    [0] Nothing has happened since.
    [one] One event since, not sealed yet.
   *[other] { $after } events since, not sealed yet.
}
audit-not-sealed = The trail has no seal yet, so the newest events could have been deleted unseen: `/audit seal` makes one.
audit-matches-given = It matches the seal you gave: event #{ $seq }, hash { $hash }.
audit-broken = Audit trail BROKEN at event #{ $seq } ({ $object }, { $action }): { $reason }. { $checked } events before it verified.
audit-broken-row = Audit trail BROKEN at event #{ $seq }: { $reason }. { $checked } events before it verified.
audit-fault-altered = its content no longer matches its hash (edited)
audit-fault-missing = event #{ $expected } is missing (deleted)
audit-fault-unlinked = it does not link to the event before it (edited or reordered)
audit-fault-below-one = it is numbered below 1, where the trail starts (inserted)
audit-fault-unreadable = its `{ $column }` cannot be read (damaged)
audit-witness-recorded = seal #{ $number }
audit-witness-given = the seal you gave
audit-seal-differs = Audit trail does NOT match { $witness }: event #{ $seq } should have hash { $hash } but has { $found }. The trail was rewritten up to that event.
audit-seal-truncated = Audit trail does NOT match { $witness }: it covers event #{ $seq }, but { $last ->
    [0] the trail has no events.
   *[other] the trail ends at event #{ $last }.
} The newest events were deleted.
audit-seal-own-missing = Audit trail does NOT match seal #{ $number }: event #{ $seq }, which recorded that seal, is missing or replaced. The newest events were deleted.
audit-seal-unrecorded = Audit trail does NOT match its seals: event #{ $seq } records seal #{ $number }, which the seals table lacks or holds differently. The seals were tampered with.
audit-sealed = Sealed the audit trail at event #{ $seq } (seal #{ $number }) and posted it to #{ $channel }.
audit-nothing-to-seal = The audit trail is empty: there is nothing to seal yet.
audit-seal-notice = 🔏 Audit seal #{ $number } ({ $at }): event #{ $seq }, hash { $hash }. To check the trail against it: `/audit verify seal:{ $token }`
audit-deep-agrees = Deep check: { $count ->
    [one] one ticket, task or request agrees with its history.
   *[other] { $count } tickets, tasks and requests agree with their history.
}
audit-deep-skipped = Deep check: not run, as the chain itself is broken.
audit-deep-no-history = Deep check: { $object } has no history: it was added behind opsdesk's back.
audit-deep-no-row = Deep check: { $object } has a history (from event #{ $seq }) but is not in the data: it was deleted.
audit-deep-field = Deep check: { $object } differs from its history: { $field } is “{ $data }” in the data but “{ $trail }” in the trail (event #{ $seq }).
audit-deep-unrecorded-decision = Deep check: { $object } has a decision no event records (decision { $n }: { $verdict } by { $by } for { $approver }, step { $step }).
audit-deep-missing-decision = Deep check: { $object }: event #{ $seq } records a decision that is not in the data.
audit-deep-decision-field = Deep check: { $object }, decision { $n }, differs from its event #{ $seq }: { $field } is “{ $data }” in the data but “{ $trail }” in the trail.
error-object-id-invalid = `{ $value }` is not something with a history: give a ticket id (IT-1), a task (T-17), a request (A-5), an escalation (E-3), a member (@alice), a department (dept:it) or `audit` (the seals).
error-seal-invalid = `{ $value }` is not a seal: copy it from the audit channel's post, as the event number and the hash with a colon between them, e.g. seal:17:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
