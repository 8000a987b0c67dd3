-- Writes an activity's hot state: meta and stock, with the live reservations the durable ledger knows (none before
-- a sale; after Redis lost a running sale, every order still holding a unit) and their buyers.
--
-- KEYS[1] meta, KEYS[2] stock, KEYS[3] buyers, KEYS[4] reservations (see reserve.lua for their shapes)
-- ARGV[1] stock (units not reserved), ARGV[2] startsAtMs, ARGV[3] endsAtMs, ARGV[4] perUserLimit,
-- ARGV[5] force ('1' or '0'), ARGV[6..] pairs orderId, userId of the live reservations
--
-- An activity is warm when both meta and stock exist. A warm activity is left alone (KEPT) unless forced: a
-- repeated or concurrent warm-up must never reset the stock of a running sale. Otherwise all four keys are
-- rewritten together, buyers and reservations rebuilt from the pairs, so stock + HLEN(reservations) = initialStock
-- and every buyer's count = their reservations hold from the first reservation on; a half-present state (one of the two keys lost) is repaired the same way.

local meta, stock, buyers, reservations = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local units, startsAtMs, endsAtMs, perUserLimit, force = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]

local present = redis.call('EXISTS', meta, stock)
if present == 2 and force ~= '1' then
  return 'KEPT'
end

redis.call('DEL', meta, stock, buyers, reservations)
local live = 0
for i = 6, #ARGV, 2 do
  redis.call('HSET', reservations, ARGV[i], ARGV[i + 1])
  redis.call('HINCRBY', buyers, ARGV[i + 1], 1)
  live = live + 1
end
redis.call('HSET', meta, 'initialStock', tonumber(units) + live, 'startsAtMs', startsAtMs, 'endsAtMs', endsAtMs,
  'perUserLimit', perUserLimit)
redis.call('SET', stock, units)
if present == 0 then
  return 'WARMED'
end
return 'REPLACED'
