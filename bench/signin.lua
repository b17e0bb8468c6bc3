-- POST /admin/login with the benchmark recruiter's right password, each request from its own
-- client address (X-Forwarded-For, with TRUST_PROXY_HEADERS=true), so the sign-in throttle's
-- per-client limits never refuse it: what is measured is the password step itself (an argon2id
-- check in the bounded hashing pool, the session rows, the audit row). A 303 is a sign-in; wrk
-- counts anything else (a 401, a 429, a 503 from a full pool) as non-2xx/3xx.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  sent = 0
  body = "email=" .. os.getenv("BENCH_EMAIL"):gsub("@", "%%40") .. "&password=" .. os.getenv("BENCH_PASSWORD")
  origin = os.getenv("BENCH_ORIGIN")
end

function request()
  sent = sent + 1
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", 100 + id, math.floor(sent / 256) % 256, sent % 256),
  }
  return wrk.format("POST", "/admin/login", headers, body)
end
