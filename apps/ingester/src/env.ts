import {
  commonEnvShape,
  EnvError,
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
  /** Jobs held while Redis does not take them; beyond, events are dropped and recovered later. */
  INGESTER_BUFFER_MAX_JOBS: envInteger(10, 10_000_000).default(10_000),
  /** The same bound in approximate bytes of job JSON (16 MiB). */
  INGESTER_BUFFER_MAX_BYTES: envInteger(64 * 1024, 4 * 1024 * 1024 * 1024).default(16 * 1024 * 1024),
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
    tuning: {
      bufferMaxJobs: parsed.INGESTER_BUFFER_MAX_JOBS,
      bufferMaxBytes: parsed.INGESTER_BUFFER_MAX_BYTES,
    },
  };
}

export function readIngesterEnv(): IngesterConfig {
  return parseIngesterEnv(process.env);
}
