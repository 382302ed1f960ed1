-- Removes the connections of a stream whose entries were not refreshed in time (their node
-- died) and announces "leave" for each user who lost their last one. The removal is the
-- claim: when several nodes expire at once, only the first removes an entry, so each user
-- leaves exactly once.
-- KEYS: 1 connection expiries, 2 connection owners, 3 users, 4 version
-- ARGV: 1 channel, 2 now (ms), 3 feature, 4 the event frame up to its data
-- Returns: { how many users left }
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
local left = 0
for _, connection in ipairs(expired) do
	redis.call('ZREM', KEYS[1], connection)
	local user = redis.call('HGET', KEYS[2], connection)
	redis.call('HDEL', KEYS[2], connection)
	if user then
		local record = redis.call('HGET', KEYS[3], user)
		if record then
			local count, rest = string.match(record, '^(%d+),(.*)$')
			count = tonumber(count) - 1
			if count > 0 then
				redis.call('HSET', KEYS[3], user, count .. ',' .. rest)
			else
				redis.call('HDEL', KEYS[3], user)
				local version = redis.call('INCR', KEYS[4])
				redis.call('PUBLISH', ARGV[1], 'P\n' .. version .. '\n\n' .. ARGV[3] .. '\n' .. ARGV[4]
					.. '{"id":' .. cjson.encode(user) .. '}}')
				left = left + 1
			end
		end
	end
end
return { left }
