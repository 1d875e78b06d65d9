-- Conference reception 会务接待 (DOMAIN.md PLAN-9, PLAN-10, GEN-2): the conference with its
-- public registration link, hotel classes with prices and room quotas, meals, pickup points;
-- the delegates who register; meal check-ins; supplier bill lines and payments received.
-- Every list the organisers work from (pickup lists, meal tickets, diets, fees, the bill
-- reconciliation) is computed from these rows, never stored twice.
-- Times are INTEGER epoch milliseconds (UTC); dates INTEGER days since 1970-01-01 (local
-- to the conference's site); booleans INTEGER 0/1; money INTEGER fen.
-- Phone numbers are stored encrypted (DATA-2): phone_enc the ciphertext, phone_index a keyed
-- hash (one registration per phone number and conference), phone_hint the masked form.

CREATE TABLE conferences (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id INTEGER NOT NULL REFERENCES sites(id),  -- its time zone dates the meals and arrivals
  reception_id INTEGER,                     -- a formal reception plan it belongs to (no FK:
                                            -- the plans live in another module, later)
  title TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',           -- where it is held (hotel, hall, address)
  start_date INTEGER NOT NULL,
  end_date INTEGER NOT NULL,
  registration_opens_at INTEGER NOT NULL,
  registration_closes_at INTEGER NOT NULL,
  public_token TEXT NOT NULL UNIQUE,        -- the public form is /register/<token>
  fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),  -- 会务费 per delegate
  waive_head INTEGER NOT NULL DEFAULT 1,    -- PLAN-9: the head of each delegation is free
  waive_liaison INTEGER NOT NULL DEFAULT 1, -- PLAN-9: one liaison free above N delegates
  liaison_free_above INTEGER NOT NULL DEFAULT 2 CHECK (liaison_free_above >= 0),  -- N
  contact TEXT NOT NULL DEFAULT '',         -- whom delegates call (shown on the form)
  notes TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (end_date >= start_date),
  CHECK (registration_closes_at > registration_opens_at)
);
CREATE INDEX conferences_start ON conferences (start_date);

-- Hotel classes (A类, B类 ...): a hotel, the price of a room per night, the rooms held.
CREATE TABLE conference_hotels (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  hotel TEXT NOT NULL DEFAULT '',
  price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
  rooms INTEGER NOT NULL CHECK (rooms >= 0),  -- the quota
  sort INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX conference_hotels_conference ON conference_hotels (conference_id);

-- Meals served to the delegates (meal tickets are their check-in lists).
CREATE TABLE conference_meals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
  day INTEGER NOT NULL,                     -- local date
  kind TEXT NOT NULL CHECK (kind IN ('breakfast', 'lunch', 'dinner')),
  starts_minute INTEGER NOT NULL CHECK (starts_minute BETWEEN 0 AND 1439),  -- local time
  place TEXT NOT NULL DEFAULT '',
  price_fen INTEGER NOT NULL DEFAULT 0 CHECK (price_fen >= 0),  -- per diner
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX conference_meals_conference ON conference_meals (conference_id, day);

-- Where delegates are met (airport, railway station) and seen off; arrivals are grouped
-- into runs of window_minutes (NULL: the setting conferences.pickup_window_minutes).
CREATE TABLE conference_pickup_points (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('airport', 'station', 'other')),
  window_minutes INTEGER CHECK (window_minutes BETWEEN 10 AND 720),
  staff_id INTEGER REFERENCES staff(id),    -- the driver / logistics contact who is sent the list
  notes TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX conference_pickup_points_conference ON conference_pickup_points (conference_id);

-- A delegate (GEN-2 facts, PLAN-10 special needs). The delegation is the organisation.
CREATE TABLE conference_delegates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conference_id INTEGER NOT NULL REFERENCES conferences(id),
  code TEXT NOT NULL,                       -- the delegate's small code (QR on the ticket)
  name TEXT NOT NULL,
  gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
  organisation TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('head', 'liaison', 'member')),
  phone_enc TEXT NOT NULL DEFAULT '',
  phone_index TEXT NOT NULL DEFAULT '',
  phone_hint TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  diet TEXT NOT NULL DEFAULT 'normal' CHECK (diet IN ('normal', 'halal', 'vegetarian', 'other')),
  diet_note TEXT NOT NULL DEFAULT '',
  needs TEXT NOT NULL DEFAULT '',           -- PLAN-10: accessibility, transport preference
  arrival_at INTEGER,
  arrival_transport TEXT NOT NULL DEFAULT '' CHECK (arrival_transport IN ('', 'flight', 'train', 'car', 'other')),
  arrival_number TEXT NOT NULL DEFAULT '',  -- flight or train number
  arrival_point_id INTEGER REFERENCES conference_pickup_points(id),
  departure_at INTEGER,
  departure_transport TEXT NOT NULL DEFAULT '' CHECK (departure_transport IN ('', 'flight', 'train', 'car', 'other')),
  departure_number TEXT NOT NULL DEFAULT '',
  departure_point_id INTEGER REFERENCES conference_pickup_points(id),
  return_ticket INTEGER NOT NULL DEFAULT 0, -- PLAN-9: asks the organisers to book it
  return_note TEXT NOT NULL DEFAULT '',
  hotel_id INTEGER REFERENCES conference_hotels(id),  -- NULL: no room wanted
  room_sharing TEXT NOT NULL DEFAULT 'single' CHECK (room_sharing IN ('single', 'shared')),
  roommate TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
  source TEXT NOT NULL DEFAULT 'staff' CHECK (source IN ('public', 'staff')),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (departure_at IS NULL OR arrival_at IS NULL OR departure_at > arrival_at)
);
CREATE UNIQUE INDEX conference_delegates_code ON conference_delegates (conference_id, code);
-- One registration per phone number and conference.
CREATE UNIQUE INDEX conference_delegates_phone ON conference_delegates (conference_id, phone_index)
  WHERE status = 'registered' AND phone_index <> '';
CREATE INDEX conference_delegates_list ON conference_delegates (conference_id, organisation);
-- The rooms taken from a hotel class's quota.
CREATE INDEX conference_delegates_hotel ON conference_delegates (hotel_id) WHERE status = 'registered';

-- A delegate checked in at a meal (ticked on the list or their code scanned).
CREATE TABLE conference_meal_checkins (
  meal_id INTEGER NOT NULL REFERENCES conference_meals(id) ON DELETE CASCADE,
  delegate_id INTEGER NOT NULL REFERENCES conference_delegates(id),
  method TEXT NOT NULL CHECK (method IN ('tick', 'scan')),
  checked_by INTEGER REFERENCES users(id),
  checked_at INTEGER NOT NULL,
  PRIMARY KEY (meal_id, delegate_id)
);

-- PLAN-9 bill reconciliation: a supplier's bill, line by line, against what the
-- registrations lead one to expect. ref_id names the hotel class, meal or pickup point the
-- line is for (by category; NULL for "other").
CREATE TABLE conference_bill_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
  category TEXT NOT NULL CHECK (category IN ('hotel', 'meal', 'transport', 'other')),
  ref_id INTEGER,
  supplier TEXT NOT NULL,
  item TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX conference_bill_lines_conference ON conference_bill_lines (conference_id);

-- Money received from a delegation (by its organisation's name).
CREATE TABLE conference_payments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conference_id INTEGER NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
  organisation TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_on INTEGER NOT NULL,                 -- local date
  method TEXT NOT NULL DEFAULT 'transfer' CHECK (method IN ('transfer', 'cash', 'card', 'other')),
  reference TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX conference_payments_conference ON conference_payments (conference_id, organisation);
