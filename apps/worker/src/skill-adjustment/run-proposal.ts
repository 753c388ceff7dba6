import { decideSkillAdjustment } from "@routing/core";
import type { ProposedChange } from "@routing/skill-adjustment-runs";
import { readQueuePerformance } from "../genesys/queue-performance.js";
import { callOptions, type HandlerContext } from "../handler-context.js";
import { writtenAdjustment } from "./adjustment-ledger.js";
import { readActiveSkills } from "./held-skills.js";

/**
 * What a run would change: per configured queue, each agent's measured performance over the window (two
 * analytics aggregate queries), then core's decision per (agent, target skill the agent holds) against the
 * proficiency the agent holds now (one read per agent). Reads only, on the `skills` lane (skill sync).
 */
export async function proposeChanges(
  context: HandlerContext,
  interval: { readonly startMs: number; readonly endMs: number },
): Promise<ProposedChange[]> {
  const options = { ...callOptions(context), lane: "skills" as const };
  const window = `${new Date(interval.startMs).toISOString()}/${new Date(interval.endMs).toISOString()}`;
  const changes: ProposedChange[] = [];
  for (const [queueId, skillIds] of context.policy.skillAdjustmentTargets) {
    const performance = await readQueuePerformance(context.genesys, queueId, window, options);
    for (const [userId, inputs] of performance) {
      const held = await readActiveSkills(context.genesys, userId, options);
      for (const skillId of skillIds) {
        const current = held.get(skillId);
        if (current === undefined) continue;
        const decision = decideSkillAdjustment(
          { userId, skillId, currentProficiency: current.proficiency, performance: inputs },
          context.policy.skillAdjustment,
        );
        if (decision.kind !== "adjust") continue;
        changes.push({
          queueId,
          userId,
          ...writtenAdjustment(decision, current.name),
          inputs: { ...inputs },
        });
      }
    }
  }
  return changes;
}
