-- wrk script for `icce serve` (BENCHMARKS.md): POST /v1/validateRequestOut with bodies taken in turn
-- from a file of one JSON request per line (BODIES, written by bench/serve-bench.mjs); each
-- thread starts at its own offset. done() prints one JSON line that the harness reads.
--
-- wrk shares the two cores with the server, so this script costs it as little as it can: every
-- request is formatted once, in init(), and there is no response() callback (with one, wrk hands
-- every response's headers and body to Lua). A status other than 2xx or 3xx is still counted, by
-- wrk itself, in summary.errors.status.
local bodies = {}
local file = os.getenv("BODIES")
for line in io.lines(file) do
  if #line > 0 then bodies[#bodies + 1] = line end
end
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local i = 0
local requests = {}
function init(args)
  i = (id or 1) * 7919
  wrk.method = "POST"
  wrk.path = "/v1/validateRequestOut"
  wrk.headers["Content-Type"] = "application/json"
  for k = 1, #bodies do requests[k] = wrk.format(nil, nil, nil, bodies[k]) end
end

function request()
  i = i + 1
  return requests[(i % #requests) + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f},"bodies":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean, #bodies))
end
