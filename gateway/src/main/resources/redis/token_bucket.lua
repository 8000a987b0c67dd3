-- One token bucket, taken from atomically on the Redis clock (never a client's: gateways' clocks differ).
-- KEYS[1]  the bucket (a hash: tokens = fractional tokens left, ms = Redis time of the last update, in ms)
-- ARGV[1]  refill rate, tokens per second (may be fractional)
-- ARGV[2]  burst, the bucket's capacity
-- Returns {allowed 1|0, whole tokens left, ms until the next token (0 when allowed)}.
-- Tokens accrue continuously, not per whole second; a new bucket starts full. The key expires once it would
-- be full again anyway, so idle users cost no memory.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ms')
local tokens = tonumber(state[1])
local last = tonumber(state[2])
if tokens == nil or last == nil then
  tokens = burst
  last = now
end

tokens = math.min(burst, tokens + math.max(0, now - last) * rate / 1000)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end

redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ms', string.format('%.0f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, math.floor(tokens), wait}
