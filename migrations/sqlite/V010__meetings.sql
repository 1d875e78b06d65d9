-- Meeting service (DOMAIN.md MTG-1..4, VIS-11): room bookings on venues with set-up and
-- clean-up buffers, recurring series with exceptions, approvals, the service order, the
-- attendees, and the secret tokens of the per-user calendar feeds.
-- Times are INTEGER epoch milliseconds (UTC); dates INTEGER days since 1970-01-01
-- (site-local); booleans INTEGER 0/1; JSON as TEXT.

-- How a venue is booked. A venue without a row: approval when it is the large meeting room
-- (VIS-11), buffers from the settings meetings.setup_buffer_minutes / cleanup_buffer_minutes.
CREATE TABLE meeting_rooms (
  venue_id INTEGER PRIMARY KEY REFERENCES venues(id),
  needs_approval INTEGER NOT NULL DEFAULT 0,
  setup_minutes INTEGER CHECK (setup_minutes BETWEEN 0 AND 240),     -- NULL = the setting
  cleanup_minutes INTEGER CHECK (cleanup_minutes BETWEEN 0 AND 240), -- NULL = the setting
  updated_at INTEGER NOT NULL
);

-- A recurring booking's rule; its occurrences are rows of meetings (series_id), made up to a
-- bounded horizon so that each is checked for conflicts like a single booking.
CREATE TABLE meeting_series (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  uid TEXT NOT NULL UNIQUE,                  -- iCalendar UID of the series
  sequence INTEGER NOT NULL DEFAULT 0,       -- iCalendar SEQUENCE of the series
  freq TEXT NOT NULL CHECK (freq IN ('daily', 'weekly', 'monthly')),
  interval_n INTEGER NOT NULL DEFAULT 1 CHECK (interval_n BETWEEN 1 AND 12),
  weekdays TEXT NOT NULL DEFAULT '',         -- weekly: ISO weekdays "1,3"
  until_date INTEGER,                        -- last local date (inclusive), or
  count INTEGER,                             -- number of occurrences
  first_start_at INTEGER NOT NULL,           -- the first occurrence (DTSTART)
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One booking of a venue (a single meeting, or one occurrence of a series).
--   pending   -> confirmed (approved) | rejected          (needs approval: VIS-11)
--   confirmed -> cancelled;  pending -> cancelled
-- busy_from/busy_to is the occupancy: [start - set-up buffer, end + clean-up buffer).
CREATE TABLE meetings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  venue_id INTEGER NOT NULL REFERENCES venues(id),
  series_id INTEGER REFERENCES meeting_series(id),
  occurrence_start_at INTEGER,               -- a series occurrence's original start (RECURRENCE-ID)
  is_exception INTEGER NOT NULL DEFAULT 0,   -- an occurrence moved or edited on its own
  uid TEXT NOT NULL UNIQUE,                  -- iCalendar UID (the series' for occurrences)
  sequence INTEGER NOT NULL DEFAULT 0,       -- iCalendar SEQUENCE
  title TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '' CHECK (category IN ('', 'A', 'B', 'C', 'D')),
  organizer_staff_id INTEGER REFERENCES staff(id),
  clerk_user_id INTEGER REFERENCES users(id), -- MTG-1: the staff member serving it
  attendee_count INTEGER NOT NULL DEFAULT 0 CHECK (attendee_count >= 0),
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  busy_from INTEGER NOT NULL,
  busy_to INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected', 'cancelled')),
  approval_rule TEXT NOT NULL DEFAULT '',    -- why it waits: venue | category_a
  decided_by INTEGER REFERENCES users(id),
  decided_at INTEGER,
  decision_reason TEXT NOT NULL DEFAULT '',
  bring TEXT NOT NULL DEFAULT '',            -- MTG-2: what attendees prepare
  notes TEXT NOT NULL DEFAULT '',
  services_json TEXT NOT NULL DEFAULT '[]',  -- MTG-1: [{"item":"tea","quantity":10,"note":""}]
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (end_at > start_at),
  CHECK (busy_from <= start_at AND busy_to >= end_at)
);
-- MTG-4 conflicts: the bookings of a venue that hold it, by start of occupancy.
CREATE INDEX meetings_venue_busy ON meetings (venue_id, busy_from)
  WHERE status IN ('pending', 'confirmed');
-- The day/week calendar of a site.
CREATE INDEX meetings_site_start ON meetings (site_id, start_at);
CREATE INDEX meetings_series ON meetings (series_id, start_at);
CREATE INDEX meetings_pending ON meetings (site_id, start_at) WHERE status = 'pending';

-- MTG-2: who is invited (a staff member, or an outside address).
CREATE TABLE meeting_attendees (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  staff_id INTEGER REFERENCES staff(id),
  name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id);
CREATE INDEX meeting_attendees_staff ON meeting_attendees (staff_id);

-- The secret of a user's calendar feed URL (only its SHA-256 is kept; rotating replaces it).
CREATE TABLE meeting_feed_tokens (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

-- E-mail deliveries may carry an iCalendar part (text/calendar; method=REQUEST/CANCEL).
ALTER TABLE outbox ADD COLUMN calendar TEXT NOT NULL DEFAULT '';
