-- A formal reception books its rooms through the meeting service (DOMAIN.md PLAN-3, MTG-4):
-- an itinerary item with a venue holds that room as a booking of `meetings` that belongs to
-- its plan. The booking names its source (kind 'reception', the plan, the item) and keeps
-- the plan's number and title for the room calendar; the meetings page cannot change it.
ALTER TABLE meetings ADD COLUMN source_kind TEXT NOT NULL DEFAULT '';  -- '' | reception
ALTER TABLE meetings ADD COLUMN source_id BIGINT;                      -- the plan
ALTER TABLE meetings ADD COLUMN source_item_id BIGINT;                 -- its itinerary item
ALTER TABLE meetings ADD COLUMN source_number TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN source_title TEXT NOT NULL DEFAULT '';
CREATE INDEX meetings_source ON meetings (source_kind, source_id) WHERE source_kind <> '';

-- MTG-4 still holds between holders, but the bookings of one source may share a room
-- (consecutive items of a plan in one hall, whose buffers overlap): a booking's hold group
-- is its own number from a sequence, a source's bookings share the negative source id.
CREATE SEQUENCE meetings_hold_group;
ALTER TABLE meetings ADD COLUMN hold_group BIGINT NOT NULL DEFAULT nextval('meetings_hold_group');
ALTER TABLE meetings DROP CONSTRAINT meetings_no_overlap;
ALTER TABLE meetings ADD CONSTRAINT meetings_no_overlap EXCLUDE USING gist
  (venue_id WITH =, int8range(busy_from, busy_to) WITH &&, hold_group WITH <>)
  WHERE (status IN ('pending', 'confirmed'));
