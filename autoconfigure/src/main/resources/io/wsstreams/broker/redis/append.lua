-- Appends an entry to a topic's log and publishes it on the topic's channel, in one
-- step, so that every node receives a topic's entries in id order, each with the id of
-- the entry before it.
--
-- KEYS[1]  the topic's log (a stream)
-- ARGV[1]  the topic's channel
-- ARGV[2]  the most entries kept (trimmed approximately)
-- ARGV[3]  the longest age kept, in milliseconds; also the log's expiry once idle
-- ARGV[4]  the feature
-- ARGV[5]  the frame's text before the id
-- ARGV[6]  the frame's text after the id
--
-- Returns the entry's id.
local log = KEYS[1]
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
redis.call('PUBLISH', ARGV[1], 'S\n' .. id .. '\n' .. previous .. '\n' .. ARGV[4] .. '\n' .. ARGV[5] .. id .. ARGV[6])
return id
