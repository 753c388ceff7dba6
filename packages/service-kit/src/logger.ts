import { type Logger, pino } from "pino";
import type { LogLevel } from "./env.js";

/**
 * Paths pino blanks out wherever they appear in a log object. Our own code never logs these, but a
 * library error or a request object might carry one, and a secret must never reach a log.
 */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "secret",
  "*.secret",
  "clientSecret",
  "*.clientSecret",
  "accessToken",
  "*.accessToken",
  "access_token",
  "*.access_token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "headers.cookie",
  "*.headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
] as const;

export interface LoggerOptions {
  readonly service: string;
  readonly level: LogLevel;
  /** Where lines go (tests). Default stdout. */
  readonly destination?: NodeJS.WritableStream;
}

/**
 * Structured JSON logs, one line per event, with `service` on every line and secrets redacted. An error
 * logged as `err` keeps its type, message, stack and own fields, and its `cause` chain as nested errors
 * (pino's errWithCause serializer), so a failure shows what it was caused by.
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { service: options.service },
    redact: { paths: [...REDACTED_PATHS], censor: "[redacted]" },
    serializers: { err: pino.stdSerializers.errWithCause },
  };
  // stdout is written synchronously: pino's default asynchronous stream loses the lines still in flight
  // when the process exits, and the last lines ("failed to start", "stopped") are the ones that matter.
  return options.destination === undefined
    ? pino(settings, pino.destination({ dest: 1, sync: true }))
    : pino(settings, options.destination as unknown as pino.DestinationStream);
}

export type { Logger };
