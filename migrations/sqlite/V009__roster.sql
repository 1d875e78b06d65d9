-- The front desk as a post (DOMAIN.md DESK-1, DESK-2): the duty roster of each site's desk
-- (shifts and named lunch covers, absences with their cover, hand-overs when a clerk leaves
-- the desk), who is warned about gaps, and the conduct records with the supervisor's notes
-- on each clerk's month.
-- Times are INTEGER epoch milliseconds (UTC); days INTEGER days since 1970-01-01 in the
-- site's local calendar; times of a day INTEGER minutes after local midnight; months
-- INTEGER YYYYMM; money INTEGER fen.

-- DESK-1: a clerk at the desk of a site for part of a day ("desk"), or the named cover of
-- the lunch break ("lunch").
CREATE TABLE roster_shifts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  day INTEGER NOT NULL,
  start_min INTEGER NOT NULL CHECK (start_min >= 0 AND start_min < 1440),
  end_min INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),
  kind TEXT NOT NULL DEFAULT 'desk' CHECK (kind IN ('desk', 'lunch')),
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX roster_shifts_site_day ON roster_shifts (site_id, day);
CREATE INDEX roster_shifts_staff_day ON roster_shifts (staff_id, day);

-- Leave, sickness, an errand: the staff member's duty in [start_at, end_at) goes to the
-- named cover, or leaves a gap without one.
CREATE TABLE roster_absences (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  kind TEXT NOT NULL CHECK (kind IN ('leave', 'sick', 'business', 'other')),
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  cover_staff_id INTEGER REFERENCES staff(id),
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (end_at > start_at),
  CHECK (cover_staff_id IS NULL OR cover_staff_id <> staff_id)
);
CREATE INDEX roster_absences_staff ON roster_absences (staff_id, start_at);
CREATE INDEX roster_absences_cover ON roster_absences (cover_staff_id);

-- DESK-1: a clerk leaving the desk hands over to a named colleague; coming back ends it.
CREATE TABLE roster_handovers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  from_staff_id INTEGER NOT NULL REFERENCES staff(id),
  to_staff_id INTEGER NOT NULL REFERENCES staff(id),
  reason TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  confirmed_at INTEGER,                      -- the colleague confirmed taking over
  started_by INTEGER REFERENCES users(id),
  ended_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (from_staff_id <> to_staff_id),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX roster_handovers_site ON roster_handovers (site_id, started_at);
CREATE INDEX roster_handovers_to ON roster_handovers (to_staff_id, started_at);
-- One open hand-over per clerk who left: a second one while away is a conflict.
CREATE UNIQUE INDEX roster_handovers_open ON roster_handovers (from_staff_id) WHERE ended_at IS NULL;

-- Who is warned about a site's gaps; no row or NULL = every admin clerk.
CREATE TABLE roster_sites (
  site_id INTEGER PRIMARY KEY REFERENCES sites(id),
  warn_user_id INTEGER REFERENCES users(id),
  updated_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);

-- DESK-2: violations logged by the supervisor; records, not payroll.
CREATE TABLE conduct_violations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  site_id INTEGER NOT NULL REFERENCES sites(id),
  day INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('absent_from_post', 'late', 'appearance', 'etiquette',
                                     'phone', 'registration', 'desk_order', 'other')),
  details TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('minor', 'serious')),
  fine_fen INTEGER NOT NULL DEFAULT 0 CHECK (fine_fen >= 0),
  appeal TEXT NOT NULL DEFAULT '',           -- the clerk's appeal or explanation
  appeal_at INTEGER,
  recorded_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (severity = 'serious' OR fine_fen = 0)
);
CREATE INDEX conduct_violations_staff_day ON conduct_violations (staff_id, day);
CREATE INDEX conduct_violations_site_day ON conduct_violations (site_id, day);

-- DESK-2: the supervisor's note on a clerk's month and the training given that month.
CREATE TABLE conduct_months (
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  month INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  training_on INTEGER,                       -- day of the training
  updated_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (staff_id, month)
);
CREATE INDEX conduct_months_training ON conduct_months (staff_id, training_on);
