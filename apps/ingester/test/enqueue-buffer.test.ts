import { prepareJob } from "@routing/jobs";
import { describe, expect, it } from "vitest";
import { type BufferOutcome, createEnqueueBuffer } from "../src/enqueue-buffer.js";
import type { AnyPreparedJob, EnqueueResult } from "../src/job-enqueuer.js";
import { EnqueueAbandonedError } from "../src/retrying-enqueue.js";
import { IDS } from "./support/conversation-bodies.js";

const job = (round: number): AnyPreparedJob =>
  prepareJob("conversation.score", {
    conversationId: IDS.conversation,
    queueId: IDS.queue,
    mediaType: "call",
    round,
    observedAtMs: 1_700_000_000_000,
  });

/** An enqueue that waits until the test lets each job through (Redis away, then back). */
function gatedEnqueue() {
  const waiting: { job: AnyPreparedJob; signal: AbortSignal; resolve: (r: EnqueueResult) => void }[] = [];
  return {
    waiting,
    enqueue: (queued: AnyPreparedJob, signal: AbortSignal) =>
      new Promise<EnqueueResult>((resolve, reject) => {
        signal.addEventListener("abort", () =>
          reject(new EnqueueAbandonedError(queued.name, String(queued.opts.jobId), 1)),
        );
        waiting.push({ job: queued, signal, resolve });
      }),
    releaseAll() {
      for (const entry of waiting.splice(0))
        entry.resolve({ jobId: String(entry.job.opts.jobId), duplicate: false });
    },
  };
}

describe("createEnqueueBuffer", () => {
  it("holds at most maxJobs, refuses beyond, yet always takes a recovery; reports the oldest not in Redis", async () => {
    const gate = gatedEnqueue();
    const settled: BufferOutcome["kind"][] = [];
    const buffer = createEnqueueBuffer({
      enqueue: gate.enqueue,
      stopSignal: new AbortController().signal,
      limits: { maxJobs: 3, maxBytes: 1_000_000 },
      concurrency: 2,
      onSettled: (_entry, outcome) => settled.push(outcome.kind),
    });
    expect([1, 2, 3, 4].map((round) => buffer.offer(job(round), "notification", 1_000 + round))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(gate.waiting).toHaveLength(2);
    buffer.force(job(5), "gap", 500);
    expect(buffer.jobs).toBe(4);
    expect(buffer.oldestReceivedAtMs()).toBe(500);
    for (let round = 0; round < 3; round++) {
      gate.releaseAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await buffer.idle();
    expect(settled).toEqual(["added", "added", "added", "added"]);
    expect(buffer.jobs).toBe(0);
    expect(buffer.bytes).toBe(0);
    expect(buffer.oldestReceivedAtMs()).toBeUndefined();
  });

  it("bounds the bytes held as well", () => {
    const buffer = createEnqueueBuffer({
      enqueue: gatedEnqueue().enqueue,
      stopSignal: new AbortController().signal,
      limits: { maxJobs: 1_000, maxBytes: 2_000 },
      concurrency: 1,
      onSettled: () => {},
    });
    let taken = 0;
    while (buffer.offer(job(taken % 20), "notification", 0)) taken++;
    expect(taken).toBeGreaterThan(0);
    expect(buffer.bytes).toBeLessThanOrEqual(2_000);
  });

  it("abandons everything still held when the ingester stops, each exactly once", async () => {
    const gate = gatedEnqueue();
    const stop = new AbortController();
    const outcomes: string[] = [];
    const buffer = createEnqueueBuffer({
      enqueue: gate.enqueue,
      stopSignal: stop.signal,
      limits: { maxJobs: 10, maxBytes: 1_000_000 },
      concurrency: 1,
      onSettled: (entry, outcome) => outcomes.push(`${entry.job.opts.jobId}:${outcome.kind}`),
    });
    for (const round of [1, 2, 3]) buffer.offer(job(round), "notification", round);
    stop.abort();
    await buffer.idle();
    expect(outcomes.sort()).toEqual(
      [1, 2, 3].map((round) => `${String(job(round).opts.jobId)}:abandoned`).sort(),
    );
  });
});
