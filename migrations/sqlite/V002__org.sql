-- Organisation: sites with their business calendar, departments (a tree), staff, venues.
-- Times are INTEGER epoch milliseconds (UTC); booleans INTEGER 0/1; JSON as TEXT.
-- users.department_id (V001) stays a plain column: departments did not exist yet, and
-- SQLite cannot add a foreign key later; the auth service checks the reference instead.
-- AUTOINCREMENT: ids are never reused after a delete (as with PostgreSQL identities), so an
-- audit row's entity_id always means one object.

CREATE TABLE sites (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
  address TEXT NOT NULL DEFAULT '',
  directions TEXT NOT NULL DEFAULT '',
  desk_hours_json TEXT NOT NULL DEFAULT '[]',       -- [{"start":"08:30","end":"11:30"},...]
  working_weekdays TEXT NOT NULL DEFAULT '1,2,3,4,5', -- ISO weekdays, Monday = 1
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE departments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  code TEXT UNIQUE,                                  -- optional; NULLs do not collide
  parent_id INTEGER REFERENCES departments(id),
  site_id INTEGER REFERENCES sites(id),
  head_staff_id INTEGER,                             -- staff(id); checked by the service
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- Sibling names are unique; top-level departments (parent NULL) are siblings too.
CREATE UNIQUE INDEX departments_sibling_name ON departments (COALESCE(parent_id, 0), name);
CREATE INDEX departments_parent ON departments (parent_id);

CREATE TABLE staff (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  name_initials TEXT NOT NULL DEFAULT '',            -- pinyin initials, lower case ("zs")
  department_id INTEGER REFERENCES departments(id),
  site_id INTEGER REFERENCES sites(id),
  title TEXT NOT NULL DEFAULT '',
  rank INTEGER NOT NULL DEFAULT 5 CHECK (rank BETWEEN 1 AND 20),
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  extension TEXT NOT NULL DEFAULT '',
  user_id INTEGER REFERENCES users(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX staff_department ON staff (department_id);
CREATE INDEX staff_extension ON staff (extension);
CREATE INDEX staff_initials ON staff (name_initials);

CREATE TABLE venues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('large_meeting_room', 'small_meeting_room', 'lounge', 'office')),
  capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
  equipment_json TEXT NOT NULL DEFAULT '[]',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (site_id, name)
);

-- Days whose status differs from their weekday: holidays and make-up working days.
CREATE TABLE calendar_days (
  site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  day INTEGER NOT NULL,                              -- days since 1970-01-01, site-local date
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (site_id, day)
);
