-- wrk script for a PUT that changes nothing but runs the whole write path: the session
-- cookie and CSRF token from COOKIE and CSRF, the JSON body from BODY, plus the REPORT line.
dofile("bench/report.lua")
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
wrk.body = os.getenv("BODY")
