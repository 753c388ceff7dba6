import { z } from "zod";
import { compact } from "../compact.js";
import type { ContactCentre, CreateConversationInput } from "../contact-centre/contact-centre.js";
import { ContactCentreError } from "../contact-centre/contact-centre-error.js";
import type { TokenStore } from "../protocol/auth/token-store.js";
import { type FaultInjector, type FaultRule, faultRuleSchema } from "../protocol/faults/fault-injector.js";
import { type LatencyInjector, type LatencyRule, latencyRuleSchema } from "../protocol/faults/latency.js";
import type { RequestLog, RequestLogEntry } from "../protocol/http/request-log.js";
import { formatFieldPath } from "../protocol/http/validation.js";
import type { ChannelRegistry } from "../protocol/notifications/channel-registry.js";
import type { SocketHub } from "../protocol/notifications/socket-hub.js";
import type { Clock } from "../time/clock.js";
import { buildSnapshot, type EmulatorSnapshot } from "./snapshot.js";

export type { CreateConversationInput } from "../contact-centre/contact-centre.js";

/** In-process control of a running emulator; the same operations are served under /__emulator/... */
export interface EmulatorControl {
  /** Matching requests (after auth) fail with the rule's status, a Genesys ErrorBody and headers. Returns the rule id. */
  injectFaults(rule: FaultRule): string;
  clearFaults(): void;
  setLatency(rule: LatencyRule | null): void;
  /** Every token minted so far answers 401 from now on (new ones work); their channels close. */
  revokeTokens(): void;
  setArrivalRate(perMinute: number): void;
  /** Manual clock only: moves virtual time, running due events in order. */
  advance(ms: number): Promise<void>;
  requestLog(): readonly RequestLogEntry[];
  /** The non-GET subset: every write the system made. */
  writeLog(): readonly RequestLogEntry[];
  clearLogs(): void;
  snapshot(): EmulatorSnapshot;
  /** A conversation arrives now; returns its id. */
  createConversation(input: CreateConversationInput): string;
  /** Abruptly closes every notification WebSocket (an unplanned disconnect); channels survive. */
  dropSockets(): void;
  /**
   * Sends each text, unchanged, to every connected notification socket: frames no Genesys would send
   * (fuzzing the consumer). Returns how many sockets were reached.
   */
  sendRawFrames(frames: readonly string[]): number;
  /** Sends v2.system.socket_closing to every socket, then closes them shortly after. */
  announceSocketClosing(): void;
  /**
   * Drops the subscriptions of every connected channel (or of `channelId`) and sends each socket
   * `v2.system.no_longer_subscribed.{channelId}`; sockets and channels stay. Returns the channel ids.
   */
  dropSubscriptions(channelId?: string): string[];
  /** The emulator clock, epoch ms (virtual with a manual clock). */
  now(): number;
  /** The agent's presence changes, as if set in the Genesys UI; publishes `v2.users.{id}.activity`. */
  setPresence(userId: string, systemPresence: string): void;
  /** The agent joins or leaves the queue; publishes `v2.routing.queues.{id}.users` and the agent's activity. */
  setQueueMembership(userId: string, queueId: string, joined: boolean): void;
  /**
   * Adds or updates the agent's routing skills, as an admin would in the Genesys UI: silently, because
   * Genesys has no notification topic for skill changes.
   */
  setAgentSkills(userId: string, skills: readonly AgentSkillInput[]): void;
}

export interface AgentSkillInput {
  skillId: string;
  proficiency: number;
  state?: "active" | "inactive";
}

export class EmulatorControlError extends Error {
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.name = "EmulatorControlError";
    this.field = field;
  }
}

export interface ControlDependencies {
  clock: Clock;
  tokens: TokenStore;
  channels: ChannelRegistry;
  hub: SocketHub;
  centre: ContactCentre;
  faults: FaultInjector;
  latency: LatencyInjector;
  requestLog: RequestLog;
  clientIds: readonly string[];
}

export const createConversationSchema = z.strictObject({
  queueId: z.string().min(1),
  mediaType: z.enum(["call", "message", "chat", "callback"]).optional(),
  skillIds: z.array(z.string().min(1)).optional(),
  languageId: z.string().min(1).optional(),
  skillExpressionId: z.string().min(1).max(100).optional(),
  priority: z.number().int().optional(),
  callbackScheduledTime: z.iso.datetime().optional(),
});

export const presenceSchema = z.strictObject({ systemPresence: z.string().min(1) });
export const membershipSchema = z.strictObject({ joined: z.boolean() });
export const agentSkillsSchema = z
  .array(
    z.strictObject({
      skillId: z.string().min(1),
      proficiency: z.number().min(0).max(5),
      state: z.enum(["active", "inactive"]).optional(),
    }),
  )
  .min(1);

function validated<Schema extends z.ZodType>(schema: Schema, input: unknown, root: string): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = formatFieldPath(issue?.path ?? [], root);
  throw new EmulatorControlError(`Invalid ${field}: ${issue?.message ?? "invalid"}`, field);
}

export function createEmulatorControl(deps: ControlDependencies): EmulatorControl {
  const asControlError = (error: unknown): unknown =>
    error instanceof ContactCentreError ? new EmulatorControlError(error.message, error.field) : error;

  return {
    injectFaults(rule) {
      return deps.faults.add(compact(validated(faultRuleSchema, rule, "rule")));
    },
    clearFaults: () => deps.faults.clear(),
    setLatency(rule) {
      deps.latency.set(rule === null ? null : compact(validated(latencyRuleSchema, rule, "latency")));
    },
    revokeTokens() {
      deps.tokens.revokeAll();
    },
    setArrivalRate(perMinute) {
      try {
        deps.centre.setArrivalRate(perMinute);
      } catch (error) {
        throw asControlError(error);
      }
    },
    advance: (ms) => deps.clock.advance(ms),
    requestLog: () => deps.requestLog.all(),
    writeLog: () => deps.requestLog.writes(),
    clearLogs: () => deps.requestLog.clear(),
    snapshot: () => buildSnapshot(deps.clock.now(), deps.centre, deps.channels, deps.clientIds),
    createConversation(input) {
      try {
        return deps.centre.createConversation(compact(validated(createConversationSchema, input, "input")))
          .id;
      } catch (error) {
        throw asControlError(error);
      }
    },
    dropSockets: () => deps.hub.dropSockets(),
    sendRawFrames: (frames) => deps.hub.sendRaw(frames),
    announceSocketClosing: () => deps.hub.announceSocketClosing(),
    dropSubscriptions(channelId) {
      if (channelId !== undefined && deps.channels.findById(channelId) === undefined) {
        throw new EmulatorControlError(`Unknown channel ${channelId}`, "channelId");
      }
      return deps.hub.dropSubscriptions(channelId);
    },
    now: () => deps.clock.now(),
    setPresence(userId, systemPresence) {
      const input = validated(presenceSchema, { systemPresence }, "presence");
      try {
        deps.centre.setPresence(userId, input.systemPresence);
      } catch (error) {
        throw asControlError(error);
      }
    },
    setQueueMembership(userId, queueId, joined) {
      const input = validated(membershipSchema, { joined }, "membership");
      try {
        deps.centre.setQueueMembership(userId, queueId, input.joined);
      } catch (error) {
        throw asControlError(error);
      }
    },
    setAgentSkills(userId, skills) {
      const input = validated(agentSkillsSchema, skills, "skills");
      try {
        deps.centre.changeSkills(userId, input.map(compact));
      } catch (error) {
        throw asControlError(error);
      }
    },
  };
}
