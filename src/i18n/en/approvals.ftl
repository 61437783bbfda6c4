## /approval, decisions, delegation, expiry

approval-status-pending = pending
approval-status-approved = approved
approval-status-rejected = rejected
approval-status-withdrawn = withdrawn
approval-status-expired = expired

field-kind = Kind
field-amount = Amount
field-counted-as = Counted as
approval-counted-as = { $amount } at { $rate }
field-step = Step { $n }
approval-quorum-any = any one
approval-quorum-all = all of them
approval-quorum-with-previous = one decision with step { $step }: same person, both roles
approval-step-nobody = nobody yet

action-approve = Approve
action-reject = Reject
action-reject-input = Why is it rejected?
error-action-needs-input = That needs a text first: on Discord click the button on the card of { $id } (it asks for it), or use the command with `reason:`.

approval-requested = { $id } requested: { $title } — { $waiting }.
approval-card-intro = Approval request from @{ $requester }:
approval-waiting-on = waits on { $approvers } (step { $step } of { $steps })
approval-waiting-on-nobody = waits at step { $step } of { $steps } for an approver the organisation no longer has; an admin must name one with `/member set`
approval-asked-notice = @{ $requester } asks you to approve { $id }: { $title } (step { $step } of { $steps }). Use ✅/❌ on the card, or `/approval approve id:{ $id }` / `/approval reject id:{ $id } reason:…`.
approval-asked-notice-amount = @{ $requester } asks you to approve { $id }: { $title }, { $amount } (step { $step } of { $steps }). Use ✅/❌ on the card, or `/approval approve id:{ $id }` / `/approval reject id:{ $id } reason:…`.
approval-you-approved = You approved { $id } (step { $step } of { $steps }).
approval-you-approved-steps = You approved { $id } (steps { $from }–{ $to } of { $steps }): one decision for the steps you hold both roles in.
approval-you-rejected = You rejected { $id } (step { $step } of { $steps }).
approval-on-behalf = { $decided } Recorded for @{ $handle }, whom you stand in for.
approval-approved-notice = ✅ { $id } is approved: { $title } — decided by { $deciders }.
approval-rejected-notice = ❌ { $id } was rejected by @{ $by }: { $title } — “{ $reason }”.
approval-withdrawn = { $id } is withdrawn.
approval-withdrawn-notice = { $id } ({ $title }) was withdrawn; nothing to decide.
approval-unassigned-notice = { $id } ({ $title }) no longer waits on you after a change in the organisation: it { $waiting }.
approval-version = Content version { $hash }
approval-decision-comment = { $decision } — “{ $comment }”
approval-decision-approve = Step { $step }: ✅ @{ $by }, { $at }, on version { $hash }
approval-decision-approve-for = Step { $step }: ✅ @{ $by } for @{ $approver }, { $at }, on version { $hash }
approval-decision-reject = Step { $step }: ❌ @{ $by }, { $at }, on version { $hash }
approval-decision-reject-for = Step { $step }: ❌ @{ $by } for @{ $approver }, { $at }, on version { $hash }
approval-list-header = { $count ->
    [one] One request:
   *[other] { $count } requests:
}
approval-list-empty = No requests here.
approval-delegated = Until { $until }, requests waiting on you also wait on @{ $handle }.
approval-delegated-notice = @{ $handle } is away until { $until }: their approvals also come to you.
approval-delegation-off = Your delegation is off; requests wait on you alone.
approval-stale-reminder = ⏰ { $id } ({ $title }) is still waiting for your decision.
approval-reminder-line = { $id } · { $title }
approval-expired-notice = { $id } ({ $title }) expired: step { $step } waited too long without a decision. Ask again if it is still needed.

error-approval-id-invalid = `{ $id }` is not a request id: request ids look like A-5.
error-unknown-approval = There is no request { $id }. `/approval list` shows yours.
error-approval-dept-required = Say which department it is for, e.g. dept:it.
error-approval-no-approver = Nobody can approve step { $step } of this request; ask an admin to check the approval policy.
error-approval-closed = { $id } is { $status }; it takes no more decisions.
error-approval-own = You cannot decide { $id }: it is your own request.
error-approval-not-yours = { $id } { $waiting }; you are not one of them.
error-approval-nobody = { $id } { $waiting }.
error-approval-already-decided = Your decision on { $id } is already recorded; one person counts once.
error-approval-earlier-step = You approved step { $step } of { $id }; a different person must decide the next step.
error-approval-withdraw-not-yours = Only @{ $handle }, who made { $id }, can withdraw it.
error-approval-view-invalid = `{ $value }` is not a list: use mine or waiting.
error-delegate-self = You cannot delegate to yourself; name someone else, e.g. to:@dan.
error-delegate-past = { $until } has already passed; give a date from today on, e.g. until:2026-12-20.
error-delegate-none = You have no delegation to turn off.
needed-approval-party = the requester, its approvers, the department's manager, directors and admins
