import { InputError } from "./input-error.js";

/** How a file states arrival times; fixed by its first data row. */
export type ArrivalTimeFormat = "seconds" | "iso-8601";

const SECONDS_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** Strict decimal number (no hex, no empty string meaning 0, no "Infinity"); undefined otherwise. */
export function parseDecimal(text: string): number | undefined {
  if (!SECONDS_PATTERN.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Which format `text` is written in, or undefined when it is neither. */
export function detectArrivalTimeFormat(text: string): ArrivalTimeFormat | undefined {
  if (SECONDS_PATTERN.test(text)) return "seconds";
  if (ISO_PATTERN.test(text)) return "iso-8601";
  return undefined;
}

/**
 * Seconds since the Unix epoch of an ISO-8601 date-time (`2024-03-01T09:00:00Z`, with optional
 * fraction and `±hh:mm` offset). A time without an offset is read as UTC, never as the machine's local
 * time, so a file gives the same result everywhere. Throws an `InputError` (reason only) when malformed.
 */
export function parseIsoSeconds(text: string): number {
  const match = ISO_PATTERN.exec(text);
  if (match === null)
    throw new InputError(`expected an ISO-8601 date-time such as 2024-03-01T09:00:00Z, got "${text}"`);
  const [, year, month, day, hour, minute, second, fraction, , sign, offsetHours, offsetMinutes] = match;
  const parts = [year, month, day, hour, minute, second ?? "0"].map(Number);
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = parts;
  const millis = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(millis);
  // Date.UTC rolls 2024-02-30 over into March; a round trip catches impossible dates and times.
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s
  ) {
    throw new InputError(`"${text}" is not a valid date-time`);
  }
  let offsetSeconds = 0;
  if (sign !== undefined) {
    const offsetH = Number(offsetHours);
    const offsetM = Number(offsetMinutes);
    if (offsetH > 23 || offsetM > 59) throw new InputError(`"${text}" has an invalid UTC offset`);
    offsetSeconds = (sign === "-" ? -1 : 1) * (offsetH * 3600 + offsetM * 60);
  }
  const fractionSeconds = fraction === undefined ? 0 : Number(`0.${fraction}`);
  return millis / 1000 + fractionSeconds - offsetSeconds;
}
