-- A batch of token bucket checks, taken atomically on the Redis clock (never a client's: gateways' clocks differ).
-- The gateway sends the checks of many concurrent requests in one call, so a request costs no round trip of its own.
-- KEYS[i]      the bucket of check i (a hash: tokens = fractional tokens left, ms = Redis time of the last update)
-- ARGV[3i-2]   refill rate of check i, tokens per second (may be fractional)
-- ARGV[3i-1]   burst of check i, the bucket's capacity
-- ARGV[3i]     1 if check i belongs to the same request as check i-1 and runs only if that one was allowed
--              (a user's bucket before an activity's: a refused user takes nothing from the activity); else 0
-- Returns {allowed_1, remaining_1, wait_1, allowed_2, ...}: allowed 1|0 (-1: skipped, the request was already
-- refused), whole tokens left, ms until the next token (0 when allowed).
-- Tokens accrue continuously, not per whole second; a new bucket starts full. Every bucket is read once and written
-- once per call however many checks name it (one activity's bucket is named by most of a batch). A key expires once
-- it would be full again anyway, so idle users cost no memory.
-- On a Redis Cluster every key of one call must hash to one slot: the gateway groups checks by slot there.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local buckets = {}
local order = {}
local reply = {}
local previous_allowed = 1

for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[3 * i - 2])
  local burst = tonumber(ARGV[3 * i - 1])
  local linked = ARGV[3 * i] == '1'
  if linked and previous_allowed ~= 1 then
    reply[3 * i - 2], reply[3 * i - 1], reply[3 * i] = -1, 0, 0
    previous_allowed = -1
  else
    local bucket = buckets[key]
    if bucket == nil then
      local state = redis.call('HMGET', key, 'tokens', 'ms')
      local tokens = tonumber(state[1])
      local last = tonumber(state[2])
      if tokens == nil or last == nil then
        tokens = burst
        last = now
      end
      bucket = {tokens = math.min(burst, tokens + math.max(0, now - last) * rate / 1000)}
      buckets[key] = bucket
      order[#order + 1] = key
    end
    bucket.rate = rate
    bucket.burst = burst
    local allowed = 0
    local wait = 0
    if bucket.tokens >= 1 then
      bucket.tokens = bucket.tokens - 1
      allowed = 1
    else
      wait = math.ceil((1 - bucket.tokens) * 1000 / rate)
    end
    reply[3 * i - 2], reply[3 * i - 1], reply[3 * i] = allowed, math.floor(bucket.tokens), wait
    previous_allowed = allowed
  end
end

local stamp = string.format('%.0f', now)
for _, key in ipairs(order) do
  local bucket = buckets[key]
  redis.call('HSET', key, 'tokens', string.format('%.6f', bucket.tokens), 'ms', stamp)
  redis.call('PEXPIRE', key, math.ceil(bucket.burst * 1000 / bucket.rate) + 1000)
end
return reply
