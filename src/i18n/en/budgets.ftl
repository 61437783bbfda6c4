## /budget: department budgets, and what requests take of them (src/core/service/budgets/).

period-examples = `2026-12`, `2026-Q4`, `2027`, `December 2026`
period-empty = Give a period, for example { period-examples }.
period-unreadable = I can't read "{ $text }" as a period. Write a month, a quarter or a year, for example { period-examples }.
period-bad-month = "{ $text }": a year has months 1 to 12, not { $month }. Write a period like { period-examples }.
period-bad-quarter = "{ $text }": a year has quarters Q1 to Q4, not Q{ $quarter }. Write a period like { period-examples }.
period-bad-year = "{ $text }": budgets are for the years 2000 to 2100. Write a period like { period-examples }.

field-budget = Budget
field-allocated = Allocated
field-committed = Committed (waiting)
field-spent = Spent (approved)
field-left = Left
field-over-budget = Over budget

budget-title = Budget { $budget }
budget-used = { $amount } ({ $percent }% used)
budget-state = committed { $committed }, spent { $spent }, { $left } left ({ $percent }% used)
budget-state-over = committed { $committed }, spent { $spent }: { $over } over budget ({ $percent }% used)
budget-set = Budget { $budget } set to { $amount }: { $state }.
budget-changed = Budget { $budget } changed from { $was } to { $amount }: { $state }.
budget-set-notice = The budget { $budget } is now { $amount } (set by @{ $by }).
budget-none = No budget is set for { $budget }. `/budget set` sets one; `/budget list` shows those there are.
budget-none-short = { $budget }: no budget set
budget-none-running = { $dept }: no budget running today
budget-list-header = Budgets for { $period }:
budget-list-header-today = Budgets running today ({ $today }):
budget-list-line = { $budget }: { $allocated } · { $state }
budget-items-header = Biggest items:
budget-item-committed = committed
budget-item-spent = spent
budget-raised-by = Raised by { $id }: +{ $amount }

budget-line = { $budget }: { $allocated } — after this { $left } left
budget-line-over = { $budget }: { $allocated } — after this { $over } over budget
budget-line-now = { $budget }: { $allocated } — { $left } left
budget-line-none = { $budget }: no budget set
budget-line-raise = { $budget }: { $allocated } — approving raises it to { $after }
budget-line-raise-new = { $budget }: no budget set — approving sets it to { $after }
budget-overrun-director-added = it asks for more than the budget had left, so a director decides it too (step { $step })
budget-overrun-director-already = it asks for more than the budget had left; a director decides it (step { $step })
budget-overrun-allowed = it asks for more than the budget had left; the organisation lets it through, for information
budget-over-notice = ⚠ Over budget: { $budget }; { $overrun }.
approval-asked-notice-budget = @{ $requester } asks you to approve { $id }: { $title }, { $amount } (step { $step } of { $steps }). Budget: { $budget }. Use ✅/❌ on the card, or `/approval approve id:{ $id }` / `/approval reject id:{ $id } reason:…`.

budget-alert-running-low = ⚠ Budget { $budget } is { $percent }% used: { $used } of { $allocated } committed or spent, { $left } left.
budget-alert-used-up = 🛑 Budget { $budget } is used up ({ $percent }%): { $used } of { $allocated } committed or spent.

error-budget-dept-required = Say which department's budget, e.g. dept:it.
error-budget-currency-kept = The budget { $budget } is kept in { $currency }: give the amount in { $currency }, for example `30000 { $currency }`.
error-budget-no-rate = There is no exchange rate for { $currency }, so no budget can be kept in it: use one of { $accepted }, for example `30000 EUR`.
error-budget-request-no-rate = The budget { $budget } is kept in { $expected }, and there is no exchange rate for { $currency }. Write the amount in { $expected }.
error-budget-period-kind = Only budget requests name a period: a { $kind } request counts against the budgets of the month it is made in. Leave out period:.
error-budget-over = The budget { $budget } has { $left } left, and this request asks for { $amount }. Ask for less, or first for more budget: `/approval request kind:budget … period:…`.
needed-budget-setter = the accounting manager, directors and admins
needed-budget-setter-own = directors and admins (the manager of { $dept } never sets its own budget)
needed-budget-viewer = the manager of { $dept }, the accounting manager, directors and admins
needed-budget-lister = managers, the accounting manager, directors and admins
