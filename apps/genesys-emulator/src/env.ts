import { DEFAULT_EMULATOR_CREDENTIALS, type EmulatorOptions } from "@routing/genesys-emulator";
import { z } from "zod";

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, `must be an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const nonNegativeNumber = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, "must be a number >= 0")
  .transform(Number);

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const envSchema = z.object({
  EMULATOR_PORT: integer(0, 65_535).default(4010),
  EMULATOR_HOST: z.string().trim().min(1).default("127.0.0.1"),
  EMULATOR_SEED: integer(-2_147_483_648, 2_147_483_647).default(42),
  EMULATOR_ARRIVALS_PER_MINUTE: nonNegativeNumber.optional(),
  EMULATOR_CLIENT_ID: z.string().min(1).default(DEFAULT_EMULATOR_CREDENTIALS.clientId),
  EMULATOR_CLIENT_SECRET: z.string().min(1).default(DEFAULT_EMULATOR_CREDENTIALS.clientSecret),
  EMULATOR_TOKEN_LIFETIME_SECONDS: integer(1, 172_800).optional(),
  EMULATOR_RATE_LIMIT: integer(1, 1_000_000).optional(),
  EMULATOR_RATE_WINDOW_MS: integer(1, 86_400_000).optional(),
  EMULATOR_HEARTBEAT_MS: integer(1, 86_400_000).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  NODE_ENV: z.string().trim().default("development"),
});

export interface EmulatorEnvironment {
  options: EmulatorOptions;
  logLevel: LogLevel;
}

/**
 * Reads the emulator's environment once, applying the documented defaults. Unset and empty variables take
 * the default; a bad value throws EnvError naming the variable (never echoing its value: it may be secret).
 */
export function parseEnv(env: Readonly<Record<string, string | undefined>>): EmulatorEnvironment {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((name) => {
      const value = env[name];
      return value === undefined || value.trim() === "" ? [] : [[name, value]];
    }),
  );
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${String(issue.path[0] ?? "environment")}: ${issue.message}`,
    );
    throw new EnvError(`Invalid environment for the Genesys emulator: ${problems.join("; ")}`);
  }
  const values = result.data;
  // The documented credentials are for development machines; a production-mode process must be given its own.
  if (
    values.NODE_ENV === "production" &&
    values.EMULATOR_CLIENT_SECRET === DEFAULT_EMULATOR_CREDENTIALS.clientSecret
  ) {
    throw new EnvError(
      "Invalid environment for the Genesys emulator: EMULATOR_CLIENT_SECRET: must be set (and not the documented " +
        "development secret) when NODE_ENV=production",
    );
  }
  const rateLimit =
    values.EMULATOR_RATE_LIMIT === undefined && values.EMULATOR_RATE_WINDOW_MS === undefined
      ? undefined
      : { limit: values.EMULATOR_RATE_LIMIT ?? 300, windowMs: values.EMULATOR_RATE_WINDOW_MS ?? 60_000 };
  const options: EmulatorOptions = {
    host: values.EMULATOR_HOST,
    port: values.EMULATOR_PORT,
    seed: values.EMULATOR_SEED,
    credentials: [{ clientId: values.EMULATOR_CLIENT_ID, clientSecret: values.EMULATOR_CLIENT_SECRET }],
    ...(values.EMULATOR_TOKEN_LIFETIME_SECONDS === undefined
      ? {}
      : { tokenLifetimeSeconds: values.EMULATOR_TOKEN_LIFETIME_SECONDS }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(values.EMULATOR_HEARTBEAT_MS === undefined
      ? {}
      : { notifications: { heartbeatIntervalMs: values.EMULATOR_HEARTBEAT_MS } }),
    ...(values.EMULATOR_ARRIVALS_PER_MINUTE === undefined
      ? {}
      : { contactCentre: { arrivalsPerMinute: values.EMULATOR_ARRIVALS_PER_MINUTE } }),
  };
  return { options, logLevel: values.LOG_LEVEL };
}
