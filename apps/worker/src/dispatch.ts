import type { JobName, JobPayload } from "@routing/jobs";
import { refreshRosterCsat } from "./csat/csat-refresh.js";
import type { HandlerContext, JobHandler } from "./handler-context.js";
import { checkOfferedAssignment } from "./handlers/assignment-check.js";
import { scoreConversation } from "./handlers/conversation-score.js";
import { decideBotTurn } from "./handlers/handoff-turn.js";
import { recoverNotifications } from "./handlers/notifications-recover.js";
import { adjustSkills } from "./handlers/skills-adjust.js";
import { runSkillAdjustment } from "./handlers/skills-adjust-run.js";
import { actOnSkillRun } from "./handlers/skills-run-action.js";
import { JOB_LANES } from "./job-lanes.js";
import type { JobOutcome } from "./job-outcome.js";
import { readRosterMember } from "./roster/roster-member.js";
import { reconcileRoster } from "./roster/roster-reconcile.js";
import { seedRoster } from "./roster/roster-seed.js";
import { refreshRosterSkills } from "./roster/roster-skills-refresh.js";
import { measureServiceLevels } from "./service-level/measure-service-level.js";

export type DispatchTable = { readonly [Name in JobName]: JobHandler<Name> };

/** Every job of the catalog and the one handler that runs it. */
export const DISPATCH_TABLE: DispatchTable = {
  "conversation.score": scoreConversation,
  "assignment.check": checkOfferedAssignment,
  "handoff.turn": decideBotTurn,
  "skills.adjust": adjustSkills,
  "notifications.recover": recoverNotifications,
  "roster.seed": seedRoster,
  "roster.member": readRosterMember,
  "roster.reconcile": reconcileRoster,
  "roster.skills-refresh": refreshRosterSkills,
  "roster.csat-refresh": refreshRosterCsat,
  "queues.service-level": measureServiceLevels,
  "skills.adjust-run": runSkillAdjustment,
  "skills.run-action": actOnSkillRun,
};

/** Runs the job's handler, its Genesys calls on the job's budget lane (JOB_LANES). */
export function dispatchJob<Name extends JobName>(
  table: DispatchTable,
  job: { readonly name: Name; readonly payload: JobPayload<Name> },
  context: HandlerContext,
): Promise<JobOutcome> {
  const handler: JobHandler<Name> = table[job.name];
  return handler(job.payload, { ...context, lane: JOB_LANES[job.name] });
}
