import { z } from "zod";
import type { RoutingRuleModel } from "./model.js";

/**
 * The preferred agent routing rules every queue has unless `routingRulesByQueue` says otherwise: scored
 * agents at or above 80 for 10 s, then every scored agent for 10 s, then standard routing. (Genesys
 * documents the rule model, not a default: a queue there has rules only once an administrator sets
 * preferred agent routing up.)
 */
export const DEFAULT_ROUTING_RULES: readonly RoutingRuleModel[] = Object.freeze([
  { operator: "MEETS_THRESHOLD", threshold: 80, waitSeconds: 10 },
  { operator: "ANY", waitSeconds: 10 },
]);

/**
 * The living contact centre. Every field is optional; the defaults give a small, busy-but-coping centre
 * (3 queues, 20 agents, 4 arrivals a minute, 3-minute handle times).
 */
export interface ContactCentreOptions {
  /** Default 3 (at most 8): Sales, Support, Billing, ... */
  queueCount?: number;
  /** Default 20 (at most 5,000: a large org's queue, for the worker's memory bench). */
  agentCount?: number;
  /** Default 6 (at most 10). */
  skillCount?: number;
  /** Default 3 (at most 6): English, Spanish, French, ... */
  languageCount?: number;
  /** Poisson arrivals per minute over all queues. Default 4; 0 = only control.createConversation. */
  arrivalsPerMinute?: number;
  /**
   * How long a new (or transferred) conversation waits in queue for routing decisions before the emulator
   * routes it itself (longest idle). A PATCH with requestScoredAgents routes at once. Default 2000.
   */
  routingDelayMs?: number;
  /** Mean time an agent takes to answer an offer (alerting -> connected); drawn in [0.5, 1.5] x mean. Default 4000. */
  meanAnswerDelayMs?: number;
  /** Shown as alertingTimeoutMs on agent participants. Default 8000. */
  alertingTimeoutMs?: number;
  /** Mean talk time (Erlang-2 distributed, scaled by each agent's own pace). Default 180000. */
  meanHandleTimeMs?: number;
  /** After-call work after each agent segment; the agent stays INTERACTING meanwhile. Default 10000. */
  wrapUpMs?: number;
  /** Mean customer patience while waiting (exponential); 0 = customers never abandon. Default 600000. */
  meanPatienceMs?: number;
  /** Share of answered conversations that get a survey response. Default 0.3. */
  surveyResponseRate?: number;
  /** Share of agents on queue (IDLE) at start; the rest are OFF_QUEUE. Default 0.85. */
  onQueueShare?: number;
  /** Relative weights of arriving media types. Default { call: 6, message: 3, chat: 1 }. */
  mediaMix?: { call?: number; message?: number; chat?: number };
  /** Queue names (by position) whose enableManualAssignment is false. Default none. */
  queuesWithoutManualAssignment?: string[];
  /**
   * Every queue's preferred agent routing rules (`Queue.routingRules`), in order. Default
   * `DEFAULT_ROUTING_RULES`; `[]` = no preferred agent routing (scores are ignored).
   */
  routingRules?: RoutingRuleModel[];
  /** Queue name -> its own rules, overriding `routingRules` (`[]`: that queue ignores scores). Default none. */
  routingRulesByQueue?: Record<string, RoutingRuleModel[]>;
  /**
   * Every queue's service level target (`Queue.mediaSettings.<media>.serviceLevel`: `percentage` 0–1 and
   * `durationMs`), against which `oServiceLevel` is measured. Default 80 % within 20 s: the emulator's
   * choice (the common 80/20 target), not a documented Genesys default.
   */
  serviceLevel?: { percentage: number; durationMs: number };
  /** Queue name -> its own service level target, overriding `serviceLevel`. Default none. */
  serviceLevelByQueue?: Record<string, { percentage: number; durationMs: number }>;
  /**
   * Publish every conversation event twice (the same topic and body in two frames), as an at-least-once
   * delivery may: for tests of deduplication. Default false.
   */
  duplicateConversationEvents?: boolean;
}

const nonNegativeMs = z.number().finite().min(0);

/** Genesys allows up to six rings of preferred agent routing ("Advanced routing overview"). */
const routingRuleSchema = z
  .strictObject({
    operator: z.enum(["MEETS_THRESHOLD", "ANY"]),
    threshold: z.number().int().optional(),
    waitSeconds: z.number().finite().min(0),
  })
  .refine((rule) => rule.operator !== "MEETS_THRESHOLD" || rule.threshold !== undefined, {
    message: "a MEETS_THRESHOLD rule needs a threshold",
    path: ["threshold"],
  });

/** `ServiceLevel` (platform-client-sdk-javascript `build/index.d.ts`): percentage 0–1, durationMs. */
const serviceLevelSchema = z.strictObject({
  percentage: z.number().gt(0).max(1),
  durationMs: z.number().int().min(1),
});

export const contactCentreOptionsSchema = z.strictObject({
  queueCount: z.number().int().min(1).max(8).default(3),
  agentCount: z.number().int().min(1).max(5000).default(20),
  skillCount: z.number().int().min(1).max(10).default(6),
  languageCount: z.number().int().min(1).max(6).default(3),
  arrivalsPerMinute: z.number().finite().min(0).default(4),
  routingDelayMs: nonNegativeMs.default(2000),
  meanAnswerDelayMs: nonNegativeMs.default(4000),
  alertingTimeoutMs: nonNegativeMs.default(8000),
  meanHandleTimeMs: z.number().finite().min(1).default(180_000),
  wrapUpMs: nonNegativeMs.default(10_000),
  meanPatienceMs: nonNegativeMs.default(600_000),
  surveyResponseRate: z.number().min(0).max(1).default(0.3),
  onQueueShare: z.number().min(0).max(1).default(0.85),
  mediaMix: z
    .strictObject({
      call: z.number().min(0).default(6),
      message: z.number().min(0).default(3),
      chat: z.number().min(0).default(1),
    })
    .refine((mix) => mix.call + mix.message + mix.chat > 0, { message: "at least one weight must be > 0" })
    .default({ call: 6, message: 3, chat: 1 }),
  queuesWithoutManualAssignment: z.array(z.string()).default([]),
  routingRules: z
    .array(routingRuleSchema)
    .max(6)
    .default(() => DEFAULT_ROUTING_RULES.map((rule) => ({ ...rule }))),
  routingRulesByQueue: z.record(z.string(), z.array(routingRuleSchema).max(6)).default({}),
  serviceLevel: serviceLevelSchema.default({ percentage: 0.8, durationMs: 20_000 }),
  serviceLevelByQueue: z.record(z.string(), serviceLevelSchema).default({}),
  duplicateConversationEvents: z.boolean().default(false),
});

export type ServiceLevelModel = z.output<typeof serviceLevelSchema>;

export type ResolvedContactCentreOptions = z.output<typeof contactCentreOptionsSchema>;
