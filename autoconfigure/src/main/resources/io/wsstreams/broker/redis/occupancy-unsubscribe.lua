-- Removes a subscription from a channel of a space and, when it was its user's last there,
-- the member, announcing the leave on the channel's Pub/Sub channel in the same atomic
-- step. The removal of the entry is the claim: a subscription that expired already, or was
-- removed before, changes nothing.
-- KEYS: 1 entries, 2 channels, 3 the channel's members, 4 version
-- ARGV: 1 entry, 2 channel, 3 user (empty without members), 4 Pub/Sub channel,
--       5 excluded connection, 6 feature, 7 the frame that announces the leave
-- Returns: { vacated (0|1), removed (0|1) }
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
	return { 0, 0 }
end
local vacated = 0
if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) <= 0 then
	redis.call('HDEL', KEYS[2], ARGV[2])
	vacated = 1
end
local removed = 0
if ARGV[3] ~= '' then
	local record = redis.call('HGET', KEYS[3], ARGV[3])
	if record then
		local count, rest = string.match(record, '^(%d+)(.*)$')
		count = tonumber(count) - 1
		if count > 0 then
			redis.call('HSET', KEYS[3], ARGV[3], count .. rest)
		else
			redis.call('HDEL', KEYS[3], ARGV[3])
			removed = 1
			local version = redis.call('INCR', KEYS[4])
			redis.call('PUBLISH', ARGV[4], 'P\n' .. version .. '\n' .. ARGV[5] .. '\n' .. ARGV[6] .. '\n' .. ARGV[7])
		end
	end
end
return { vacated, removed }
