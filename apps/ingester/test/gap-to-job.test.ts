import type { NotificationGap } from "@routing/genesys-client";
import { QUEUES } from "@routing/jobs";
import { describe, expect, it } from "vitest";
import { recoverJobForGap, recoverReasonFor } from "../src/gap-to-job.js";
import { OTHER_QUEUE_TOPIC, QUEUE_TOPIC } from "./support/conversation-bodies.js";

const gap = (overrides: Partial<NotificationGap> = {}): NotificationGap => ({
  topics: [QUEUE_TOPIC, OTHER_QUEUE_TOPIC],
  from: new Date(1_736_150_400_000),
  to: new Date(1_736_150_403_500),
  reason: "socket-closed",
  channelIndex: 0,
  closeCode: 1006,
  ...overrides,
});

describe("recoverJobForGap", () => {
  it("records the window and the topics as a notifications.recover job on the maintenance queue", () => {
    const job = recoverJobForGap(gap());
    expect(job.name).toBe("notifications.recover");
    expect(job.queueName).toBe(QUEUES.maintenance);
    expect(job.data).toEqual({
      topics: [QUEUE_TOPIC, OTHER_QUEUE_TOPIC].sort(),
      fromMs: 1_736_150_400_000,
      toMs: 1_736_150_403_500,
      reason: "socket-dropped",
    });
  });

  it("gives one job id per gap, whatever the order of its topics", () => {
    const reordered = recoverJobForGap(gap({ topics: [OTHER_QUEUE_TOPIC, QUEUE_TOPIC] }));
    expect(reordered.opts.jobId).toBe(recoverJobForGap(gap()).opts.jobId);
    expect(recoverJobForGap(gap({ to: new Date(1_736_150_409_000) })).opts.jobId).not.toBe(
      recoverJobForGap(gap()).opts.jobId,
    );
  });

  it("keeps a gap whose end reads earlier than its start (a clock step) as an empty window", () => {
    const job = recoverJobForGap(gap({ to: new Date(1_736_150_399_000) }));
    expect(job.data.toMs).toBe(job.data.fromMs);
  });

  it("maps every reason of the stream onto the catalog's", () => {
    expect(recoverReasonFor("socket-closed")).toBe("socket-dropped");
    expect(recoverReasonFor("silence-timeout")).toBe("silence");
    expect(recoverReasonFor("handover-too-slow")).toBe("socket-dropped");
    expect(recoverReasonFor("something-new")).toBe("unknown");
    expect(recoverReasonFor("toString")).toBe("unknown");
  });
});
