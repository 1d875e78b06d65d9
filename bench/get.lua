-- wrk script for GET routes: the session cookie from COOKIE, plus the REPORT line.
dofile("bench/report.lua")
wrk.headers["Cookie"] = os.getenv("COOKIE")
