-- CMP-5 attitude complaints: once handled, the handling opinion on the staff member
-- complained of is given the same or the next day and reported to HR for the performance
-- assessment. A cause class says whether it is about a person's attitude; the opinion has
-- a clock of its own ('opinion'), started at the resolution and met when the opinion (the
-- CMP-8 attribution) is recorded.
ALTER TABLE complaint_causes ADD COLUMN attitude BIGINT NOT NULL DEFAULT 0;
UPDATE complaint_causes SET attitude = 1 WHERE code IN ('implementer_attitude', 'staff_service');

ALTER TABLE complaint_clocks DROP CONSTRAINT complaint_clocks_kind_check;
ALTER TABLE complaint_clocks ADD CONSTRAINT complaint_clocks_kind_check
  CHECK (kind IN ('first_contact', 'answer', 'callback', 'escalation', 'opinion'));
