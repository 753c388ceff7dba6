import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildJobId,
  JOB_CATALOG,
  type JobName,
  JobPayloadError,
  parseJob,
  prepareJob,
  QUEUES,
  UnknownJobError,
} from "../src/index.js";
import { SAMPLE_INPUTS } from "./samples.js";

const names = Object.keys(JOB_CATALOG) as JobName[];

describe("prepareJob", () => {
  it.each(names)(
    "%s: validates, fills defaults and takes queue, attempts, backoff and id from the catalog",
    (name) => {
      const prepared = prepareJob(name, SAMPLE_INPUTS[name] as never);
      const definition = JOB_CATALOG[name];
      expect(prepared.queueName).toBe(QUEUES[definition.queue]);
      expect(prepared.opts).toMatchObject({ attempts: definition.attempts, backoff: definition.backoff });
      expect(prepared.opts.jobId).toBe(definition.jobId(prepared.data as never));
      // Failed jobs are kept for a week so they can be replayed from Bull Board, and never more than 10,000.
      expect(prepared.opts.removeOnFail).toEqual({ age: 7 * 24 * 3600, count: 10_000 });
    },
  );

  it("names the bad field, and refuses rather than enqueues", () => {
    const input = { ...SAMPLE_INPUTS["conversation.score"], skillIds: ["not-a-uuid"] };
    let error: unknown;
    try {
      prepareJob("conversation.score", input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JobPayloadError);
    expect(error).toMatchObject({ field: "skillIds.0", jobName: "conversation.score" });
    expect(String((error as Error).message)).toContain('field "skillIds.0"');
    expect(() =>
      prepareJob("skills.adjust", { ...SAMPLE_INPUTS["skills.adjust"], intervalEndMs: 1_600_000_000_000 }),
    ).toThrow(/"intervalEndMs"/);
    expect(() => prepareJob("nope" as JobName, {} as never)).toThrow(UnknownJobError);
  });

  it("fills defaults and drops unknown fields (a newer producer during a rolling deploy)", () => {
    const prepared = prepareJob("conversation.score", {
      ...SAMPLE_INPUTS["conversation.score"],
      skillIds: undefined,
      addedByANewerRelease: true,
    } as never);
    expect(prepared.data.skillIds).toEqual([]);
    expect(prepared.data.round).toBe(0);
    expect(prepared.data).not.toHaveProperty("addedByANewerRelease");
  });

  it("gives the same event the same id, and a re-score round a new one", () => {
    const first = prepareJob("conversation.score", SAMPLE_INPUTS["conversation.score"]);
    const again = prepareJob("conversation.score", {
      ...SAMPLE_INPUTS["conversation.score"],
      observedAtMs: 1,
    });
    const rescore = prepareJob("conversation.score", { ...SAMPLE_INPUTS["conversation.score"], round: 1 });
    expect(again.opts.jobId).toBe(first.opts.jobId);
    expect(rescore.opts.jobId).not.toBe(first.opts.jobId);
  });

  it("reads an upper-case Genesys id as the same id: one payload, one job id, whoever produced it", () => {
    const lower = SAMPLE_INPUTS["assignment.check"];
    const upper = {
      ...lower,
      conversationId: lower.conversationId.toUpperCase(),
      participantId: lower.participantId.toUpperCase(),
      skillIds: (lower.skillIds ?? []).map((id) => id.toUpperCase()),
    };
    const fromLower = prepareJob("assignment.check", lower);
    const fromUpper = prepareJob("assignment.check", upper);
    expect(fromUpper.opts.jobId).toBe(fromLower.opts.jobId);
    expect(fromUpper.data).toEqual(fromLower.data);
    const turn = SAMPLE_INPUTS["handoff.turn"];
    expect(
      prepareJob("handoff.turn", { ...turn, conversationId: turn.conversationId.toUpperCase() }).opts.jobId,
    ).toBe(prepareJob("handoff.turn", turn).opts.jobId);
  });

  it("keeps message text and other strangers out of job data", () => {
    const prepared = prepareJob("handoff.turn", {
      ...SAMPLE_INPUTS["handoff.turn"],
      text: "my card number is …",
    } as never);
    expect(JSON.stringify(prepared.data)).not.toContain("card number");
  });
});

describe("parseJob", () => {
  it("returns the typed payload for a known job, and names the field of a bad one", () => {
    const parsed = parseJob("handoff.turn", SAMPLE_INPUTS["handoff.turn"]);
    expect(parsed).toEqual({ name: "handoff.turn", payload: SAMPLE_INPUTS["handoff.turn"] });
    expect(() => parseJob("handoff.turn", { ...SAMPLE_INPUTS["handoff.turn"], confidence: "high" })).toThrow(
      /"confidence"/,
    );
    expect(() => parseJob("conversation.delete", {})).toThrow(UnknownJobError);
  });
});

describe("buildJobId", () => {
  it("never makes an id BullMQ refuses (':' or all digits), and never maps two part lists to one id", () => {
    const part = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.uuid());
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.array(part, { minLength: 1, maxLength: 4 }),
        (a, b) => {
          const idA = buildJobId("k", a);
          expect(idA).not.toContain(":");
          expect(`${Number.parseInt(idA, 10)}`).not.toBe(idA);
          const same = a.length === b.length && a.every((value, index) => String(value) === String(b[index]));
          if (!same) expect(buildJobId("k", b)).not.toBe(idA);
        },
      ),
    );
    expect(buildJobId("score", ["2026-11-28T10:00:00Z"])).toMatch(/^score_h[0-9a-f]{24}$/);
    expect(() => buildJobId("Bad Kind", [])).toThrow(/kebab/);
  });
});
