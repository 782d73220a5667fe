-- wrk script for tests/bench/run.sh: one GET of the URL given to wrk, with
-- the headers run.sh passes in the environment (wrk's Lua has os.getenv):
--   BENCH_COOKIE           "hearth_session=..." of the account signed in once
--                          before the run (empty: signed out)
--   BENCH_ACCEPT_ENCODING  e.g. "gzip, deflate, br" (empty: no such header)
--   BENCH_CONNECTION       "close": a new connection for every request (wrk
--                          reconnects when the response says close)
-- At the end it prints one "bench-result:" line with exact counts and
-- latencies in microseconds, next to wrk's own --latency report (which
-- rounds them).

local cookie = os.getenv("BENCH_COOKIE") or ""
local encoding = os.getenv("BENCH_ACCEPT_ENCODING") or ""
local connection = os.getenv("BENCH_CONNECTION") or ""

if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
if encoding ~= "" then
  wrk.headers["Accept-Encoding"] = encoding
end
if connection ~= "" then
  wrk.headers["Connection"] = connection
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "bench-result: requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
