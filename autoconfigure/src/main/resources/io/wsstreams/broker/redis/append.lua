-- Appends an entry to a topic's log and publishes it on the topic's channel, in one
-- step, so that every node receives a topic's entries in id order, each with the id of
-- the entry before it.
--
-- A node's appends are numbered in the order it sends them, and reach Redis in that
-- order, so one whose number is not above the last this node appended to the topic was
-- sent again by the client after a lost connection: it ran already, and is not appended
-- twice. The same append gets the id it was given; an older one an error.
--
-- KEYS[1]  the topic's log (a stream)
-- KEYS[2]  the last append of each node to the topic (a hash: node -> "number id")
-- ARGV[1]  the topic's channel
-- ARGV[2]  the most entries kept (trimmed approximately)
-- ARGV[3]  the longest age kept, in milliseconds; also the log's expiry once idle
-- ARGV[4]  the feature
-- ARGV[5]  the frame's text before the id
-- ARGV[6]  the frame's text after the id
-- ARGV[7]  the appending node
-- ARGV[8]  the append's number
--
-- Returns the entry's id.
local log = KEYS[1]
local number = tonumber(ARGV[8])
local last = redis.call('HGET', KEYS[2], ARGV[7])
if last then
	local space = string.find(last, ' ', 1, true)
	local lastNumber = tonumber(string.sub(last, 1, space - 1))
	if number == lastNumber then
		return string.sub(last, space + 1)
	end
	if number < lastNumber then
		return redis.error_reply('ERR ws-streams append ' .. ARGV[8] .. ' of ' .. ARGV[7]
			.. ' sent again after append ' .. lastNumber .. ': it was appended before')
	end
end
local previous = ''
local newest = redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)
if #newest > 0 then
	previous = newest[1][1]
end
local id = redis.call('XADD', log, 'MAXLEN', '~', ARGV[2], '*', 'h', ARGV[5], 't', ARGV[6])
local time = redis.call('TIME')
local oldest = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) - tonumber(ARGV[3])
if oldest > 0 then
	redis.call('XTRIM', log, 'MINID', '~', string.format('%d', oldest))
end
redis.call('PEXPIRE', log, ARGV[3])
redis.call('HSET', KEYS[2], ARGV[7], ARGV[8] .. ' ' .. id)
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', ARGV[1], 'S\n' .. id .. '\n' .. previous .. '\n' .. ARGV[4] .. '\n' .. ARGV[5] .. id .. ARGV[6])
return id
