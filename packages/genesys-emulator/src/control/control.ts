import { z } from "zod";
import type { TokenStore } from "../auth/token-store.js";
import type { ChatLog } from "../chat-log.js";
import { compact } from "../compact.js";
import type { ContactCentre, CreateConversationInput } from "../contact-centre/contact-centre.js";
import { ContactCentreError } from "../contact-centre/contact-centre-error.js";
import { formatFieldPath } from "../http/validation.js";
import type { ChannelRegistry } from "../notifications/channel-registry.js";
import type { SocketHub } from "../notifications/socket-hub.js";
import type { Clock } from "../time/clock.js";
import { type FaultInjector, type FaultRule, faultRuleSchema } from "./fault-injector.js";
import { type LatencyInjector, type LatencyRule, latencyRuleSchema } from "./latency.js";
import type { RequestLog, RequestLogEntry } from "./request-log.js";
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
  /** The emulator clock, epoch ms (virtual with a manual clock). */
  now(): number;
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
  chats: ChatLog;
  faults: FaultInjector;
  latency: LatencyInjector;
  requestLog: RequestLog;
  clientIds: readonly string[];
}

export const createConversationSchema = z.strictObject({
  queueId: z.string().min(1),
  mediaType: z.enum(["call", "message", "chat"]).optional(),
  skillIds: z.array(z.string().min(1)).optional(),
  languageId: z.string().min(1).optional(),
  priority: z.number().int().optional(),
});

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
    snapshot: () =>
      buildSnapshot(deps.clock.now(), deps.centre, deps.chats.all(), deps.channels, deps.clientIds),
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
    now: () => deps.clock.now(),
  };
}
