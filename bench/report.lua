-- Shared by every wrk run of bench/run: one machine-readable line with exact numbers (wrk's own
-- text rounds latencies to two digits and hides the error kinds).
function report(summary, latency)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d non2xx3xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end

done = function(summary, latency, requests)
  report(summary, latency)
end
