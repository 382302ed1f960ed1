-- Reads a topic's log in one step, with its retention applied as on a log trimmed
-- exactly: entries beyond the newest ARGV[2] or older than ARGV[3] milliseconds are
-- hidden, although the approximate trimming on append may still hold them.
--
-- KEYS[1]  the topic's log (a stream)
-- ARGV[1]  what to read:
--            latest  ARGV[4] = how many: the newest visible entries
--            after   ARGV[4] = an id, ARGV[5] = how many: the visible entries after the id
--            before  ARGV[4] = an id or '', ARGV[5] = how many: the visible entries before
--                    the id (the newest when ''), one more to tell whether more remain
--            range   ARGV[4] = an id or '', ARGV[5] = an id or '', ARGV[6] = how many: the
--                    entries after the first id (from the start when '') up to the second
--                    (to the end when ''), retention not applied
-- ARGV[2]  the most entries kept
-- ARGV[3]  the longest age kept, in milliseconds
--
-- Returns {exists, newest, known, id, head, tail, id, head, tail, ...}: exists is '1' when
-- the log exists ('0' and nothing else when not), newest its newest id, known ('1' or
-- '0') whether an 'after' id is still in the log with nothing hidden after it, or for
-- 'before' whether more entries remain; then the entries, oldest first.
local log = KEYS[1]
local mode = ARGV[1]

if redis.call('EXISTS', log) == 0 then
	return {'0'}
end

local function parse(id)
	local dash = string.find(id, '-', 1, true)
	return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end

local function newer(a, b)
	local am, as = parse(a)
	local bm, bs = parse(b)
	return am > bm or (am == bm and as > bs)
end

-- The newest entry that retention hides, or nil.
local function hidden()
	local maxCount = tonumber(ARGV[2])
	local floor = nil
	local length = redis.call('XLEN', log)
	if length > maxCount then
		local excess = redis.call('XRANGE', log, '-', '+', 'COUNT', length - maxCount)
		floor = excess[#excess][1]
	end
	local time = redis.call('TIME')
	local oldest = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) - tonumber(ARGV[3])
	if oldest > 0 then
		local old = redis.call('XREVRANGE', log, '(' .. string.format('%d', oldest) .. '-0', '-', 'COUNT', 1)
		if #old > 0 and (floor == nil or newer(old[1][1], floor)) then
			floor = old[1][1]
		end
	end
	return floor
end

local function field(entry, name)
	local fields = entry[2]
	for i = 1, #fields, 2 do
		if fields[i] == name then
			return fields[i + 1]
		end
	end
	return ''
end

local newest = ''
local latest = redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)
if #latest > 0 then
	newest = latest[1][1]
end

local entries = {}
local known = '0'

if mode == 'latest' then
	local count = tonumber(ARGV[4])
	if count > 0 then
		local floor = hidden()
		local start = floor and ('(' .. floor) or '-'
		local read = redis.call('XREVRANGE', log, '+', start, 'COUNT', count)
		for i = #read, 1, -1 do
			entries[#entries + 1] = read[i]
		end
	end
elseif mode == 'after' then
	local since = ARGV[4]
	local limit = tonumber(ARGV[5])
	local floor = hidden()
	local start = since
	if floor ~= nil and newer(floor, since) then
		start = floor
	elseif since == floor or #redis.call('XRANGE', log, since, since) > 0 then
		known = '1'
	end
	entries = redis.call('XRANGE', log, '(' .. start, '+', 'COUNT', limit + 1)
	if #entries > limit then
		known = '0'
		entries[#entries] = nil
	end
elseif mode == 'before' then
	local before = ARGV[4]
	local limit = tonumber(ARGV[5])
	local floor = hidden()
	if before ~= '0-0' and limit > 0 and (before == '' or floor == nil or newer(before, floor)) then
		local finish = (before ~= '') and ('(' .. before) or '+'
		local start = floor and ('(' .. floor) or '-'
		local read = redis.call('XREVRANGE', log, finish, start, 'COUNT', limit + 1)
		if #read > limit then
			known = '1'
			read[#read] = nil
		end
		for i = #read, 1, -1 do
			entries[#entries + 1] = read[i]
		end
	end
elseif mode == 'range' then
	local start = (ARGV[4] ~= '') and ('(' .. ARGV[4]) or '-'
	local finish = (ARGV[5] ~= '') and ARGV[5] or '+'
	entries = redis.call('XRANGE', log, start, finish, 'COUNT', tonumber(ARGV[6]))
else
	return redis.error_reply('Unknown read: ' .. mode)
end

local reply = {'1', newest, known}
for _, entry in ipairs(entries) do
	reply[#reply + 1] = entry[1]
	reply[#reply + 1] = field(entry, 'h')
	reply[#reply + 1] = field(entry, 't')
end
return reply
