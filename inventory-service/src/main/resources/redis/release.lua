-- Gives a reserved unit back (the order was cancelled): the inverse of reserve.lua.
--
-- KEYS[1] stock, KEYS[2] buyers, KEYS[3] reservations (see reserve.lua for their shapes)
-- ARGV[1] orderId
--
-- Keeps reserve.lua's invariants: the reservation record, one unit of the owner's count (the field is removed at
-- zero, so buyers never holds zeros) and one unit of stock move together or not at all.
-- Idempotent: the record is the proof of a live reservation, so an unknown or already released order changes
-- nothing and answers NOT_RESERVED. Release ignores the sale window: a unit comes back whenever its order dies.

local stock, buyers, reservations = KEYS[1], KEYS[2], KEYS[3]
local orderId = ARGV[1]

local owner = redis.call('HGET', reservations, orderId)
if not owner then
  return 'NOT_RESERVED'
end
-- A record without stock means the hot state was damaged (e.g. evicted); INCR would invent a stock of 1.
if redis.call('EXISTS', stock) == 0 then
  return redis.error_reply('STOCK_MISSING reservation ' .. orderId .. ' exists but the stock key does not')
end

redis.call('HDEL', reservations, orderId)
if redis.call('HINCRBY', buyers, owner, -1) <= 0 then
  redis.call('HDEL', buyers, owner)
end
redis.call('INCR', stock)
return 'RELEASED'
