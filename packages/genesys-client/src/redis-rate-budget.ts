import { randomUUID } from "node:crypto";
import { GenesysClientOptionsError } from "./errors.js";
import type { RateBudget } from "./rate-budget.js";

/** The one Redis command the budget needs; an ioredis `Redis` instance satisfies it. */
export interface RedisScriptRunner {
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisRateBudgetOptions {
  /**
   * Every process that shares this prefix (and Redis) shares one budget. Use one per Genesys OAuth client:
   * Genesys counts requests per token, and the apps share one token per client.
   */
  readonly keyPrefix: string;
  /** Requests allowed in any window of `windowMs`, across all processes. Leave headroom under Genesys' 300/60 s. */
  readonly limit: number;
  readonly windowMs: number;
  /**
   * Longest single sleep before asking Redis again (default 1,000 ms). Bounds how late a waiter notices a
   * pause being lifted or a slot freed by a process whose grants expire earlier than predicted.
   */
  readonly maxPollMs?: number;
  /** Sleep, injectable for tests (default `setTimeout`, abortable). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A budget shared through Redis, which can also be paused for every process at once. */
export interface RedisRateBudget extends RateBudget {
  /**
   * Holds every acquire, in every process sharing the budget, for `ms` (for a 429's `Retry-After`). A
   * shorter pause never cuts a longer one short.
   */
  pauseFor(ms: number): Promise<void>;
  /** Milliseconds left on a pause set by any process (0 when none). */
  pausedForMs(): Promise<number>;
}

/*
 * A sliding log in a sorted set, scored by Redis' own clock (TIME), so that processes with skewed clocks
 * still agree. One call grants up to ARGV[3] slots at once; it returns {granted, waitMs}: when the budget
 * is full or paused, waitMs says when the next slot opens. Members are unique per grant (process id +
 * counter) so two grants in the same microsecond both count.
 */
const ACQUIRE = `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local windowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local paused = redis.call("PTTL", KEYS[2])
if paused > 0 then return {0, paused} end
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now - windowMs)
local used = redis.call("ZCARD", KEYS[1])
local granted = math.min(wanted, limit - used)
if granted > 0 then
  local base = tonumber(ARGV[5])
  for i = 1, granted do
    redis.call("ZADD", KEYS[1], now, ARGV[4] .. ":" .. (base + i))
  end
  redis.call("PEXPIRE", KEYS[1], math.ceil(windowMs) + 1000)
end
if granted >= wanted then return {granted, 0} end
local oldest = redis.call("ZRANGE", KEYS[1], 0, 0, "WITHSCORES")
local waitMs = 1
if oldest[2] then waitMs = math.max(1, math.ceil(tonumber(oldest[2]) + windowMs - now)) end
return {granted, waitMs}
`;

// SET with PX only when it lengthens the pause: one 429 must not shorten a longer Retry-After from another.
const PAUSE = `
local left = redis.call("PTTL", KEYS[1])
local ms = tonumber(ARGV[1])
if left < ms then redis.call("SET", KEYS[1], "1", "PX", ms) end
return redis.call("PTTL", KEYS[1])
`;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

function parseReply(reply: unknown): { granted: number; waitMs: number } {
  if (!Array.isArray(reply) || typeof reply[0] !== "number" || typeof reply[1] !== "number") {
    throw new Error(`unexpected rate budget reply from Redis: ${JSON.stringify(reply)}`);
  }
  return { granted: reply[0], waitMs: reply[1] };
}

/**
 * A SLIDING-window budget shared by every process through Redis: no window of `windowMs`, wherever it
 * starts, holds more than `limit` grants from all of them together. (BullMQ's own limiter is a fixed
 * window and lets up to twice its `max` through across an edge; see the design notes.)
 *
 * Inside a process, waiters are served first come, first served by a single loop, which asks Redis for as
 * many slots as it has waiters in one round trip: a backlog of a thousand jobs costs one Redis call per
 * freed slot batch, not a thousand polls.
 */
export function createRedisRateBudget(
  redis: RedisScriptRunner,
  options: RedisRateBudgetOptions,
): RedisRateBudget {
  if (typeof options?.keyPrefix !== "string" || options.keyPrefix === "") {
    throw new GenesysClientOptionsError("keyPrefix", "must be a non-empty string");
  }
  const { keyPrefix, limit, windowMs } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new GenesysClientOptionsError("limit", "must be a positive integer");
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    throw new GenesysClientOptionsError("windowMs", "must be a positive number of milliseconds");
  }
  const maxPollMs = options.maxPollMs ?? 1_000;
  if (!Number.isFinite(maxPollMs) || maxPollMs <= 0) {
    throw new GenesysClientOptionsError("maxPollMs", "must be a positive number of milliseconds");
  }
  const sleep = options.sleep ?? abortableSleep;
  // One hash tag for both keys: a Redis Cluster runs a script only on keys of one slot.
  const grantsKey = `${keyPrefix}{rate-budget}:grants`;
  const pauseKey = `${keyPrefix}{rate-budget}:pause`;
  const processId = randomUUID();
  let grantCounter = 0;
  const waiters: Waiter[] = [];
  let pumping = false;
  // Wakes the loop early when the last waiter leaves, so close-down is not held by a long sleep.
  let idle = new AbortController();

  const pump = async () => {
    pumping = true;
    try {
      while (waiters.length > 0) {
        const wanted = waiters.length;
        const base = grantCounter;
        grantCounter += wanted;
        let reply: { granted: number; waitMs: number };
        try {
          reply = parseReply(
            await redis.eval(ACQUIRE, 2, grantsKey, pauseKey, windowMs, limit, wanted, processId, base),
          );
        } catch (error) {
          // Redis is down or the reply is wrong: fail the waiters rather than let requests out unmetered.
          for (const waiter of waiters.splice(0)) {
            waiter.signal?.removeEventListener("abort", waiter.onAbort);
            waiter.reject(error);
          }
          return;
        }
        for (let i = 0; i < reply.granted; i++) {
          const waiter = waiters.shift();
          // A waiter that aborted during the round trip leaves an unused slot; it expires with the window.
          if (waiter === undefined) break;
          waiter.signal?.removeEventListener("abort", waiter.onAbort);
          waiter.resolve();
        }
        if (waiters.length > 0 && reply.waitMs > 0) {
          await sleep(Math.min(reply.waitMs, maxPollMs), idle.signal);
        }
      }
    } finally {
      pumping = false;
    }
  };

  return {
    acquire(_request, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = waiters.indexOf(waiter);
            if (index >= 0) waiters.splice(index, 1);
            if (waiters.length === 0) {
              idle.abort();
              idle = new AbortController();
            }
            reject(signal?.reason);
          },
        };
        signal?.addEventListener("abort", waiter.onAbort, { once: true });
        waiters.push(waiter);
        if (!pumping) void pump();
      });
    },
    async pauseFor(ms) {
      if (!Number.isFinite(ms) || ms <= 0) {
        throw new GenesysClientOptionsError("ms", "must be a positive number of milliseconds");
      }
      await redis.eval(PAUSE, 1, pauseKey, Math.ceil(ms));
    },
    async pausedForMs() {
      const left = await redis.eval(`return redis.call("PTTL", KEYS[1])`, 1, pauseKey);
      return typeof left === "number" && left > 0 ? left : 0;
    },
  };
}
