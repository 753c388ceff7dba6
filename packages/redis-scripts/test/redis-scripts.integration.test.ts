import { randomUUID } from "node:crypto";
import { redisTest } from "@routing/test-utils";
import type { Redis } from "ioredis";
import { describe, expect } from "vitest";
import { defineScript, runScript, type ScriptArg, type ScriptRedis } from "../src/index.js";

/** The real connection, recording which command each call sent: "evalsha" (the SHA) or "eval" (the text). */
function recording(connection: Redis): { readonly redis: ScriptRedis; readonly sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    redis: {
      evalsha: (sha: string, keys: number, ...args: ScriptArg[]) => {
        sent.push("evalsha");
        return connection.evalsha(sha, keys, ...args);
      },
      eval: (lua: string, keys: number, ...args: ScriptArg[]) => {
        sent.push("eval");
        return connection.eval(lua, keys, ...args);
      },
    },
  };
}

/** A script no Redis has seen: its first EVALSHA answers NOSCRIPT whatever ran before. */
const freshScript = () =>
  defineScript(`-- ${randomUUID()}\nreturn {KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]) + 1}`, 2);

const scriptExists = async (connection: Redis, sha: string): Promise<boolean> => {
  const [exists] = (await connection.script("EXISTS", sha)) as number[];
  return exists === 1;
};

describe("runScript (real Redis)", () => {
  redisTest("sends the text once, then only the SHA", async ({ redis }) => {
    const script = freshScript();
    const { redis: recorded, sent } = recording(redis.connection);
    const [a, b] = [`${redis.prefix}:a`, `${redis.prefix}:b`];

    expect(await scriptExists(redis.connection, script.sha)).toBe(false);
    expect(await runScript(recorded, script, [a, b], ["x", 1])).toEqual([a, b, "x", 2]);
    // Unknown to Redis (as every script is after a restart): EVALSHA answered NOSCRIPT, and EVAL ran (and
    // loaded) it. A SCRIPT FLUSH would show the same on the shared Redis, and disturb the tests running beside.
    expect(sent).toEqual(["evalsha", "eval"]);
    expect(await scriptExists(redis.connection, script.sha)).toBe(true);

    expect(await runScript(recorded, script, [a, b], ["y", 41])).toEqual([a, b, "y", 42]);
    expect(sent).toEqual(["evalsha", "eval", "evalsha"]);
  });

  redisTest("passes on the script's own errors without sending it again", async ({ redis }) => {
    const failing = defineScript(`-- ${randomUUID()}\nreturn redis.error_reply('BROKEN on purpose')`, 0);
    const { redis: recorded, sent } = recording(redis.connection);
    await expect(runScript(recorded, failing, [], [])).rejects.toThrow(/BROKEN on purpose/);
    sent.length = 0;
    await expect(runScript(recorded, failing, [], [])).rejects.toThrow(/BROKEN on purpose/);
    expect(sent).toEqual(["evalsha"]);
  });

  redisTest(
    "refuses a wrong number of keys, naming the expected count, before sending anything",
    async ({ redis }) => {
      const script = freshScript();
      const { redis: recorded, sent } = recording(redis.connection);
      await expect(runScript(recorded, script, [`${redis.prefix}:a`], ["x", 1])).rejects.toThrow(
        /expects 2 keys, got 1/,
      );
      expect(sent).toEqual([]);
    },
  );
});

describe("defineScript", () => {
  redisTest("computes the SHA1 Redis uses, and freezes the script", async ({ redis }) => {
    const script = defineScript("return 1", 0);
    expect(script.sha).toBe(await redis.connection.script("LOAD", "return 1"));
    expect(Object.isFrozen(script)).toBe(true);
    expect(() => defineScript("return 1", -1)).toThrow(/key count/);
  });
});
