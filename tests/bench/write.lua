-- wrk script for the write mix of tests/bench/run.sh: every request is a form
-- POST of the signed-in person, alternately a reply to one thread and an
-- answer (going, then not going, and so on) for one of a few upcoming
-- sessions. The URL given to wrk only names the server. From the environment:
--   BENCH_COOKIE      "hearth_session=..." of the account signed in once
--   BENCH_CSRF        that session's CSRF token (the form field csrf_token)
--   BENCH_REPLY_PATH  e.g. /groups/SLUG/threads/ID/reply
--   BENCH_RSVP_PATHS  comma-separated /events/ID/DATE of sessions without a capacity
-- At the end it prints one "bench-result:" line like request.lua's, with the
-- 4xx and 5xx responses counted apart (a 5xx would be, e.g., SQLITE_BUSY
-- surfacing) and how many replies and RSVPs were sent.

local cookie = os.getenv("BENCH_COOKIE") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local reply_path = os.getenv("BENCH_REPLY_PATH") or ""
local rsvp_paths = {}
for path in string.gmatch(os.getenv("BENCH_RSVP_PATHS") or "", "[^,]+") do
  rsvp_paths[#rsvp_paths + 1] = path .. "/rsvp"
end
if cookie == "" or csrf == "" or reply_path == "" or #rsvp_paths == 0 then
  error("write.lua needs BENCH_COOKIE, BENCH_CSRF, BENCH_REPLY_PATH and BENCH_RSVP_PATHS")
end

local function form_encode(text)
  return (string.gsub(text, "[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local headers = {
  ["Cookie"] = cookie,
  ["Content-Type"] = "application/x-www-form-urlencoded",
}
local csrf_field = "csrf_token=" .. form_encode(csrf)
local reply_body = csrf_field .. "&body=" ..
  form_encode("Thanks for sharing this. A short walk after handover helps me switch off too.")

-- Per wrk thread (each has its own copy of this script's globals).
sent = 0
replies = 0
rsvps = 0
status_4xx = 0
status_5xx = 0

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  threads[thread_count] = thread
end

function request()
  sent = sent + 1
  if sent % 2 == 1 then
    replies = replies + 1
    return wrk.format("POST", reply_path, headers, reply_body)
  end
  rsvps = rsvps + 1
  local offset = (thread_number or 1) * 7
  local path = rsvp_paths[(rsvps + offset) % #rsvp_paths + 1]
  local answer = (math.floor((rsvps + offset) / #rsvp_paths) % 2 == 0) and "going" or "not_going"
  return wrk.format("POST", path, headers, csrf_field .. "&answer=" .. answer)
end

function response(status, response_headers, body)
  if status >= 500 then
    status_5xx = status_5xx + 1
  elseif status >= 400 then
    status_4xx = status_4xx + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local total_4xx, total_5xx, total_replies, total_rsvps = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    total_4xx = total_4xx + thread:get("status_4xx")
    total_5xx = total_5xx + thread:get("status_5xx")
    total_replies = total_replies + thread:get("replies")
    total_rsvps = total_rsvps + thread:get("rsvps")
  end
  io.write(string.format(
    "bench-result: requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d " ..
    "status_4xx=%d status_5xx=%d replies=%d rsvps=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout,
    total_4xx, total_5xx, total_replies, total_rsvps))
end
