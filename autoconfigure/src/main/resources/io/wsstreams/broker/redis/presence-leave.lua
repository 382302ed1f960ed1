-- Removes a connection from a stream's presence and, when it was its user's last, announces
-- "leave", in the same atomic step. A connection already expired by a sweep is left alone:
-- its user's leave, if any, was announced then.
-- KEYS: 1 connection expiries, 2 connection owners, 3 users, 4 version
-- ARGV: 1 channel, 2 user, 3 connection, 4 feature, 5 excluded connection (may be empty),
--       6 the event frame up to its data
-- Returns: { the user's record } when they left, else {}
local user = ARGV[2]
if redis.call('ZREM', KEYS[1], ARGV[3]) == 0 then
	return {}
end
redis.call('HDEL', KEYS[2], ARGV[3])
local record = redis.call('HGET', KEYS[3], user)
if not record then
	return {}
end
local count, rest = string.match(record, '^(%d+),(.*)$')
count = tonumber(count) - 1
if count > 0 then
	redis.call('HSET', KEYS[3], user, count .. ',' .. rest)
	return {}
end
redis.call('HDEL', KEYS[3], user)
local version = redis.call('INCR', KEYS[4])
redis.call('PUBLISH', ARGV[1], 'P\n' .. version .. '\n' .. ARGV[5] .. '\n' .. ARGV[4] .. '\n' .. ARGV[6]
	.. '{"id":' .. cjson.encode(user) .. '}}')
return { record }
