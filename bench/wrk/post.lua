-- wrk script for `icce serve` (BENCHMARKS.md): POST /v1/validateRequestOut with bodies taken in turn
-- from a file of one JSON request per line (BODIES, written by bench/serve-bench.mjs); each
-- thread starts at its own offset. done() prints one JSON line that the harness reads.
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
local status_other = 0
function init(args)
  i = (id or 1) * 7919
  wrk.method = "POST"
  wrk.path = "/v1/validateRequestOut"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  i = i + 1
  return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1])
end

function response(status, headers, body)
  if status ~= 200 then status_other = status_other + 1 end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f},"bodies":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean, #bodies))
end
