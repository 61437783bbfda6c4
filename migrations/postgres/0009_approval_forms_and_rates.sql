-- Issue #12. A request keeps the approver forms of its steps, to resolve its approvers again
-- as the organisation changes, and the exchange rate its amount was counted at.
-- Both stay NULL for requests made before: their approvers stay as first planned, and they
-- were all in their kind's currency.

ALTER TABLE approvals ADD COLUMN step_forms TEXT COLLATE "C";  -- JSON: each step's forms, e.g. [["dept_manager"],["manager:acc"]]
ALTER TABLE approvals ADD COLUMN rate TEXT COLLATE "C";        -- JSON: {"from":"RON","to":"EUR","num":…,"den":…}
