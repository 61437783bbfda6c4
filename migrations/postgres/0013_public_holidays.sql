-- Issue #12, part 10: a department's public holidays are computed for any year from a
-- country code (`ro`), beside the dates added on top (the `holidays` JSON array).

ALTER TABLE departments ADD COLUMN public_holidays TEXT COLLATE "C";
