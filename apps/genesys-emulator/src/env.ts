import { DEFAULT_EMULATOR_CREDENTIALS, type EmulatorOptions } from "@routing/genesys-emulator";
import {
  EnvError,
  envInteger,
  isProduction,
  LOG_LEVELS,
  type LogLevel,
  parseEnv,
} from "@routing/service-kit/process";
import { z } from "zod";

export { EnvError };

const nonNegativeNumber = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, "must be a number >= 0")
  .transform(Number);

/**
 * The emulator process's variables. Every default is written out here, so that what the README documents
 * is what this process runs with (the library's own defaults are the same values).
 */
export const emulatorEnvShape = {
  EMULATOR_PORT: envInteger(0, 65_535).default(4010),
  EMULATOR_HOST: z.string().trim().min(1).default("127.0.0.1"),
  EMULATOR_SEED: envInteger(-2_147_483_648, 2_147_483_647).default(42),
  /** Unset: a fresh one each start (logged), so a restart never repeats the previous run's conversation ids. */
  EMULATOR_RUN_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 letters, digits, '.', '_' or '-'")
    .optional(),
  EMULATOR_ARRIVALS_PER_MINUTE: nonNegativeNumber.default(4),
  EMULATOR_CLIENT_ID: z.string().min(1).default(DEFAULT_EMULATOR_CREDENTIALS.clientId),
  EMULATOR_CLIENT_SECRET: z.string().min(1).default(DEFAULT_EMULATOR_CREDENTIALS.clientSecret),
  EMULATOR_TOKEN_LIFETIME_SECONDS: envInteger(1, 172_800).default(86_400),
  EMULATOR_RATE_LIMIT: envInteger(1, 1_000_000).default(300),
  EMULATOR_RATE_WINDOW_MS: envInteger(1, 86_400_000).default(60_000),
  EMULATOR_HEARTBEAT_MS: envInteger(1, 86_400_000).default(30_000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  NODE_ENV: z.string().trim().default("development"),
};

export interface EmulatorEnvironment {
  readonly options: EmulatorOptions;
  readonly logLevel: LogLevel;
}

/**
 * Reads the emulator's environment once, applying the documented defaults. Unset and empty variables take
 * the default; a bad value throws EnvError naming the variable (never echoing its value: it may be secret).
 */
export function parseEmulatorEnv(env: Readonly<Record<string, string | undefined>>): EmulatorEnvironment {
  const values = parseEnv(emulatorEnvShape, env);
  // The documented credentials are for development machines; a production-mode process must be given its own.
  if (
    isProduction(values.NODE_ENV) &&
    values.EMULATOR_CLIENT_SECRET === DEFAULT_EMULATOR_CREDENTIALS.clientSecret
  ) {
    throw new EnvError(
      "EMULATOR_CLIENT_SECRET",
      "must be set (and not the documented development secret) when NODE_ENV=production",
    );
  }
  return {
    options: {
      host: values.EMULATOR_HOST,
      port: values.EMULATOR_PORT,
      seed: values.EMULATOR_SEED,
      ...(values.EMULATOR_RUN_ID === undefined ? {} : { runId: values.EMULATOR_RUN_ID }),
      credentials: [{ clientId: values.EMULATOR_CLIENT_ID, clientSecret: values.EMULATOR_CLIENT_SECRET }],
      tokenLifetimeSeconds: values.EMULATOR_TOKEN_LIFETIME_SECONDS,
      rateLimit: { limit: values.EMULATOR_RATE_LIMIT, windowMs: values.EMULATOR_RATE_WINDOW_MS },
      notifications: { heartbeatIntervalMs: values.EMULATOR_HEARTBEAT_MS },
      contactCentre: { arrivalsPerMinute: values.EMULATOR_ARRIVALS_PER_MINUTE },
    },
    logLevel: values.LOG_LEVEL,
  };
}

/** The one read of `process.env` in the emulator process (called by main.ts). */
export function readEmulatorEnv(): EmulatorEnvironment {
  return parseEmulatorEnv(process.env);
}
