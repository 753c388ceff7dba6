import { DEFAULT_HANDOFF_OPTIONS } from "@routing/core";
import {
  commonEnvShape,
  EnvError,
  envBoolean,
  envInteger,
  envList,
  envPort,
  type GenesysServiceConfig,
  genesysEnvShape,
  genesysServiceConfig,
  isProduction,
  parseEnv,
  type RosterStaleness,
  rosterEnvShape,
  rosterStaleness,
} from "@routing/service-kit";
import { z } from "zod";
import type { BotConnectorSettings } from "./bot-connector/bot-connector.js";

/**
 * Documented so that `npm start` works out of the box; refused in production, where anyone who read this
 * file could forge webhook calls.
 */
export const DEVELOPMENT_WEBHOOK_SECRET = "development-only-messaging-webhook-secret";

const WEBHOOK_SECRET_MIN_LENGTH = 32;

/** Documented so that `npm start` serves the Bot Connector out of the box; refused in production. */
export const DEVELOPMENT_BOT_CONNECTOR_SECRET = "development-only-bot-connector-secret-0123";

/** Where the emulator serves its NLU stub: the Bot Connector's NLU when the emulator stands in for Genesys. */
export const EMULATOR_NLU_PATH = "/__emulator/nlu/parse";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A 0-1 figure such as a threshold, written as a decimal ("0.8"). */
const envUnitInterval = z
  .string()
  .trim()
  .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, "must be a number from 0 to 1")
  .transform(Number);

export const ingesterEnvShape = {
  ...commonEnvShape,
  ...genesysEnvShape,
  /** HTTP: the messaging webhook, /metrics and /healthz. */
  INGESTER_PORT: envPort.default(9101),
  /** Unset: every queue of the org (GET /api/v2/routing/queues at start-up). */
  INGESTER_QUEUE_IDS: envList
    .pipe(
      z.array(z.uuid({ message: "must be a comma-separated list of queue ids (UUIDs)" })).min(1, {
        message: "must list at least one queue id when set",
      }),
    )
    .optional(),
  /** The live roster: membership and activity topics, seeds at start and after gaps. */
  INGESTER_ROSTER: envBoolean.default(true),
  /** Ingesters sharing the OAuth client's 20 notification channels (each leaves room for its handovers). */
  INGESTER_REPLICAS: envInteger(1, 10).default(1),
  ...rosterEnvShape,
  /** Jobs held while Redis does not take them; beyond, events are dropped and recovered later. */
  INGESTER_BUFFER_MAX_JOBS: envInteger(10, 10_000_000).default(10_000),
  /** The same bound in approximate bytes of job JSON (16 MiB). */
  INGESTER_BUFFER_MAX_BYTES: envInteger(64 * 1024, 4 * 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  /** HMAC-SHA256 key of the messaging webhook's X-Signature-256 header. */
  MESSAGING_WEBHOOK_SECRET: z
    .string()
    .min(WEBHOOK_SECRET_MIN_LENGTH, { message: `must be at least ${WEBHOOK_SECRET_MIN_LENGTH} characters` })
    .optional(),
  /** The NLU the Bot Connector asks (POST { text, languageCode, conversationId, sessionId }). Unset: off, or the emulator's stub. */
  BOT_CONNECTOR_NLU_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  /** The connection secret the Digital Bot Connector integration sends as a header. */
  BOT_CONNECTOR_SECRET: z
    .string()
    .min(WEBHOOK_SECRET_MIN_LENGTH, { message: `must be at least ${WEBHOOK_SECRET_MIN_LENGTH} characters` })
    .optional(),
  BOT_CONNECTOR_SECRET_HEADER: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,100}$/, "must be an HTTP header name (letters, digits, '-')")
    .default("X-Bot-Connector-Secret"),
  BOT_CONNECTOR_NLU_TIMEOUT_MS: envInteger(50, 30_000).default(2_000),
  BOT_CONNECTOR_NLU_ATTEMPTS: envInteger(1, 5).default(2),
  BOT_CONNECTOR_NLU_FAILURE: z
    .enum(["handoff", "failed"], { message: "must be handoff or failed" })
    .default("handoff"),
  BOT_CONNECTOR_HANDOFF_INTENT: z
    .string()
    .trim()
    .min(1)
    .max(100, { message: "must be at most 100 characters (the bot list's limit)" })
    .default("Handoff"),
  BOT_CONNECTOR_HANDOFF_QUEUE_ID: z
    .string()
    .trim()
    .regex(UUID, "must be a Genesys queue id (UUID)")
    .optional(),
  BOT_CONNECTOR_HANDOFF_SKILL_IDS: envList
    .pipe(z.array(z.string().regex(UUID, "must be a comma-separated list of Genesys skill ids (UUIDs)")))
    .default([]),
  BOT_CONNECTOR_CONFIDENCE_THRESHOLD: envUnitInterval.default(DEFAULT_HANDOFF_OPTIONS.confidenceThreshold),
};

export interface IngesterConfig extends GenesysServiceConfig {
  readonly port: number;
  /** Undefined: discover every queue at start-up. */
  readonly queueIds: readonly string[] | undefined;
  readonly webhookSecret: string;
  /** True when the documented development secret is in use (main logs a warning, never the value). */
  readonly webhookSecretIsDevelopmentDefault: boolean;
  /** The Bot Connector endpoint's settings; undefined: not served (no NLU configured). */
  readonly botConnector: BotConnectorSettings | undefined;
  readonly botConnectorSecretIsDevelopmentDefault: boolean;
  readonly roster: RosterStaleness & {
    readonly enabled: boolean;
    readonly replicas: number;
  };
  /** The ingester's tunings set from the environment (the rest keep INGESTER_TUNING_DEFAULTS). */
  readonly tuning: { readonly bufferMaxJobs: number; readonly bufferMaxBytes: number };
}

function webhookSecret(configured: string | undefined, nodeEnv: string): string {
  if (isProduction(nodeEnv)) {
    if (configured === undefined) {
      throw new EnvError("MESSAGING_WEBHOOK_SECRET", "is required when NODE_ENV=production");
    }
    if (configured === DEVELOPMENT_WEBHOOK_SECRET) {
      throw new EnvError(
        "MESSAGING_WEBHOOK_SECRET",
        "must not be the documented development secret when NODE_ENV=production",
      );
    }
  }
  return configured ?? DEVELOPMENT_WEBHOOK_SECRET;
}

type ParsedIngesterEnv = z.output<z.ZodObject<typeof ingesterEnvShape>>;

/**
 * Served when an NLU is configured, or, in development against the emulator, with the emulator's NLU stub.
 * In production the connection secret must be set and must not be the documented one.
 */
function botConnectorSettings(
  parsed: ParsedIngesterEnv,
  genesys: GenesysServiceConfig["genesys"],
): BotConnectorSettings | undefined {
  const nluUrl =
    parsed.BOT_CONNECTOR_NLU_URL ??
    (genesys.kind === "emulator" && genesys.apiBaseUrl !== undefined
      ? `${genesys.apiBaseUrl.replace(/\/+$/, "")}${EMULATOR_NLU_PATH}`
      : undefined);
  if (nluUrl === undefined) return undefined;
  const configured = parsed.BOT_CONNECTOR_SECRET;
  if (isProduction(parsed.NODE_ENV)) {
    if (configured === undefined) {
      throw new EnvError(
        "BOT_CONNECTOR_SECRET",
        "is required with BOT_CONNECTOR_NLU_URL when NODE_ENV=production",
      );
    }
    if (configured === DEVELOPMENT_BOT_CONNECTOR_SECRET) {
      throw new EnvError(
        "BOT_CONNECTOR_SECRET",
        "must not be the documented development secret when NODE_ENV=production",
      );
    }
  }
  return {
    secretHeader: parsed.BOT_CONNECTOR_SECRET_HEADER,
    secret: configured ?? DEVELOPMENT_BOT_CONNECTOR_SECRET,
    nlu: {
      url: nluUrl,
      timeoutMs: parsed.BOT_CONNECTOR_NLU_TIMEOUT_MS,
      attempts: parsed.BOT_CONNECTOR_NLU_ATTEMPTS,
    },
    nluFailure: parsed.BOT_CONNECTOR_NLU_FAILURE,
    handoffIntent: parsed.BOT_CONNECTOR_HANDOFF_INTENT,
    handoffQueueId: parsed.BOT_CONNECTOR_HANDOFF_QUEUE_ID,
    handoffSkillIds: parsed.BOT_CONNECTOR_HANDOFF_SKILL_IDS,
    confidenceThreshold: parsed.BOT_CONNECTOR_CONFIDENCE_THRESHOLD,
  };
}

/**
 * Checks the whole environment once, at start-up: the first bad variable throws EnvError naming it (never
 * its value). Pure, so tests can pass any environment; `readIngesterEnv` is the one reader of process.env.
 */
export function parseIngesterEnv(env: Readonly<Record<string, string | undefined>>): IngesterConfig {
  const parsed = parseEnv(ingesterEnvShape, env);
  const secret = webhookSecret(parsed.MESSAGING_WEBHOOK_SECRET, parsed.NODE_ENV);
  const service = genesysServiceConfig(parsed);
  const botConnector = botConnectorSettings(parsed, service.genesys);
  return {
    ...service,
    port: parsed.INGESTER_PORT,
    queueIds: parsed.INGESTER_QUEUE_IDS,
    webhookSecret: secret,
    webhookSecretIsDevelopmentDefault: parsed.MESSAGING_WEBHOOK_SECRET === undefined,
    botConnector,
    botConnectorSecretIsDevelopmentDefault:
      botConnector !== undefined && parsed.BOT_CONNECTOR_SECRET === undefined,
    roster: {
      enabled: parsed.INGESTER_ROSTER,
      replicas: parsed.INGESTER_REPLICAS,
      ...rosterStaleness(parsed),
    },
    tuning: {
      bufferMaxJobs: parsed.INGESTER_BUFFER_MAX_JOBS,
      bufferMaxBytes: parsed.INGESTER_BUFFER_MAX_BYTES,
    },
  };
}

export function readIngesterEnv(): IngesterConfig {
  return parseIngesterEnv(process.env);
}
