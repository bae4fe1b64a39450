-- wrk script for scripts/load-test.sh: POSTs the three samples in turn and counts statuses.
-- Globals on purpose: `thread:get` reads a thread's globals in done().
bodies = {}
counts = {}
n = 0
local threads = {}

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for _, p in ipairs(args) do
    table.insert(bodies, read(p))
  end
  counts = {}
  n = 0
end

function request()
  n = n + 1
  local body = bodies[(n % #bodies) + 1]
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for status, k in pairs(c) do
      total[status] = (total[status] or 0) + k
    end
  end
  local parts = {}
  for status, k in pairs(total) do
    table.insert(parts, string.format("%d=%d", status, k))
  end
  table.sort(parts)
  io.write(string.format("statuses: %s\n", table.concat(parts, " ")))
  io.write(string.format("socket errors: connect=%d read=%d write=%d timeout=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency p50=%.0fus p99=%.0fus max=%.0fus\n",
    latency:percentile(50), latency:percentile(99), latency.max))
end
