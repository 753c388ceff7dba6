import { z } from "zod";
import { compact } from "../compact.js";
import { faultRuleSchema } from "../protocol/faults/fault-injector.js";
import { latencyRuleSchema } from "../protocol/faults/latency.js";
import { ApiError } from "../protocol/http/api-error.js";
import { noContent, ok, type RouteDefinition, type RouteResponse } from "../protocol/http/route.js";
import { parseOrThrow } from "../protocol/http/validation.js";
import { ClockModeError, InvalidAdvanceError } from "../time/clock.js";
import {
  agentSkillsSchema,
  createConversationSchema,
  EmulatorControlError,
  membershipSchema,
  presenceSchema,
} from "./control.js";

const arrivalRateSchema = z.strictObject({ perMinute: z.number().finite().min(0) });
const advanceSchema = z.strictObject({ ms: z.number().finite().min(0) });
const dropSubscriptionsSchema = z.strictObject({ channelId: z.string().min(1).optional() });
/** The sockets' own limit is 64 KiB a frame; a thousand frames a call keeps one request bounded. */
const rawFramesSchema = z.strictObject({ frames: z.array(z.string().max(64 * 1024)).max(1_000) });

/** Control failures are the caller's mistake: a 400 that says what to change. */
async function controlCall(call: () => RouteResponse | Promise<RouteResponse>): Promise<RouteResponse> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof EmulatorControlError || error instanceof InvalidAdvanceError) {
      throw new ApiError({
        status: 400,
        code: "invalid.value",
        messageWithParams: "{reason}",
        messageParams: { reason: error.message },
        details:
          error instanceof EmulatorControlError && error.field !== undefined
            ? [{ errorCode: "invalid.value", fieldName: error.field }]
            : [],
      });
    }
    if (error instanceof ClockModeError) {
      throw new ApiError({
        status: 409,
        code: "clock.not.manual",
        messageWithParams: "{reason}",
        messageParams: { reason: error.message },
      });
    }
    throw error;
  }
}

const control = (
  method: RouteDefinition["method"],
  path: string,
  handler: RouteDefinition["handler"],
): RouteDefinition => ({
  method,
  path: `/__emulator${path}`,
  auth: "none",
  control: true,
  handler: (context) => controlCall(() => handler(context)),
});

/** The control API over HTTP, for chaos runs against `npm start`. JSON in and out, no auth (local use only). */
export const controlRoutes: RouteDefinition[] = [
  control("GET", "/snapshot", ({ services }) => ok(services.control.snapshot())),
  control("GET", "/now", ({ services }) => ok({ now: services.control.now() })),
  control("GET", "/requests", ({ services }) => ok(services.control.requestLog())),
  control("GET", "/writes", ({ services }) => ok(services.control.writeLog())),
  control("DELETE", "/logs", ({ services }) => {
    services.control.clearLogs();
    return noContent();
  }),
  control("POST", "/faults", ({ services, body }) => {
    const rule = compact(parseOrThrow(faultRuleSchema, body ?? null));
    return { status: 201, body: { id: services.control.injectFaults(rule) } };
  }),
  control("DELETE", "/faults", ({ services }) => {
    services.control.clearFaults();
    return noContent();
  }),
  control("PUT", "/latency", ({ services, body }) => {
    services.control.setLatency(
      body === null || body === undefined ? null : compact(parseOrThrow(latencyRuleSchema, body)),
    );
    return noContent();
  }),
  control("DELETE", "/latency", ({ services }) => {
    services.control.setLatency(null);
    return noContent();
  }),
  control("POST", "/revoke-tokens", ({ services }) => {
    services.control.revokeTokens();
    return noContent();
  }),
  control("PUT", "/arrival-rate", ({ services, body }) => {
    services.control.setArrivalRate(parseOrThrow(arrivalRateSchema, body ?? null).perMinute);
    return noContent();
  }),
  control("POST", "/advance", async ({ services, body }) => {
    await services.control.advance(parseOrThrow(advanceSchema, body ?? null).ms);
    return ok({ now: services.control.now() });
  }),
  control("POST", "/conversations", ({ services, body }) => {
    const input = compact(parseOrThrow(createConversationSchema, body ?? null));
    return { status: 201, body: { id: services.control.createConversation(input) } };
  }),
  control("POST", "/drop-sockets", ({ services }) => {
    services.control.dropSockets();
    return noContent();
  }),
  control("POST", "/drop-subscriptions", ({ services, body }) => {
    const { channelId } = parseOrThrow(dropSubscriptionsSchema, body ?? {});
    return ok({ channelIds: services.control.dropSubscriptions(channelId) });
  }),
  control("POST", "/raw-frames", ({ services, body }) => {
    const { frames } = parseOrThrow(rawFramesSchema, body ?? null);
    return ok({ sockets: services.control.sendRawFrames(frames) });
  }),
  control("POST", "/announce-socket-closing", ({ services }) => {
    services.control.announceSocketClosing();
    return noContent();
  }),
  control("PUT", "/agents/{userId}/presence", ({ services, params, body }) => {
    const input = parseOrThrow(presenceSchema, body ?? null);
    services.control.setPresence(params.userId ?? "", input.systemPresence);
    return noContent();
  }),
  control("PUT", "/agents/{userId}/queues/{queueId}", ({ services, params, body }) => {
    const input = parseOrThrow(membershipSchema, body ?? null);
    services.control.setQueueMembership(params.userId ?? "", params.queueId ?? "", input.joined);
    return noContent();
  }),
  control("PATCH", "/agents/{userId}/skills", ({ services, params, body }) => {
    services.control.setAgentSkills(
      params.userId ?? "",
      parseOrThrow(agentSkillsSchema, body ?? null).map(compact),
    );
    return noContent();
  }),
];
