import { ROSTER_DEFAULTS } from "@routing/roster";
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
} from "@routing/service-kit";
import { z } from "zod";

/**
 * Documented so that `npm start` works out of the box; refused in production, where anyone who read this
 * file could forge webhook calls.
 */
export const DEVELOPMENT_WEBHOOK_SECRET = "development-only-messaging-webhook-secret";

const WEBHOOK_SECRET_MIN_LENGTH = 32;

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
  /** Shared with the worker: every reader of the roster must agree on when it is stale. */
  ROSTER_MAX_AGE_SECONDS: envInteger(60, 7 * 24 * 60 * 60).default(ROSTER_DEFAULTS.maxConfirmedAgeMs / 1000),
  /** HMAC-SHA256 key of the messaging webhook's X-Signature-256 header. */
  MESSAGING_WEBHOOK_SECRET: z
    .string()
    .min(WEBHOOK_SECRET_MIN_LENGTH, { message: `must be at least ${WEBHOOK_SECRET_MIN_LENGTH} characters` })
    .optional(),
};

export interface IngesterConfig extends GenesysServiceConfig {
  readonly port: number;
  /** Undefined: discover every queue at start-up. */
  readonly queueIds: readonly string[] | undefined;
  readonly webhookSecret: string;
  /** True when the documented development secret is in use (main logs a warning, never the value). */
  readonly webhookSecretIsDevelopmentDefault: boolean;
  readonly roster: {
    readonly enabled: boolean;
    readonly replicas: number;
    readonly maxConfirmedAgeMs: number;
  };
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

/**
 * Checks the whole environment once, at start-up: the first bad variable throws EnvError naming it (never
 * its value). Pure, so tests can pass any environment; `readIngesterEnv` is the one reader of process.env.
 */
export function parseIngesterEnv(env: Readonly<Record<string, string | undefined>>): IngesterConfig {
  const parsed = parseEnv(ingesterEnvShape, env);
  const secret = webhookSecret(parsed.MESSAGING_WEBHOOK_SECRET, parsed.NODE_ENV);
  return {
    ...genesysServiceConfig(parsed),
    port: parsed.INGESTER_PORT,
    queueIds: parsed.INGESTER_QUEUE_IDS,
    webhookSecret: secret,
    webhookSecretIsDevelopmentDefault: parsed.MESSAGING_WEBHOOK_SECRET === undefined,
    roster: {
      enabled: parsed.INGESTER_ROSTER,
      replicas: parsed.INGESTER_REPLICAS,
      maxConfirmedAgeMs: parsed.ROSTER_MAX_AGE_SECONDS * 1000,
    },
  };
}

export function readIngesterEnv(): IngesterConfig {
  return parseIngesterEnv(process.env);
}
