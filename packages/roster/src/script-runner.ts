import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export type ScriptArg = string | number;

/** Runs a Lua script by its SHA, loading it on the first NOSCRIPT (a Redis restart forgets loaded scripts). */
export interface ScriptRunner {
  run(script: string, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown>;
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

export function createScriptRunner(redis: Redis): ScriptRunner {
  const shas = new Map<string, string>();
  const shaOf = (script: string): string => {
    let sha = shas.get(script);
    if (sha === undefined) {
      sha = createHash("sha1").update(script).digest("hex");
      shas.set(script, sha);
    }
    return sha;
  };
  return {
    async run(script, keys, args) {
      try {
        return await redis.evalsha(shaOf(script), keys.length, ...keys, ...args);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return redis.eval(script, keys.length, ...keys, ...args);
      }
    },
  };
}
