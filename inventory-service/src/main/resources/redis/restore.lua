-- Puts reservations the durable ledger holds back into a warm activity's hot state (the reconciliation's repair
-- after Redis lost recent writes, e.g. a restart from an AOF that missed its last second).
--
-- KEYS[1] stock, KEYS[2] buyers, KEYS[3] reservations (see reserve.lua for their shapes)
-- ARGV pairs orderId, userId
--
-- Each pair moves one unit from stock to a reservation record exactly as reserve.lua does, keeping
-- stock + HLEN(reservations) = initialStock; an order already recorded is skipped, so a repair never takes two
-- units for one order. The window and the per-user limit are not checked: the order exists, the sale took it.
-- When no unit is left for an order, the activity has been oversold in Redis terms: the order is not added and
-- is reported back, for the operator (it cannot happen unless Redis sold units that MySQL had already sold).
-- Reply: {restored, alreadyPresent, noStockOrderIds...}

local stock, buyers, reservations = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', stock) == 0 then
  return redis.error_reply('STOCK_MISSING restore into an activity that is not warm')
end

local restored, present, noStock = 0, 0, {}
for i = 1, #ARGV, 2 do
  local orderId, userId = ARGV[i], ARGV[i + 1]
  if redis.call('HEXISTS', reservations, orderId) == 1 then
    present = present + 1
  elseif tonumber(redis.call('GET', stock)) <= 0 then
    noStock[#noStock + 1] = orderId
  else
    redis.call('DECR', stock)
    redis.call('HSET', reservations, orderId, userId)
    redis.call('HINCRBY', buyers, userId, 1)
    restored = restored + 1
  end
end
local reply = {restored, present}
for _, orderId in ipairs(noStock) do
  reply[#reply + 1] = orderId
end
return reply
