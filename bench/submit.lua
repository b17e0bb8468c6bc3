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

-- The answers of tests/api/intake's valid_answers(), minus the fields set per request.
local fixed = {
  {"given_name", "María José"}, {"family_name", "dela Cruz"}, {"phone_country", "PH"},
  {"country_of_residence", "PH"}, {"citizenship", "PH"}, {"country_of_education", "PH"},
  {"qualification", "bs_mls"}, {"graduation_year", "2016"}, {"experience_years", "6.5"},
  {"us_certification", "mls_ascpi"}, {"us_certification_status", "passed"},
  {"english_test", "ielts_academic"}, {"target_states", "CA"}, {"target_states", "NY"},
  {"work_authorisation", "needs_sponsorship"}, {"availability", "within_3_months"},
  {"message", "Six years in a hospital lab, mostly chemistry and haematology."},
  {"heard_about", "facebook_group"}, {"heard_about_detail", "MedTech PH group"},
  {"utm_source", "facebook"}, {"utm_campaign", "autumn"}, {"consent", "yes"},
  {"keep_data", "yes"}, {"website", ""},
}
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
