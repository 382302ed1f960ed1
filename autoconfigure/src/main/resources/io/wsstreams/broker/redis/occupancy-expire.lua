-- Removes the subscriptions of a space whose entries were not refreshed in time (their node
-- died). The removal is the claim: when several nodes expire at once, only the first
-- removes an entry, so each member is removed and each channel vacated exactly once.
-- KEYS: 1 entries, 2 channels
-- ARGV: 1 now (ms), 2 the members keys' name up to the channel
-- Returns: a flat list of { channel, removed user (empty for none), vacated (0|1) }
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
local changes = {}
for _, entry in ipairs(expired) do
	redis.call('ZREM', KEYS[1], entry)
	local channel, user = string.match(entry, '^([^\n]*)\n[^\n]*\n(.*)$')
	if channel then
		local removed = ''
		if user ~= '' then
			local key = ARGV[2] .. channel
			local record = redis.call('HGET', key, user)
			if record then
				local count, rest = string.match(record, '^(%d+)(.*)$')
				count = tonumber(count) - 1
				if count > 0 then
					redis.call('HSET', key, user, count .. rest)
				else
					redis.call('HDEL', key, user)
					removed = user
				end
			end
		end
		local vacated = 0
		if redis.call('HINCRBY', KEYS[2], channel, -1) <= 0 then
			redis.call('HDEL', KEYS[2], channel)
			vacated = 1
		end
		if removed ~= '' or vacated == 1 then
			table.insert(changes, channel)
			table.insert(changes, removed)
			table.insert(changes, vacated)
		end
	end
end
return changes
