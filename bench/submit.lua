-- POST /apply with valid, distinct applications (urlencoded, no CV), each with its own token
-- fetched beforehand by tokens.lua. Each candidate has their own e-mail, phone and client IP
-- (X-Forwarded-For, with TRUST_PROXY_HEADERS=true), as a burst of phones would. Every 303's
-- reference is kept, and done() writes them to BENCH_REFS so bench/run can check each
-- acknowledged application has its row.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- The one example application (src/domain/example_application.txt, also posted by the tests),
-- minus the fields set per request.
local per_request = {form_token = true, email = true, phone = true}
local fixed = {}
for line in io.lines(os.getenv("BENCH_DIR") .. "/../src/domain/example_application.txt") do
  local name, value = line:match("^([^=]*)=(.*)$")
  if name and not per_request[name] then table.insert(fixed, {name, value}) end
end
local fixed_body = {}
for _, kv in ipairs(fixed) do table.insert(fixed_body, kv[1] .. "=" .. escape(kv[2])) end
fixed_body = table.concat(fixed_body, "&")

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("BENCH_TOKENS") .. "/" .. id .. ".txt") do
    table.insert(tokens, line)
  end
  next_token, sent, exhausted, refs = 1, 0, 0, {}
  run = os.getenv("BENCH_RUN") or "0"
end

function request()
  local token = tokens[next_token]
  if token then
    next_token = next_token + 1
  else
    -- Out of tokens: re-post the last form (an idempotent re-post, no new row); bench/run
    -- refuses the run when this happened.
    exhausted = exhausted + 1
    token = tokens[#tokens]
  end
  sent = sent + 1
  local n = id * 1000000 + sent
  local body = string.format(
    "form_token=%s&email=bench.%s.%d%%40example.com&phone=0917%07d&%s",
    escape(token), run, n, n % 10000000, fixed_body)
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, math.floor(sent / 256) % 256, sent % 256),
  }
  return wrk.format("POST", "/apply", headers, body)
end

function response(status, headers, body)
  if status == 303 then
    local ref = (headers["Location"] or headers["location"] or ""):match("(LM%-%w+)$")
    if ref then table.insert(refs, ref) end
  end
end

done = function(summary, latency, requests)
  report(summary, latency)
  local out = assert(io.open(os.getenv("BENCH_REFS"), "w"))
  local total_exhausted = 0
  for _, thread in ipairs(threads) do
    for _, ref in ipairs(thread:get("refs")) do out:write(ref, "\n") end
    total_exhausted = total_exhausted + thread:get("exhausted")
  end
  out:close()
  io.write(string.format("BENCH_TOKENS exhausted=%d\n", total_exhausted))
end
