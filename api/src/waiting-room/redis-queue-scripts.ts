/**
 * The waiting room's Redis scripts: each runs atomically, so several API processes can join, poll
 * and admit at once. KEYS are one event's (see `eventKeys`): 1 entries, 2 buyers, 3 early, 4 line,
 * 5 admitted, 6 used, 7 expired, 8 meta, 9 usedUntil, 10 the set of events with a queue.
 *
 * Invariant: `line` holds the waiting entries scored by ticket, consecutive from `meta.served`, so
 * a buyer's position is ticket − served + 1 and the number on their ticket never changes.
 */

/** ARGV: buyerKey, entryId, now, opensAt, eventId → { entryId, rejoined 0|1 } */
export const JOIN = `
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing and redis.call('SISMEMBER', KEYS[7], existing) == 0 then return { existing, 1 } end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
if redis.call('HGET', KEYS[8], 'drawn') ~= '1' and tonumber(ARGV[3]) < tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[3], redis.call('HINCRBY', KEYS[8], 'arrivals', 1), ARGV[2])
else
  local served = tonumber(redis.call('HGET', KEYS[8], 'served') or '0')
  redis.call('ZADD', KEYS[4], served + redis.call('ZCARD', KEYS[4]), ARGV[2])
end
redis.call('SADD', KEYS[10], ARGV[5])
return { ARGV[2], 0 }
`;

/** ARGV: entryId → nil | { 'early' } | { 'waiting', position, number } | { 'admitted', until, used 0|1 } | { 'expired' } */
export const STATUS = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return nil end
if redis.call('ZSCORE', KEYS[3], ARGV[1]) then return { 'early' } end
local ticket = redis.call('ZSCORE', KEYS[4], ARGV[1])
if ticket then
  local served = tonumber(redis.call('HGET', KEYS[8], 'served') or '0')
  return { 'waiting', tonumber(ticket) - served + 1, tonumber(ticket) + 1 }
end
local admittedUntil = redis.call('ZSCORE', KEYS[5], ARGV[1])
if admittedUntil then return { 'admitted', admittedUntil, redis.call('SISMEMBER', KEYS[6], ARGV[1]) } end
local usedUntil = redis.call('HGET', KEYS[9], ARGV[1])
if usedUntil then return { 'admitted', usedUntil, 1 } end
return { 'expired' }
`;

/** ARGV: now, opensAt, allowed, admissionMs, drawSeed → { served, waiting, id1, buyer1, id2, buyer2, … } */
export const ADMIT = `
local now = tonumber(ARGV[1])
local served = tonumber(redis.call('HGET', KEYS[8], 'served') or '0')
if redis.call('HGET', KEYS[8], 'drawn') ~= '1' and now >= tonumber(ARGV[2]) then
  local early = redis.call('ZRANGE', KEYS[3], 0, -1)
  local state = (math.abs(math.floor(tonumber(ARGV[5]))) % 2147483646) + 1
  for i = #early, 2, -1 do
    state = (state * 48271) % 2147483647
    local j = state % i + 1
    early[i], early[j] = early[j], early[i]
  end
  local later = redis.call('ZRANGE', KEYS[4], 0, -1)
  for k, id in ipairs(later) do redis.call('ZADD', KEYS[4], served + #early + k - 1, id) end
  for k, id in ipairs(early) do redis.call('ZADD', KEYS[4], served + k - 1, id) end
  redis.call('DEL', KEYS[3])
  redis.call('HSET', KEYS[8], 'drawn', '1')
end
local due = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now, 'WITHSCORES')
for k = 1, #due, 2 do
  local id = due[k]
  redis.call('ZREM', KEYS[5], id)
  if redis.call('SISMEMBER', KEYS[6], id) == 1 then
    redis.call('HSET', KEYS[9], id, due[k + 1])
  else
    redis.call('SADD', KEYS[7], id)
    redis.call('HINCRBY', KEYS[8], 'givenBack', 1)
  end
end
local givenBack = tonumber(redis.call('HGET', KEYS[8], 'givenBack') or '0')
local slots = tonumber(ARGV[3]) + givenBack - served
local reply = {}
if slots > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[4], slots)
  local untilMs = now + tonumber(ARGV[4])
  for k = 1, #popped, 2 do
    local id = popped[k]
    redis.call('ZADD', KEYS[5], untilMs, id)
    reply[#reply + 1] = id
    reply[#reply + 1] = redis.call('HGET', KEYS[1], id)
  end
  served = served + #popped / 2
  redis.call('HSET', KEYS[8], 'served', served)
end
local waiting = redis.call('ZCARD', KEYS[4]) + redis.call('ZCARD', KEYS[3])
table.insert(reply, 1, waiting)
table.insert(reply, 1, served)
return reply
`;

/** ARGV: entryId. Only an admission still running can be used. */
export const MARK_USED = `
if redis.call('ZSCORE', KEYS[5], ARGV[1]) then redis.call('SADD', KEYS[6], ARGV[1]) end
return 1
`;
