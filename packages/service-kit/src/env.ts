import { z } from "zod";

/** A variable is missing or malformed. Names the variable, never echoes its value (it may be a secret). */
export class EnvError extends Error {
  override readonly name = "EnvError";
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable} ${detail}`);
  }
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Env values are strings: these turn them into checked numbers with the range in the message. */
export const envInteger = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, `must be an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const envPort = envInteger(0, 65_535);

export const envBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

/** Comma-separated list, blanks dropped. */
export const envList = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== ""),
);

/** Variables every app reads. */
export const commonEnvShape = {
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, message: "must be a redis:// or rediss:// URL" })
    .default("redis://127.0.0.1:6379"),
  /** BullMQ key prefix: every queue, job and shared key of one deployment lives under it. */
  BULLMQ_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, "must be 1-40 letters, digits, '-' or '_'")
    .default("routing"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  NODE_ENV: z.string().trim().default("development"),
};

/**
 * Parses `env` against `shape` once, at start-up. Unset and empty variables take the default; the first
 * bad one throws EnvError naming it. Apps call this with `process.env`; nothing else reads the environment.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: Readonly<Record<string, string | undefined>>,
): z.output<z.ZodObject<Shape>> {
  const present = Object.fromEntries(
    Object.keys(shape).flatMap((name) => {
      const value = env[name];
      return value === undefined || value.trim() === "" ? [] : [[name, value]];
    }),
  );
  const result = z.object(shape).safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new EnvError(variable, issue?.message ?? "is invalid");
  }
  return result.data as z.output<z.ZodObject<Shape>>;
}

export const isProduction = (nodeEnv: string): boolean => nodeEnv === "production";
