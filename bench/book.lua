-- wrk script: every request books a room (POST /api/v1/meetings) in a slot nobody holds:
-- room, day and hour walk through ROOMS rooms from FIRST_VENUE, six one-hour slots a day
-- (two hours apart, so set-up and clean-up buffers never meet), from DAY0 days ahead, so
-- each booking runs the whole path (conflict check, insert, checklist tasks, audit row) and
-- succeeds. Environment: COOKIE, CSRF, FIRST_VENUE, ROOMS, TODAY (local midnight, epoch
-- seconds), DAY0.
dofile("bench/report.lua")
local counter = 0
local threads = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
local first, rooms = tonumber(os.getenv("FIRST_VENUE")), tonumber(os.getenv("ROOMS"))
local today, day0 = tonumber(os.getenv("TODAY")), tonumber(os.getenv("DAY0"))

setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

request = function()
  local i = counter * 2 + (tid or 0)
  counter = counter + 1
  local room = first + i % rooms
  local slot = math.floor(i / rooms) % 6
  local day = day0 + math.floor(i / (rooms * 6))
  local start = today + day * 86400 + (8 + slot * 2) * 3600
  local body = string.format(
    '{"venue_id":%d,"subject":"压测预订%d","start_at":"%s","end_at":"%s",' ..
    '"services":[{"item":"tea","quantity":6}]}',
    room, i, os.date("!%Y-%m-%dT%H:%M:%SZ", start), os.date("!%Y-%m-%dT%H:%M:%SZ", start + 3600))
  return wrk.format(nil, nil, nil, body)
end
