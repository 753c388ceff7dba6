import { createHash } from "node:crypto";

export type ScriptArg = string | number;

/** A Lua script with its SHA1 (computed once) and the number of keys it takes. */
export interface LuaScript {
  readonly lua: string;
  readonly sha: string;
  readonly keys: number;
}

/**
 * The two Redis commands a script run needs; an ioredis `Redis` (or `Cluster`) satisfies it, so users of this
 * package need no Redis client types of ours.
 */
export interface ScriptRedis {
  evalsha(sha1: string, numberOfKeys: number, ...args: ScriptArg[]): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...args: ScriptArg[]): Promise<unknown>;
}

/** A script and the number of keys (KEYS[1..keys]) it takes; every run must pass exactly that many. */
export function defineScript(lua: string, keys: number): LuaScript {
  if (!Number.isInteger(keys) || keys < 0)
    throw new Error(`a script's key count must be an integer >= 0, got ${keys}`);
  return Object.freeze({ lua, sha: createHash("sha1").update(lua).digest("hex"), keys });
}

/** Redis forgot the script (a restart, a `SCRIPT FLUSH`, a failover to a replica that never ran it). */
function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/**
 * EVALSHA: only the script's SHA1 goes over the wire. On NOSCRIPT, EVAL, which sends the text once and
 * leaves the script loaded for the next EVALSHA. Any other error is the caller's.
 */
export async function runScript(
  redis: ScriptRedis,
  script: LuaScript,
  keyNames: readonly string[],
  args: readonly ScriptArg[],
): Promise<unknown> {
  const { lua, sha, keys } = script;
  if (keyNames.length !== keys) {
    throw new Error(`script ${sha.slice(0, 12)} expects ${keys} keys, got ${keyNames.length}`);
  }
  try {
    return await redis.evalsha(sha, keys, ...keyNames, ...args);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return redis.eval(lua, keys, ...keyNames, ...args);
  }
}
