import { redisTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { createWriteJournal, jobWrites, writeKey } from "../src/write-journal.js";

interface Scores {
  readonly requestScoredAgents: readonly { readonly id: string; readonly score: number }[];
}

const first: Scores = { requestScoredAgents: [{ id: "agent-a", score: 90 }] };
const second: Scores = { requestScoredAgents: [{ id: "agent-b", score: 80 }] };

class WorkerDied extends Error {}

describe("the write journal (real Redis)", () => {
  redisTest(
    "records the intent, sends once, and a later attempt returns the recorded write",
    async ({ redis }) => {
      const journal = createWriteJournal({ redis: redis.connection, keyPrefix: redis.prefix });
      const sent: Scores[] = [];
      const send = async (body: Scores) => void sent.push(body);
      expect(await journal.write("job-1|PATCH x", first, send)).toEqual({ body: first, replay: "none" });
      // The job ran again (a retry after a later step failed): nothing is sent, the first write is the outcome.
      expect(await journal.write("job-1|PATCH x", second, send)).toEqual({ body: first, replay: "recorded" });
      expect(sent).toEqual([first]);
    },
  );

  redisTest(
    "a re-run after a worker died mid-write re-sends the recorded write, not its own decision",
    async ({ redis }) => {
      const journal = createWriteJournal({ redis: redis.connection, keyPrefix: redis.prefix });
      const genesys: Scores[] = [];
      // The first attempt's PATCH reaches Genesys, then its worker dies before it hears the answer.
      await expect(
        journal.write("job-2|PATCH x", first, async (body) => {
          genesys.push(body);
          throw new WorkerDied();
        }),
      ).rejects.toThrow(WorkerDied);
      // The re-run ranked again from a Genesys that has moved on, and got another answer: it is not sent.
      const rerun = await journal.write("job-2|PATCH x", second, async (body) => void genesys.push(body));
      expect(rerun).toEqual({ body: first, replay: "resent" });
      expect(genesys).toEqual([first, first]);
      // Done now: a third attempt sends nothing.
      expect(await journal.write("job-2|PATCH x", second, async (body) => void genesys.push(body))).toEqual({
        body: first,
        replay: "recorded",
      });
      expect(genesys).toHaveLength(2);
    },
  );

  redisTest("keys one job's writes apart from another's, and expires them", async ({ redis }) => {
    const journal = createWriteJournal({ redis: redis.connection, keyPrefix: redis.prefix, ttlMs: 60_000 });
    await jobWrites(journal, "job-a").write("PATCH x", first, async () => {});
    expect((await jobWrites(journal, "job-b").write("PATCH x", second, async () => {})).replay).toBe("none");
    const key = `${redis.prefix}:worker:write-journal:${writeKey("job-a", "PATCH x")}`;
    const ttl = await redis.connection.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});
