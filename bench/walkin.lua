-- wrk script: every request registers a walk-in at the desk (POST /api/v1/visits/walk-ins),
-- as a clerk does: visitor, company, phone (encrypted), host. The server writes the visit,
-- the visitor, the audit row, the host's task and the notification rows in one transaction.
-- Environment: COOKIE, CSRF, SITE, HOST.
dofile("bench/report.lua")
local surnames = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵" }
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
local site, host = os.getenv("SITE"), os.getenv("HOST")
local seed = math.random(0, 999)

request = function()
  counter = counter + 1
  local body = string.format(
    '{"site_id":%s,"host_staff_id":%s,"visitor_kind":"other","visitor_name":"%s访客%d",' ..
    '"company":"压测科技有限公司","phone":"139%04d%04d","purpose":"洽谈"}',
    site, host, surnames[counter % #surnames + 1], counter, seed, counter % 10000)
  return wrk.format(nil, nil, nil, body)
end
