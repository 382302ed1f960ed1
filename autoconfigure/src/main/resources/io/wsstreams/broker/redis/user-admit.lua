-- Admits a connection of a user unless the user holds the maximum across all nodes.
-- Entries expire unless their node refreshes them, so a dead node's connections stop
-- counting within the TTL.
-- KEYS: 1 the user's connections (zset of connection -> expiry)
-- ARGV: 1 now (ms), 2 expiry (ms), 3 maximum, 4 connection, 5 key ttl (ms)
-- Returns: { 1 } when admitted, { 0 } when the user is at the maximum
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) == false
		and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
	return { 0 }
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return { 1 }
