import { defineScript } from "@routing/redis-scripts";

/**
 * Every index entry ("ref") is `decisionId|conversationId|queueId|outcome` (ids never contain `|`), so
 * whichever index an entry leaves by (its conversation's cap, the global cap, its age), the script knows
 * every other index it is in and removes it from all of them with its record. Each index is therefore a
 * subset of the global one, and the global cap bounds them all.
 */
const WRITE = `
local base = ARGV[8]
local function evict(ref)
  local id, conversation, queue, outcome = string.match(ref, '^([^|]+)|([^|]+)|([^|]+)|([^|]+)$')
  if not id then
    redis.call('ZREM', KEYS[2], ref)
    return
  end
  redis.call('UNLINK', base .. 'record:' .. id)
  redis.call('ZREM', base .. 'index:all', ref)
  redis.call('ZREM', base .. 'index:conversation:' .. conversation, ref)
  redis.call('ZREM', base .. 'index:queue:' .. queue, ref)
  redis.call('ZREM', base .. 'index:outcome:' .. outcome, ref)
  redis.call('ZREM', base .. 'index:outcome-queue:' .. outcome .. ':' .. queue, ref)
end

local ref, score, ttl = ARGV[2], ARGV[3], tonumber(ARGV[4])
redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
for index = 2, 6 do
  redis.call('ZADD', KEYS[index], score, ref)
  redis.call('EXPIRE', KEYS[index], ttl)
end

local evicted = 0
-- Older than the TTL: at most 500 per write, so a write stays short; the rest go with the next writes.
for _, old in ipairs(redis.call('ZRANGE', KEYS[2], '-inf', '(' .. ARGV[7], 'BYSCORE', 'LIMIT', 0, 500)) do
  evict(old)
  evicted = evicted + 1
end
local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[6])
if over > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[3], 0, over - 1)) do
    evict(old)
    evicted = evicted + 1
  end
end
over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if over > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do
    evict(old)
    evicted = evicted + 1
  end
end
return evicted
`;

/**
 * One page of an index, newest first: up to limit + 1 (ref, score) pairs with scores in [from, to].
 * A cursor is the last ref of the previous page: the page goes on right after it (its rank), so entries
 * at the same millisecond are neither repeated nor skipped. If that entry has been dropped meanwhile,
 * the page goes on from the first entry older than its score.
 */
const PAGE = `
local key, limit = KEYS[1], tonumber(ARGV[3])
local start
if ARGV[4] ~= '' then
  local rank = redis.call('ZREVRANK', key, ARGV[4])
  if rank then
    start = rank + 1
  else
    start = redis.call('ZCOUNT', key, ARGV[5], '+inf')
  end
else
  start = redis.call('ZCOUNT', key, '(' .. ARGV[1], '+inf')
end
local items = redis.call('ZRANGE', key, start, start + limit, 'REV', 'WITHSCORES')
local page = {}
for index = 1, #items, 2 do
  if tonumber(items[index + 1]) < tonumber(ARGV[2]) then break end
  page[#page + 1] = items[index]
  page[#page + 1] = items[index + 1]
end
return page
`;

export const WRITE_SCRIPT = defineScript(WRITE, 6);
export const PAGE_SCRIPT = defineScript(PAGE, 1);
