import {
  type AgentPerformance,
  buildRoutingSkillBulkUpdates,
  decideSkillAdjustment,
  type SkillAdjustmentDecision,
} from "@routing/core";
import { callOptions, type HandlerContext } from "../handler-context.js";
import { type WrittenAdjustment, writtenAdjustment } from "./adjustment-ledger.js";
import { readActiveSkills } from "./held-skills.js";
import { writeThroughToRoster } from "./roster-write-through.js";

export interface AgentAdjustmentRequest {
  readonly queueId: string;
  readonly userId: string;
  readonly skillIds: readonly string[];
  readonly performance: AgentPerformance;
  readonly dryRun: boolean;
}

export interface AgentAdjustmentResult {
  readonly adjustments: readonly WrittenAdjustment[];
  /** Skills decided "no change" (too little evidence, within the dead band, ...). */
  readonly unchanged: number;
  /** Target skills the agent does not hold: nothing to adjust, and adding a skill is not ours to do. */
  readonly notHeld: number;
  /** True when an earlier attempt of this job already wrote this agent's changes (nothing written now). */
  readonly replayed: boolean;
}

/**
 * Decides and (unless dry) writes one agent's target skills. The current proficiency is read right before
 * deciding and the change written right after (compare-before-write: Genesys routing skills carry no
 * version), in one bulk PATCH per agent. What was written is recorded under the job id first thing after
 * the write, so that a retried job never moves the same agent twice.
 */
export async function adjustAgentSkills(
  request: AgentAdjustmentRequest,
  context: HandlerContext,
): Promise<AgentAdjustmentResult> {
  const { queueId, userId, dryRun } = request;
  const jobId = context.job.id;
  if (!dryRun) {
    const written = await context.adjustmentLedger.writtenFor(jobId, queueId, userId);
    if (written !== undefined) return { adjustments: written, unchanged: 0, notHeld: 0, replayed: true };
  }
  const options = callOptions(context);
  const held = await readActiveSkills(context.genesys, userId, options);
  const decisions: SkillAdjustmentDecision[] = [];
  for (const skillId of request.skillIds) {
    const current = held.get(skillId);
    if (current === undefined) continue;
    decisions.push(
      decideSkillAdjustment(
        { userId, skillId, currentProficiency: current.proficiency, performance: request.performance },
        context.policy.skillAdjustment,
      ),
    );
  }
  let adjustments: readonly WrittenAdjustment[] = decisions.flatMap((decision) =>
    decision.kind === "adjust" ? [writtenAdjustment(decision, held.get(decision.skillId)?.name)] : [],
  );
  if (!dryRun) {
    // The intent is recorded before the PATCH (write-journal.ts): an attempt killed after Genesys applied
    // it leaves the intent, and the re-run re-sends these absolute proficiencies (idempotent) instead of
    // deciding a second step from the proficiency the first one already moved.
    const { body } = await context.writes.write(
      `PATCH /api/v2/users/${userId}/routingskills/bulk`,
      { updates: buildRoutingSkillBulkUpdates(decisions), adjustments },
      async (recorded) => {
        for (const update of recorded.updates) {
          const skillsNow = await context.genesys.users.patchUserRoutingSkillsBulk(
            update.userId,
            update.skills,
            options,
          );
          // Genesys answers with the skills as they now are: the roster has them without a read.
          await writeThroughToRoster(context, update.userId, skillsNow);
        }
      },
    );
    adjustments = body.adjustments;
    if (adjustments.length > 0) {
      await context.adjustmentLedger.recordWritten(jobId, queueId, userId, adjustments);
    }
  }
  const mode = dryRun ? "dry-run" : "live";
  for (const adjustment of adjustments) {
    context.metrics.skillAdjustments.inc({
      mode,
      direction: adjustment.to > adjustment.from ? "up" : "down",
    });
    // The audit record: who, which skill, from what to what and why. Ids and figures only.
    context.logger.info(
      { audit: "skill-adjustment", mode, queueId, userId, ...adjustment },
      dryRun ? "skill adjustment (dry run, not written)" : "skill adjustment written",
    );
  }
  return {
    adjustments,
    unchanged: Math.max(0, decisions.length - adjustments.length),
    notHeld: request.skillIds.length - decisions.length,
    replayed: false,
  };
}
