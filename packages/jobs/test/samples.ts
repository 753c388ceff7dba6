import type { JobInput, JobName } from "../src/index.js";

const conversationId = "0b7c1d7e-3f4a-4b5c-9d6e-7f8091a2b3c4";
const queueId = "1c8d2e8f-4a5b-4c6d-8e7f-8091a2b3c4d5";
const userId = "2d9e3f90-5b6c-4d7e-9f80-91a2b3c4d5e6";
const participantId = "3eaf40a1-6c7d-4e8f-a091-a2b3c4d5e6f7";
const skillId = "4fb051b2-7d8e-4f90-b1a2-b3c4d5e6f708";

/** One valid payload per job, as a producer would write it. */
export const SAMPLE_INPUTS: { [Name in JobName]: JobInput<Name> } = {
  "conversation.score": {
    conversationId,
    queueId,
    mediaType: "call",
    skillIds: [skillId],
    observedAtMs: 1_700_000_000_000,
  },
  "assignment.check": {
    conversationId,
    queueId,
    userId,
    participantId,
    skillIds: [skillId],
    observedAtMs: 1_700_000_000_000,
  },
  "handoff.turn": {
    conversationId,
    turnId: "msg-1",
    intent: "billing",
    confidence: 0.62,
    receivedAtMs: 1_700_000_000_000,
  },
  "skills.adjust": { queueId, intervalStartMs: 1_700_000_000_000, intervalEndMs: 1_700_086_400_000 },
  "notifications.recover": {
    topics: [`v2.routing.queues.${queueId}.conversations`],
    fromMs: 1_700_000_000_000,
    toMs: 1_700_000_030_000,
    reason: "socket-dropped",
  },
  "roster.seed": { queueId, reason: "gap", fromMs: 1_700_000_000_000, toMs: 1_700_000_030_000 },
  "roster.member": { queueId, userId, observedAtMs: 1_700_000_000_000 },
  "roster.reconcile": { requestedAtMs: 1_700_000_000_000 },
  "roster.skills-refresh": { queueId, requestedAtMs: 1_700_000_000_000 },
  "roster.csat-refresh": { requestedAtMs: 1_700_000_000_000 },
  "queues.service-level": { queueId, requestedAtMs: 1_700_000_000_000 },
  "skills.adjust-run": { requestedBy: "ann.supervisor", requestedAtMs: 1_700_000_000_000 },
  "skills.run-action": {
    runId: "run-0123456789abcdef",
    action: "approve",
    actor: "ann.supervisor",
    requestedAtMs: 1_700_000_000_000,
  },
};
