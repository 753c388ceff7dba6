import type { AdjustmentRun, AuditEntry, ProposedChange } from "@routing/skill-adjustment-runs";
import { z } from "zod";
import { readActiveSkills } from "../genesys/user-skills.js";
import { callOptions, type HandlerContext } from "../handler-context.js";
import { writeThroughToRoster } from "./roster-write-through.js";

/** What one user's phase wrote: per skill, what Genesys held before and what was written. */
const writtenSchema = z.array(z.object({ skillId: z.string(), before: z.number(), after: z.number() }));
type Written = z.output<typeof writtenSchema>;

function byUser(changes: readonly ProposedChange[]): Map<string, ProposedChange[]> {
  const users = new Map<string, ProposedChange[]>();
  for (const change of changes) users.set(change.userId, [...(users.get(change.userId) ?? []), change]);
  return users;
}

async function patchSkills(
  context: HandlerContext,
  userId: string,
  skills: readonly { id: string; proficiency: number }[],
): Promise<void> {
  const options = { ...callOptions(context), lane: "skills" as const };
  // Absolute proficiencies: re-sending the recorded body after a crash is harmless (write-journal.ts).
  await context.writes.write(`PATCH /api/v2/users/${userId}/routingskills/bulk`, { skills }, async (body) => {
    const skillsNow = await context.genesys.users.patchUserRoutingSkillsBulk(userId, body.skills, options);
    await writeThroughToRoster(context, userId, skillsNow);
  });
}

export interface PhaseResult {
  readonly written: number;
  readonly skipped: number;
}

/**
 * Writes an approved (or auto) run: per agent, the skills are read right before the write and a change is
 * written only if the agent still holds the proficiency the run decided from (Genesys routing skills carry
 * no version: compare-before-write is ours); one whose skill moved meanwhile is skipped and audited, since
 * the decision was made on a value that no longer holds. One bulk PATCH per agent; what was written is
 * recorded per agent, so a retried job neither writes an agent twice nor loses what the rollback needs.
 */
export async function applyRun(
  run: AdjustmentRun,
  actor: string,
  context: HandlerContext,
): Promise<PhaseResult> {
  const runs = context.adjustmentRuns;
  const done = await runs.doneOf(run.runId, "apply");
  let written = 0;
  let skipped = 0;
  for (const [userId, changes] of byUser(run.changes)) {
    const recorded = writtenSchema.safeParse(done.get(userId));
    if (recorded.success) {
      written += recorded.data.length;
      continue;
    }
    const held = await readActiveSkills(context.genesys, userId, {
      ...callOptions(context),
      lane: "skills",
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
    if (toWrite.length > 0) {
      await patchSkills(
        context,
        userId,
        toWrite.map((entry) => ({ id: entry.skillId, proficiency: entry.after })),
      );
    }
    await runs.markDone(run.runId, "apply", userId, toWrite);
    await runs.audit(entries);
    written += toWrite.length;
    skipped += changes.length - toWrite.length;
    for (const entry of toWrite) {
      context.metrics.skillAdjustments.inc({
        mode: "live",
        direction: entry.after > entry.before ? "up" : "down",
      });
    }
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
  const restored = await runs.doneOf(run.runId, "rollback");
  let written = 0;
  for (const [userId, raw] of applied) {
    const wrote = writtenSchema.safeParse(raw);
    if (!wrote.success || wrote.data.length === 0) continue;
    if (restored.has(userId)) {
      written += wrote.data.length;
      continue;
    }
    const held = await readActiveSkills(context.genesys, userId, {
      ...callOptions(context),
      lane: "skills",
    });
    await patchSkills(
      context,
      userId,
      wrote.data.map((entry) => ({ id: entry.skillId, proficiency: entry.before })),
    );
    await runs.markDone(run.runId, "rollback", userId, wrote.data);
    const change = (skillId: string) => run.changes.find((c) => c.userId === userId && c.skillId === skillId);
    await runs.audit(
      wrote.data.map((entry) => {
        const now = held.get(entry.skillId)?.proficiency;
        const original = change(entry.skillId);
        return {
          atMs: context.nowMs(),
          runId: run.runId,
          action: "restored" as const,
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
      }),
    );
    written += wrote.data.length;
  }
  return { written, skipped: 0 };
}
