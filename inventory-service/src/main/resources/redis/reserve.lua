-- Reserves one seckill unit: the local transaction of the `seckill.reserved` half message.
--
-- KEYS[1] meta          hash: startsAtMs, endsAtMs, perUserLimit, initialStock
-- KEYS[2] stock         string: units not reserved
-- KEYS[3] buyers        hash: userId -> units the user holds (field absent = 0)
-- KEYS[4] reservations  hash: orderId -> userId
-- ARGV[1] userId, ARGV[2] orderId
--
-- Invariants (the script is atomic, so they hold between any two commands on the activity):
--   stock >= 0 and stock + HLEN(reservations) = initialStock;
--   buyers[u] = number of reservations owned by u, and 1 <= buyers[u] <= perUserLimit.
-- Either all three writes happen (RESERVED) or none does. The reply is the outcome's name.
--
-- Time is the Redis server's TIME: one clock for every inventory-service instance, read inside the atomic
-- decision. Calling TIME before writing needs script effects replication (the default since Redis 5, the
-- only mode since Redis 7).

local meta, stock, buyers, reservations = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local userId, orderId = ARGV[1], ARGV[2]

local settings = redis.call('HMGET', meta, 'startsAtMs', 'endsAtMs', 'perUserLimit')
local remaining = redis.call('GET', stock)
if not settings[1] or not remaining then
  return 'NOT_WARMED'
end

-- A retried attempt (client retry, Redisson resend after a response timeout) carries the same order id:
-- answer as the first attempt did instead of taking a second unit.
local owner = redis.call('HGET', reservations, orderId)
if owner then
  if owner == userId then
    return 'RESERVED'
  end
  return redis.error_reply('ORDER_ID_TAKEN order ' .. orderId .. ' is reserved for another user')
end

local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if nowMs < tonumber(settings[1]) then
  return 'NOT_STARTED'
end
if nowMs >= tonumber(settings[2]) then
  return 'ENDED'
end

if tonumber(redis.call('HGET', buyers, userId) or '0') >= tonumber(settings[3]) then
  return 'ALREADY_PURCHASED'
end
if tonumber(remaining) <= 0 then
  return 'SOLD_OUT'
end

redis.call('DECR', stock)
redis.call('HINCRBY', buyers, userId, 1)
redis.call('HSET', reservations, orderId, userId)
return 'RESERVED'
