-- Adds a subscription to a channel of a space and, when it is its user's first there, the
-- user as a member, announcing the member on the channel's Pub/Sub channel in the same
-- atomic step. A subscription that is there already only has its expiry extended.
-- KEYS: 1 entries (zset of "channel\nconnection\nuser" by expiry), 2 channels (hash of
--       subscription counts), 3 the channel's members (hash of "count" or "count\ninfo"),
--       4 version
-- ARGV: 1 entry, 2 expiry (ms), 3 channel, 4 user (empty without members), 5 has info (0|1),
--       6 info, 7 most members, 8 Pub/Sub channel, 9 excluded connection, 10 feature,
--       11 the frame that announces the member, 12 key ttl (ms)
-- Returns: { accepted (0|1), occupied (0|1), added (0|1), members hash as a flat list, version }
local entry, user = ARGV[1], ARGV[4]
local function members()
	if user == '' then
		return {}
	end
	return redis.call('HGETALL', KEYS[3])
end
if redis.call('ZSCORE', KEYS[1], entry) then
	redis.call('ZADD', KEYS[1], ARGV[2], entry)
	return { 1, 0, 0, members(), tonumber(redis.call('GET', KEYS[4]) or '0') }
end
local added = 0
if user ~= '' then
	local record = redis.call('HGET', KEYS[3], user)
	if record then
		local count, rest = string.match(record, '^(%d+)(.*)$')
		redis.call('HSET', KEYS[3], user, (tonumber(count) + 1) .. rest)
	else
		if redis.call('HLEN', KEYS[3]) >= tonumber(ARGV[7]) then
			return { 0, 0, 0, {}, 0 }
		end
		if ARGV[5] == '1' then
			redis.call('HSET', KEYS[3], user, '1\n' .. ARGV[6])
		else
			redis.call('HSET', KEYS[3], user, '1')
		end
		added = 1
	end
end
redis.call('ZADD', KEYS[1], ARGV[2], entry)
local version = tonumber(redis.call('GET', KEYS[4]) or '0')
local occupied = 0
if redis.call('HINCRBY', KEYS[2], ARGV[3], 1) == 1 then
	occupied = 1
end
if added == 1 then
	version = redis.call('INCR', KEYS[4])
	redis.call('PUBLISH', ARGV[8], 'P\n' .. version .. '\n' .. ARGV[9] .. '\n' .. ARGV[10] .. '\n' .. ARGV[11])
end
for i = 1, 4 do
	redis.call('PEXPIRE', KEYS[i], ARGV[12])
end
return { 1, occupied, added, members(), version }
