/*
 * The roster's writes and its one read, as Lua scripts: each runs atomically in Redis, so any number of
 * ingesters and workers can write at once. Every stored value is a last-writer-wins register ordered by
 * (stamp, value): a later stamp wins, and on equal stamps the larger value, so the same set of updates
 * gives the same roster in whatever order (and however often) they arrive. Stamps are Genesys' own times
 * where it sends one (routingStatus.startTime, presence.modifiedDate) and the time a read was sent (or a
 * write answered) where it does not (skills, languages, membership).
 *
 * A listing of a whole queue (a seed, a reconciliation, a skills refresh) is "quiet": where it finds what the
 * roster already holds, it moves only the stored stamps (so that older events still lose) and notes no
 * change. Readers learn those stamps from the queue's meta instead (confirmedAt, skillsRefreshedAt: each
 * member listed was read then; `queue-roster.ts` applies them), so a listing that finds nothing new costs
 * every process holding the roster nothing, where it used to send them every member again.
 */

import { defineScript } from "@routing/redis-scripts";

const PRELUDE = `
local function decodeUser(raw)
  if not raw then return {} end
  local ok, rec = pcall(cjson.decode, raw)
  if not ok or type(rec) ~= 'table' then return {} end
  return rec
end

local function queuesOf(rec)
  if type(rec.q) ~= 'table' then return {} end
  return rec.q
end

local function wins(stamp, value, oldStamp, oldValue)
  if type(oldStamp) ~= 'number' then return true end
  if stamp ~= oldStamp then return stamp > oldStamp end
  if oldValue == nil then return true end
  return tostring(value) > tostring(oldValue)
end

-- Takes obs[valueField] into rec when it wins; returns applied, changed (what a decision reads differs).
local function register(rec, obs, valueField, stampField, stampMatters)
  local value, stamp = obs[valueField], obs[stampField]
  if value == nil or type(stamp) ~= 'number' then return false, false end
  if not wins(stamp, value, rec[stampField], rec[valueField]) then return false, false end
  local changed = rec[valueField] ~= value or (stampMatters and rec[stampField] ~= stamp)
  rec[valueField] = value
  rec[stampField] = stamp
  return true, changed
end

-- The change log: one entry per user, scored by the sequence number of the user's latest write (a
-- record, or a queue membership). A reader holding the state as of sequence S reads only the users
-- scored above S. One entry per user at most (ZADD moves it): bounded by the number of users.
local function noteChange(k, uid)
  redis.call('ZADD', k.changes, redis.call('INCR', k.changeSeq), uid)
end

-- quiet: a listing's read of whole queues. Where only a read time moved (skills, languages, name, CSAT: what
-- the queues' skillsRefreshedAt or csatRefreshedAt stands for), the record is stored and no change is noted.
local function applyUser(k, uid, obs, quiet)
  local rec = decodeUser(redis.call('HGET', k.users, uid))
  -- kc, cc: the read times of skills and CSAT readers are shown; a quiet listing moves kt, ct alone. A
  -- record from before them showed kt, ct.
  if rec.kc == nil then rec.kc = rec.kt end
  if rec.cc == nil then rec.cc = rec.ct end
  local dirty, changed, shown = false, false, false
  -- value, stamp, the stamp is part of the value (a new routing status start is a new status), a listing's
  -- new stamp is covered by the queue's meta (skillsRefreshedAt, csatRefreshedAt), the stamp readers show
  local fields = {
    {'s', 'st', true, false}, {'p', 'pt', false, false}, {'k', 'kt', false, true, 'kc'},
    {'l', 'lt', false, true}, {'c', 'ct', false, true, 'cc'},
  }
  for _, f in ipairs(fields) do
    local applied, differs = register(rec, obs, f[1], f[2], f[3])
    if applied then
      dirty = true
      if differs or not (quiet and f[4]) then
        shown = true
        if f[5] then rec[f[5]] = rec[f[2]] end
      end
    end
    if differs then changed = true end
  end
  local nameApplied, nameDiffers = register(rec, obs, 'n', 'nt', false)
  if nameApplied then
    dirty = true
    if nameDiffers or not quiet then shown = true end
  end
  -- Any new stamp a reader shows moves the version too (readers hold decoded members by version, and a
  -- member shows when its skills were read); only a differing value counts as a change (drift, what the
  -- caller is told).
  if dirty then redis.call('HSET', k.users, uid, cjson.encode(rec)) end
  if shown then
    noteChange(k, uid)
    for _, q in ipairs(queuesOf(rec)) do redis.call('HINCRBY', k.versions, q, 1) end
  end
  if changed then return 1 end
  return 0
end

local function parseEntry(entry)
  if not entry then return nil, nil end
  local j, t = string.match(entry, '^([01]):(%d+)$')
  if not j then return nil, nil end
  return j, tonumber(t)
end

-- 0: older than what is stored; 1: stored, nothing a decision sees changed; 2: left; 3: joined.
-- quiet: a listing confirming the membership; a stamp moved without a change is then covered by the
-- queue's confirmedAt and noted nowhere.
local function applyMembership(k, q, uid, joined, stampText, quiet)
  local stamp = tonumber(stampText)
  local oldJ, oldT = parseEntry(redis.call('HGET', k.members, uid))
  if oldJ then
    if stamp < oldT then return 0 end
    -- Equal stamps: leaving wins, whatever arrived first.
    if stamp == oldT and not (joined == '0' and oldJ == '1') then return 0 end
  else
    local pruned = tonumber(redis.call('HGET', k.meta, 'prunedBefore') or '0') or 0
    if stamp < pruned then return 0 end
  end
  redis.call('HSET', k.members, uid, joined .. ':' .. stampText)
  local wasJoined, isJoined = oldJ == '1', joined == '1'
  if wasJoined == isJoined then
    -- Only the stamp moved: a member shows it (membershipChangedAtMs), so readers holding it re-read,
    -- unless a listing moved it (readers take it from confirmedAt).
    if not quiet then
      noteChange(k, uid)
      redis.call('HINCRBY', k.versions, q, 1)
    end
    return 1
  end
  noteChange(k, uid)
  local rec = decodeUser(redis.call('HGET', k.users, uid))
  local list = {}
  for _, other in ipairs(queuesOf(rec)) do
    if other ~= q then list[#list + 1] = other end
  end
  if isJoined then list[#list + 1] = q end
  table.sort(list)
  rec.q = list
  redis.call('HSET', k.users, uid, cjson.encode(rec))
  redis.call('HINCRBY', k.versions, q, 1)
  redis.call('HINCRBY', k.membershipVersions, q, 1)
  if isJoined then return 3 end
  return 2
end

local function maxField(key, field, valueText)
  local old = tonumber(redis.call('HGET', key, field) or '0') or 0
  if tonumber(valueText) > old then redis.call('HSET', key, field, valueText) end
end

local function membershipKeys()
  return {
    members = KEYS[1], meta = KEYS[2], users = KEYS[3], versions = KEYS[4], membershipVersions = KEYS[5],
    changes = KEYS[6], changeSeq = KEYS[7],
  }
end
`;

const applyUsers = (quiet: boolean): string => `${PRELUDE}
local k = { users = KEYS[1], versions = KEYS[2], changes = KEYS[3], changeSeq = KEYS[4] }
local changed = 0
for i = 1, #ARGV, 2 do
  local ok, obs = pcall(cjson.decode, ARGV[i + 1])
  if ok and type(obs) == 'table' then changed = changed + applyUser(k, ARGV[i], obs, ${quiet}) end
end
return changed
`;

/**
 * KEYS users, versions, changes, change sequence. ARGV (userId, observation JSON) pairs. Returns how many
 * users changed.
 */
export const APPLY_USERS = defineScript(applyUsers(false), 4);

/**
 * APPLY_USERS for one page of a refresh of whole queues that ends by raising the queues' skillsRefreshedAt or
 * csatRefreshedAt to the observations' read time (FINISH_REFRESH): quiet.
 */
export const APPLY_LISTED_USERS = defineScript(applyUsers(true), 4);

/**
 * KEYS members, meta, users, versions, membershipVersions of one queue, changes, change sequence. ARGV
 * queueId, userId, "1"/"0",
 * stamp. Returns applyMembership's outcome.
 */
export const APPLY_MEMBERSHIP = defineScript(
  `${PRELUDE}
return applyMembership(membershipKeys(), ARGV[1], ARGV[2], ARGV[3], ARGV[4], false)
`,
  7,
);

/**
 * One page of a seed or reconciliation: every listed user is a joined member as of the confirmation's
 * start (ARGV[2]), and their state is applied. KEYS as APPLY_MEMBERSHIP. ARGV queueId, stamp, then
 * (userId, observation JSON) pairs. Returns {membership changes, user changes}.
 */
export const APPLY_CONFIRMATION_PAGE = defineScript(
  `${PRELUDE}
local k = membershipKeys()
local memberships, users = 0, 0
for i = 3, #ARGV, 2 do
  if applyMembership(k, ARGV[1], ARGV[i], '1', ARGV[2], true) >= 2 then memberships = memberships + 1 end
  local ok, obs = pcall(cjson.decode, ARGV[i + 1])
  if ok and type(obs) == 'table' then users = users + applyUser(k, ARGV[i], obs, true) end
end
return {memberships, users}
`,
  7,
);

/**
 * Ends a complete read of the queue's members begun at ARGV[2]: whoever the read did not list and was
 * joined before it began has left; tombstones older than it are dropped (the read is authoritative as of
 * its start, recorded as prunedBefore); the queue is confirmed as of the start. KEYS as APPLY_MEMBERSHIP.
 * ARGV queueId, stamp, kind ("seed"/"reconcile"), then the user ids listed. Returns how many left.
 */
export const FINISH_CONFIRMATION = defineScript(
  `${PRELUDE}
local k = membershipKeys()
local q, stampText, kind = ARGV[1], ARGV[2], ARGV[3]
local stamp = tonumber(stampText)
local seen = {}
for i = 4, #ARGV do seen[ARGV[i]] = true end
local left = 0
local entries = redis.call('HGETALL', k.members)
for i = 1, #entries, 2 do
  local uid = entries[i]
  if not seen[uid] then
    local j, t = parseEntry(entries[i + 1])
    if j == '1' and t < stamp then
      if applyMembership(k, q, uid, '0', stampText, false) >= 2 then left = left + 1 end
    end
  end
end
entries = redis.call('HGETALL', k.members)
for i = 1, #entries, 2 do
  local j, t = parseEntry(entries[i + 1])
  if j ~= '1' and (t == nil or t < stamp) then
    redis.call('HDEL', k.members, entries[i])
    noteChange(k, entries[i])
  end
end
maxField(k.meta, 'prunedBefore', stampText)
maxField(k.meta, 'confirmedAt', stampText)
maxField(k.meta, 'skillsRefreshedAt', stampText)
if kind == 'seed' then maxField(k.meta, 'seededAt', stampText) end
redis.call('HINCRBY', k.versions, q, 1)
return left
`,
  7,
);

/**
 * KEYS meta. ARGV staleUntil, reason, now. The queue stays stale until a confirmation that began at or
 * after staleUntil; the latest episode names the reason.
 */
export const MARK_STALE = defineScript(
  `${PRELUDE}
local old = tonumber(redis.call('HGET', KEYS[1], 'staleUntil') or '0') or 0
if tonumber(ARGV[1]) <= old then return 0 end
redis.call('HSET', KEYS[1], 'staleUntil', ARGV[1], 'staleReason', ARGV[2], 'staleSince', ARGV[3])
return 1
`,
  1,
);

/**
 * Ends a refresh of a queue begun at ARGV[3] (its pages applied by APPLY_LISTED_USERS): raises the queue's
 * meta field ARGV[2] (skillsRefreshedAt, csatRefreshedAt), which readers take as the read time of every
 * member joined before it, and the queue's version. KEYS meta, versions. ARGV queueId, field, stamp.
 */
export const FINISH_REFRESH = defineScript(
  `${PRELUDE}
maxField(KEYS[1], ARGV[2], ARGV[3])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
return 1
`,
  2,
);

/**
 * A queue's roster in one round trip. KEYS members, meta, users, versions, changes, change sequence; ARGV
 * queueId, and the change sequence the caller's members are as of ("" for none). Returns {version, meta
 * pairs, change sequence, kind, user ids, memberships, user records}, where kind is
 * - "same": no user was written since the caller's sequence: nothing else is sent;
 * - "changes": only the users written since (a membership is nil when the queue has no entry for the user),
 *   when they are fewer than the queue's members;
 * - "all": every member (no sequence given, more changes than members, or a sequence ahead of Redis':
 *   an emptied Redis counts again from 0).
 * The change log, not the version, decides: a user who left keeps an entry (a tombstone) whose record
 * still changes, but moves only the versions of the queues the user is in.
 */
export const READ_ROSTER = defineScript(
  `
local version = redis.call('HGET', KEYS[4], ARGV[1]) or '0'
local meta = redis.call('HGETALL', KEYS[2])
local seq = redis.call('GET', KEYS[6]) or '0'
local ids, kind = {}, 'all'
local held = tonumber(ARGV[2])
if held ~= nil and held <= tonumber(seq) then
  local count = redis.call('ZCOUNT', KEYS[5], '(' .. ARGV[2], '+inf')
  if count == 0 then return {version, meta, seq, 'same'} end
  -- More users written since than the queue has members (other queues' users count too): all is cheaper.
  if count <= redis.call('HLEN', KEYS[1]) then
    kind = 'changes'
    ids = redis.call('ZRANGEBYSCORE', KEYS[5], '(' .. ARGV[2], '+inf')
  end
end
if kind == 'all' then
  local entries = redis.call('HGETALL', KEYS[1])
  for i = 1, #entries, 2 do ids[#ids + 1] = entries[i] end
end
local memberships, users = {}, {}
-- unpack() has a stack limit: read in slices.
for start = 1, #ids, 500 do
  local slice = {}
  for i = start, math.min(start + 499, #ids) do slice[#slice + 1] = ids[i] end
  local got = redis.call('HMGET', KEYS[1], unpack(slice))
  local records = redis.call('HMGET', KEYS[3], unpack(slice))
  for i = 1, #slice do
    memberships[#memberships + 1] = got[i]
    users[#users + 1] = records[i]
  end
end
return {version, meta, seq, kind, ids, memberships, users}
`,
  6,
);
