-- wrk script: every request registers a phone complaint (POST /api/v1/complaints), as the
-- customer-service clerk does: the customer (a new phone number each time, encrypted), the
-- description. The server writes the customer, the ticket with its human number, two clocks
-- with their warning and breach tasks, the timeline entry, the audit row and the live event,
-- and evaluates the red-alert rules (CMP-7), in one durable transaction.
-- Environment: COOKIE, CSRF, SITE.
dofile("bench/report.lua")
local surnames = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵" }
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
local site = os.getenv("SITE")
-- Each wrk thread numbers its own customers: a new phone number for every ticket (the same
-- number again would make a repeat complainant, CMP-7, which is not what is measured).
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_no", threads)  -- a global of that thread's script
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"site_id":%s,"channel":"phone","customer_name":"%s先生%d","phone":"137%02d%06d",' ..
    '"subject":"设备无法开机","description":"上周安装的设备今天无法开机，请尽快处理"}',
    site, surnames[counter % #surnames + 1], counter, thread_no or 0, counter % 1000000)
  return wrk.format(nil, nil, nil, body)
end
