-- Adds a connection to a stream's presence and, when it is its user's first, announces
-- "join" on the presence topic's channel, in the same atomic step. A connection that is
-- there already (a join that the client sent again after a reconnect) is not counted twice.
-- KEYS: 1 connection expiries (zset), 2 connection owners (hash), 3 users (hash), 4 version
-- ARGV: 1 channel, 2 now (ms), 3 expiry (ms), 4 key ttl (ms), 5 user, 6 anonymous (0|1),
--       7 connection, 8 feature, 9 excluded connection (may be empty),
--       10 the event frame up to its data
-- Returns: { first (0|1), version, user record, users hash as a flat list }
local user, connection = ARGV[5], ARGV[7]
local added = redis.call('ZADD', KEYS[1], ARGV[3], connection)
redis.call('HSET', KEYS[2], connection, user)
local record = redis.call('HGET', KEYS[3], user)
local first = 0
if record then
	if added == 1 then
		local count, since, anonymous, status = string.match(record, '^(%d+),(%d+),(%d),(.*)$')
		record = (tonumber(count) + 1) .. ',' .. since .. ',' .. anonymous .. ',' .. status
	end
else
	first = 1
	record = '1,' .. ARGV[2] .. ',' .. ARGV[6] .. ',online'
end
redis.call('HSET', KEYS[3], user, record)
local version = tonumber(redis.call('GET', KEYS[4]) or '0')
if first == 1 then
	version = redis.call('INCR', KEYS[4])
	local count, since, anonymous, status = string.match(record, '^(%d+),(%d+),(%d),(.*)$')
	local data = '{"id":' .. cjson.encode(user) .. ',"anonymous":' .. ((anonymous == '1') and 'true' or 'false')
		.. ',"status":' .. cjson.encode(status) .. ',"connections":' .. count .. ',"since":' .. since .. '}'
	redis.call('PUBLISH', ARGV[1], 'P\n' .. version .. '\n' .. ARGV[9] .. '\n' .. ARGV[8] .. '\n' .. ARGV[10] .. data .. '}')
end
for i = 1, 4 do
	redis.call('PEXPIRE', KEYS[i], ARGV[4])
end
return { first, version, record, redis.call('HGETALL', KEYS[3]) }
