import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { pino } from "pino";
import { z } from "zod";
import {
  type ContactCentreOptions,
  contactCentreOptionsSchema,
} from "./contact-centre/contact-centre-options.js";
import type { EmulatorCredentials } from "./protocol/auth/token-store.js";
import { formatFieldPath } from "./protocol/http/validation.js";

export type { EmulatorCredentials } from "./protocol/auth/token-store.js";

export const DEFAULT_EMULATOR_CREDENTIALS: EmulatorCredentials = Object.freeze({
  clientId: "emulator-client-id",
  clientSecret: "emulator-client-secret",
});

/** Where a manual clock starts unless told otherwise: a Monday morning, fixed so replays are identical. */
export const DEFAULT_MANUAL_CLOCK_START_MS = Date.UTC(2025, 0, 6, 8, 0, 0);

export interface EmulatorOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 4010; 0 = any free port (tests always use 0). */
  port?: number;
  /** Default 42: every random choice (organisation, arrivals, handle times) derives from it. */
  seed?: number;
  /**
   * Mixed with the seed into the ids a run mints (conversations, participants, channels, messages), so two
   * runs of one seed never hand out the same conversation id, as Genesys never does; the organisation and
   * the arrivals stay the seed's. Default: a fresh random id per start (`RunningEmulator.runId` tells it);
   * the same seed and run id replay the same run.
   */
  runId?: string;
  /** Default [DEFAULT_EMULATOR_CREDENTIALS]. */
  credentials?: EmulatorCredentials[];
  /** expires_in of minted tokens. Default 86400. */
  tokenLifetimeSeconds?: number;
  /** Per token. Default { limit: 300, windowMs: 60_000 }. */
  rateLimit?: { limit: number; windowMs: number };
  notifications?: {
    /** Default 30_000. */
    heartbeatIntervalMs?: number;
    /** Default 24 h. */
    channelTtlMs?: number;
    /** Default 20. */
    maxChannelsPerClient?: number;
    /** Default 1000. */
    maxTopicsPerChannel?: number;
    /**
     * Real milliseconds between `v2.system.socket_closing` and the close that follows it (announceSocketClosing).
     * Genesys gives about a minute; the default 100 ms makes a slow handover visible in tests.
     */
    socketClosingGraceMs?: number;
  };
  /** The living contact centre (queues, agents, arrivals); see the README. */
  contactCentre?: ContactCentreOptions;
  /** Default "real"; "manual" = virtual time moved only by control.advance(ms). */
  clock?: "real" | "manual";
  /** Manual clock only: the virtual epoch ms it starts at. Default 2025-01-06T08:00:00Z. */
  clockStartMs?: number;
  /** Where the emulator logs (never secrets or tokens). Default: silent. */
  logger?: Logger;
}

export class EmulatorOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmulatorOptionsError";
  }
}

const credentialsSchema = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

const positiveMs = z.number().finite().positive();

const optionsSchema = z.strictObject({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(0).max(65_535).default(4010),
  seed: z.number().int().default(42),
  runId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 letters, digits, '.', '_' or '-'")
    .default(() => randomUUID().slice(0, 8)),
  credentials: z
    .array(credentialsSchema)
    .min(1)
    .default([{ ...DEFAULT_EMULATOR_CREDENTIALS }]),
  tokenLifetimeSeconds: z.number().finite().positive().default(86_400),
  rateLimit: z
    .strictObject({ limit: z.number().int().positive(), windowMs: positiveMs })
    .default({ limit: 300, windowMs: 60_000 }),
  notifications: z
    .strictObject({
      heartbeatIntervalMs: positiveMs.default(30_000),
      channelTtlMs: positiveMs.default(24 * 60 * 60 * 1000),
      maxChannelsPerClient: z.number().int().positive().default(20),
      maxTopicsPerChannel: z.number().int().positive().default(1000),
      socketClosingGraceMs: positiveMs.default(100),
    })
    .default({
      heartbeatIntervalMs: 30_000,
      channelTtlMs: 24 * 60 * 60 * 1000,
      maxChannelsPerClient: 20,
      maxTopicsPerChannel: 1000,
      socketClosingGraceMs: 100,
    }),
  contactCentre: contactCentreOptionsSchema.default(contactCentreOptionsSchema.parse({})),
  clock: z.enum(["real", "manual"]).default("real"),
  clockStartMs: z.number().finite().default(DEFAULT_MANUAL_CLOCK_START_MS),
  logger: z.custom<Logger>((value) => typeof value === "object" && value !== null).optional(),
});

export type ResolvedEmulatorOptions = Omit<z.output<typeof optionsSchema>, "logger"> & { logger: Logger };

/** Applies the documented defaults; a bad option throws EmulatorOptionsError naming it. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedEmulatorOptions {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${formatFieldPath(issue.path, "options")}: ${issue.message}`,
    );
    throw new EmulatorOptionsError(`Invalid emulator options: ${problems.join("; ")}`);
  }
  const { logger, ...rest } = result.data;
  return { ...rest, logger: logger ?? pino({ level: "silent" }) };
}
