-- Changes a user's status and announces "update", in the same atomic step.
-- KEYS: 1 users, 2 version
-- ARGV: 1 channel, 2 user, 3 status, 4 feature, 5 excluded connection (may be empty),
--       6 the event frame up to its data
-- Returns: { the user's new record }, or {} when the user is not present
local user = ARGV[2]
local record = redis.call('HGET', KEYS[1], user)
if not record then
	return {}
end
local head = string.match(record, '^(%d+,%d+,%d),')
record = head .. ',' .. ARGV[3]
redis.call('HSET', KEYS[1], user, record)
local version = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[1], 'P\n' .. version .. '\n' .. ARGV[5] .. '\n' .. ARGV[4] .. '\n' .. ARGV[6]
	.. '{"id":' .. cjson.encode(user) .. ',"status":' .. cjson.encode(ARGV[3]) .. '}}')
return { record }
