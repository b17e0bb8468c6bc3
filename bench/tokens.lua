-- GET /apply as a browser would, keeping each form's signed token (one file per wrk thread):
-- the submission run posts each token exactly once.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  out = assert(io.open(os.getenv("BENCH_TOKENS") .. "/" .. id .. ".txt", "w"))
  wrk.headers["Accept-Encoding"] = "identity"
end

function response(status, headers, body)
  local token = body:match('name="form_token" value="([^"]+)"')
  if token then out:write(token, "\n") end
end

done = function(summary, latency, requests)
  report(summary, latency)
end
