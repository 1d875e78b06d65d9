-- A formal reception books its rooms through the meeting service (DOMAIN.md PLAN-3, MTG-4):
-- an itinerary item with a venue holds that room as a booking of `meetings` that belongs to
-- its plan. The booking names its source (kind 'reception', the plan, the item) and keeps
-- the plan's number and title for the room calendar; the meetings page cannot change it.
-- hold_group: on PostgreSQL the exclusion constraint lets the bookings of one source share a
-- room (consecutive items of a plan in one hall, buffers overlapping); unused on SQLite,
-- where the one writer and the service's check keep MTG-4.
ALTER TABLE meetings ADD COLUMN source_kind TEXT NOT NULL DEFAULT '';  -- '' | reception
ALTER TABLE meetings ADD COLUMN source_id INTEGER;                     -- the plan
ALTER TABLE meetings ADD COLUMN source_item_id INTEGER;                -- its itinerary item
ALTER TABLE meetings ADD COLUMN source_number TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN source_title TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN hold_group INTEGER;
CREATE INDEX meetings_source ON meetings (source_kind, source_id) WHERE source_kind <> '';
