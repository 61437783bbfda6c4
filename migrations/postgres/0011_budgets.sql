-- Budgets (issue #13): what each department may spend in a period, and what every request
-- takes of it. Their history, movements included, is the audit trail's (`budget:it:2026-Q4`).

CREATE TABLE budgets (
    dept         TEXT COLLATE "C" NOT NULL REFERENCES departments(key),
    period       TEXT COLLATE "C" NOT NULL,            -- 2026-12 | 2026-Q4 | 2027
    amount_minor BIGINT NOT NULL,         -- allocated, in cents
    currency     TEXT COLLATE "C" NOT NULL,
    note         TEXT COLLATE "C",
    alerted      BIGINT NOT NULL DEFAULT 0, -- highest threshold (percent) already told
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (dept, period)
);

-- One request's part in one budget: a spending request reserves against every budget of
-- its department whose period contains its month; a budget request raises the one it names.
-- A raise may name a budget not set yet: entries do not reference the budgets table.
CREATE TABLE budget_entries (
    dept         TEXT COLLATE "C" NOT NULL REFERENCES departments(key),
    period       TEXT COLLATE "C" NOT NULL,
    approval     BIGINT NOT NULL REFERENCES approvals(id),
    effect       TEXT COLLATE "C" NOT NULL,            -- reserve | raise
    amount_minor BIGINT NOT NULL,         -- in the budget's currency, as converted when made
    currency     TEXT COLLATE "C" NOT NULL,
    state        TEXT COLLATE "C" NOT NULL,            -- open | done | released
    overrun      TEXT COLLATE "C",                     -- director_added | director_already | allowed
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (dept, period, approval)
);
CREATE INDEX budget_entries_by_approval ON budget_entries (approval);

-- A budget set for a period that has already begun counts the requests made since it began.
CREATE INDEX approvals_by_dept ON approvals (dept, created_at);
