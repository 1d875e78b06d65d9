-- wrk reporting shared by bench/visitors.sh: one REPORT line with req/s and the
-- 50th/95th/99th latency percentiles in ms (wrk --latency prints no 95th).
function report(summary, latency)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("REPORT %.0f %.2f %.2f %.2f %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
done = function(summary, latency, requests) report(summary, latency) end
