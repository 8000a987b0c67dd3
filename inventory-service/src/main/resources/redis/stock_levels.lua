-- Reads an activity's stock in one atomic step: {initialStock, remaining, liveReservations}, or an empty
-- array when the activity is not warm. Separate reads could straddle a reservation and break the sum.
--
-- KEYS[1] meta, KEYS[2] stock, KEYS[3] reservations

local initialStock = redis.call('HGET', KEYS[1], 'initialStock')
local remaining = redis.call('GET', KEYS[2])
if not initialStock or not remaining then
  return {}
end
return {tonumber(initialStock), tonumber(remaining), redis.call('HLEN', KEYS[3])}
