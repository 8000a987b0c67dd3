-- Answers a check-back: who holds a unit for this order (nil if nobody).
--
-- KEYS[1] reservations, ARGV[1] orderId
--
-- A script run in write mode, not a plain HGET, because Redisson routes reads to replicas when readMode says
-- so: a replica that has not yet applied the reservation would make the check-back roll back a sold unit.
return redis.call('HGET', KEYS[1], ARGV[1])
