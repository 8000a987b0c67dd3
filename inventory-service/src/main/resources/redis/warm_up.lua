-- Writes an activity's hot state: meta and stock, with empty buyers and reservations.
--
-- KEYS[1] meta, KEYS[2] stock, KEYS[3] buyers, KEYS[4] reservations (see reserve.lua for their shapes)
-- ARGV[1] stock, ARGV[2] startsAtMs, ARGV[3] endsAtMs, ARGV[4] perUserLimit, ARGV[5] force ('1' or '0')
--
-- An activity is warm when both meta and stock exist. A warm activity is left alone (KEPT) unless forced: a
-- repeated or concurrent warm-up must never reset the stock of a running sale. Otherwise all four keys are
-- rewritten together, buyers and reservations emptied, so stock + HLEN(reservations) = initialStock holds
-- from the first reservation on; a half-present state (one of the two keys lost) is repaired the same way.

local meta, stock, buyers, reservations = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local units, startsAtMs, endsAtMs, perUserLimit, force = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]

local present = redis.call('EXISTS', meta, stock)
if present == 2 and force ~= '1' then
  return 'KEPT'
end

redis.call('DEL', meta, stock, buyers, reservations)
redis.call('HSET', meta, 'initialStock', units, 'startsAtMs', startsAtMs, 'endsAtMs', endsAtMs,
  'perUserLimit', perUserLimit)
redis.call('SET', stock, units)
if present == 0 then
  return 'WARMED'
end
return 'REPLACED'
