import type { RequestLane } from "@routing/genesys-client";
import type { JobName } from "@routing/jobs";

/**
 * The budget lane of every Genesys call a job makes (`callOptions` passes it; a call may name its own, as
 * the roster's reads do). Decisions on a waiting conversation draw from `decision` (reserved half, first
 * served); everything else is background work on a capped lane, so it can never take the decisions' share
 * (@routing/genesys-client README "Budget lanes").
 */
export const JOB_LANES: { readonly [Name in JobName]: RequestLane } = {
  "conversation.score": "decision",
  "assignment.check": "decision",
  "handoff.turn": "decision",
  // Analytics aggregates, the agents' skills, the bulk PATCH and the supervisors' queue members.
  "skills.adjust": "skills",
  // Analytics detail queries over the gap.
  "notifications.recover": "recovery",
  "roster.seed": "roster",
  "roster.member": "roster",
  "roster.reconcile": "reconciliation",
  "roster.skills-refresh": "skills",
  // Survey and conversation aggregates read on a schedule.
  "roster.csat-refresh": "maintenance",
  "queues.service-level": "maintenance",
  // A scheduled run's analytics and skill reads, and an approved run's (or a rollback's) bulk PATCHes.
  "skills.adjust-run": "skills",
  "skills.run-action": "skills",
};
