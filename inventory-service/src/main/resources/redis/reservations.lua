-- Reads an activity's reservation records as a flat array orderId, userId, ... (HGETALL), from the master: the
-- reconciliation compares them with the ledger and must not read a replica's older copy.
--
-- KEYS[1] reservations
return redis.call('HGETALL', KEYS[1])
