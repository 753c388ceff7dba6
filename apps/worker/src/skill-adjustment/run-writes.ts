import type { AdjustmentRun, AuditEntry, ProposedChange } from "@routing/skill-adjustment-runs";
import { z } from "zod";
import { readActiveSkills } from "../genesys/user-skills.js";
import { callOptions, type HandlerContext } from "../handler-context.js";
import { writeThroughToRoster } from "./roster-write-through.js";

/** Per skill, what Genesys held before the phase and what the phase wrote. */
const writtenSchema = z.array(z.object({ skillId: z.string(), before: z.number(), after: z.number() }));
type Written = z.output<typeof writtenSchema>;

/**
 * One user's step of a phase, recorded in the run BEFORE the PATCH (`intent`, with the audit entries it
 * will add) and completed after it (`done`). A job killed in between finds the intent and re-sends the same
 * absolute proficiencies instead of deciding again from a Genesys the first PATCH already moved (which
 * would read the change as "moved by someone else", skip it, and leave the rollback nothing to restore).
 */
const stepSchema = z.object({
  state: z.enum(["intent", "done"]),
  written: writtenSchema,
  entries: z.array(z.record(z.string(), z.unknown())),
});
type Step = z.output<typeof stepSchema>;

const SKILLS_LANE = { lane: "skills" } as const;

function byUser(changes: readonly ProposedChange[]): Map<string, ProposedChange[]> {
  const users = new Map<string, ProposedChange[]>();
  for (const change of changes) users.set(change.userId, [...(users.get(change.userId) ?? []), change]);
  return users;
}

function stepOf(raw: unknown): Step | undefined {
  const parsed = stepSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Sends a recorded step (the PATCH, then its audit entries) and marks it done. */
async function completeStep(
  context: HandlerContext,
  runId: string,
  phase: "apply" | "rollback",
  userId: string,
  step: Step,
): Promise<void> {
  if (step.written.length > 0) {
    const skills = step.written.map((entry) => ({
      id: entry.skillId,
      proficiency: phase === "apply" ? entry.after : entry.before,
    }));
    const options = { ...callOptions(context), ...SKILLS_LANE };
    // Absolute proficiencies: sending the same body twice is harmless.
    await context.writes.write(
      `PATCH /api/v2/users/${userId}/routingskills/bulk`,
      { skills },
      async (body) => {
        const skillsNow = await context.genesys.users.patchUserRoutingSkillsBulk(
          userId,
          body.skills,
          options,
        );
        await writeThroughToRoster(context, userId, skillsNow);
      },
    );
  }
  // Validated by the store against its audit schema.
  await context.adjustmentRuns.audit(step.entries as unknown as AuditEntry[]);
  await context.adjustmentRuns.markDone(runId, phase, userId, { ...step, state: "done" });
}

export interface PhaseResult {
  readonly written: number;
  readonly skipped: number;
}

/**
 * Writes an approved (or auto) run: per agent, the skills are read right before the write and a change is
 * written only if the agent still holds the proficiency the run decided from (Genesys routing skills carry
 * no version: compare-before-write is ours); one whose skill moved meanwhile is skipped and audited, since
 * the decision was made on a value that no longer holds. One bulk PATCH per agent; each agent's step is
 * recorded in the run, so a retried job neither decides an agent twice nor loses what the rollback needs.
 */
export async function applyRun(
  run: AdjustmentRun,
  actor: string,
  context: HandlerContext,
): Promise<PhaseResult> {
  const runs = context.adjustmentRuns;
  const recorded = await runs.doneOf(run.runId, "apply");
  let written = 0;
  let skipped = 0;
  for (const [userId, changes] of byUser(run.changes)) {
    let step = stepOf(recorded.get(userId));
    if (step === undefined) {
      const held = await readActiveSkills(context.genesys, userId, {
        ...callOptions(context),
        ...SKILLS_LANE,
      });
      const entries: AuditEntry[] = [];
      const toWrite: Written = [];
      for (const change of changes) {
        const before = held.get(change.skillId)?.proficiency;
        const base = {
          atMs: context.nowMs(),
          runId: run.runId,
          actor,
          queueId: change.queueId,
          userId,
          skillId: change.skillId,
          inputs: change.inputs,
        };
        if (before !== change.from) {
          entries.push({
            ...base,
            action: "skipped",
            before: before ?? null,
            after: change.to,
            note:
              before === undefined
                ? "the agent no longer holds the skill"
                : `proficiency changed since the run decided (was ${change.from})`,
          });
          continue;
        }
        toWrite.push({ skillId: change.skillId, before, after: change.to });
        entries.push({ ...base, action: "written", before, after: change.to, note: change.reason });
      }
      step = { state: "intent", written: toWrite, entries };
      await runs.markDone(run.runId, "apply", userId, step);
    }
    if (step.state === "intent") {
      await completeStep(context, run.runId, "apply", userId, step);
      for (const entry of step.written) {
        context.metrics.skillAdjustments.inc({
          mode: "live",
          direction: entry.after > entry.before ? "up" : "down",
        });
      }
    }
    written += step.written.length;
    skipped += changes.length - step.written.length;
  }
  return { written, skipped };
}

/**
 * Rolls a written run back: every proficiency the run wrote is written back to what Genesys held before
 * it (read from the apply phase's record), one bulk PATCH per agent, each restore audited with what the
 * agent held right before it (someone may have changed it since; the rollback restores regardless).
 */
export async function rollBackRun(
  run: AdjustmentRun,
  actor: string,
  context: HandlerContext,
): Promise<PhaseResult> {
  const runs = context.adjustmentRuns;
  const applied = await runs.doneOf(run.runId, "apply");
  const recorded = await runs.doneOf(run.runId, "rollback");
  let written = 0;
  for (const [userId, raw] of applied) {
    const wrote = stepOf(raw);
    if (wrote === undefined || wrote.written.length === 0) continue;
    let step = stepOf(recorded.get(userId));
    if (step === undefined) {
      const held = await readActiveSkills(context.genesys, userId, {
        ...callOptions(context),
        ...SKILLS_LANE,
      });
      const entries: AuditEntry[] = wrote.written.map((entry) => {
        const now = held.get(entry.skillId)?.proficiency;
        const original = run.changes.find((c) => c.userId === userId && c.skillId === entry.skillId);
        return {
          atMs: context.nowMs(),
          runId: run.runId,
          action: "restored",
          actor,
          userId,
          skillId: entry.skillId,
          ...(original === undefined ? {} : { queueId: original.queueId, inputs: original.inputs }),
          before: now ?? null,
          after: entry.before,
          ...(now === entry.after
            ? {}
            : { note: `held ${now ?? "nothing"} instead of the ${entry.after} the run wrote` }),
        };
      });
      step = { state: "intent", written: wrote.written, entries };
      await runs.markDone(run.runId, "rollback", userId, step);
    }
    if (step.state === "intent") await completeStep(context, run.runId, "rollback", userId, step);
    written += step.written.length;
  }
  return { written, skipped: 0 };
}
