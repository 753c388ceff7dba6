import { describeValue, InvalidInputError } from "../errors.js";
import type { RoutingStatusSnapshot } from "../model.js";

/**
 * How long an agent has been IDLE at `nowMs`, from its routing status. Agents in any other status, or
 * with no known start time, have been idle for 0 ms. A start time after `nowMs` (clock skew between
 * Genesys and us) also gives 0 rather than a negative figure.
 * Throws `InvalidInputError` naming the agent when the start time is not a timestamp.
 */
export function idleMsAt(status: RoutingStatusSnapshot | undefined, nowMs: number, agentId: string): number {
  if (status === undefined || status.status !== "IDLE" || status.startTime === undefined) return 0;
  const startMs = timestampMs(status.startTime, agentId);
  return startMs >= nowMs ? 0 : nowMs - startMs;
}

function timestampMs(startTime: string | number, agentId: string): number {
  if (typeof startTime === "number") {
    if (Number.isFinite(startTime)) return startTime;
  } else if (typeof startTime === "string") {
    const parsed = parseIsoTimestampMs(startTime);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw new InvalidInputError(
    `agents[${agentId}].routingStatus.startTime`,
    `expected an ISO-8601 timestamp or epoch ms, got ${describeValue(startTime)}`,
  );
}

/**
 * `Date.parse` with a fast path for the UTC form Genesys sends (`2024-05-01T09:30:00.123Z`).
 * Why: ranking parses one start time per candidate on every routing decision, and `Date.parse` costs
 * about 0.3 µs, several times the cost of scoring the agent. Anything else falls back to `Date.parse`.
 * Returns NaN when the text is not a timestamp.
 */
export function parseIsoTimestampMs(text: string): number {
  const fast = parseCanonicalUtc(text);
  return Number.isNaN(fast) ? Date.parse(text) : fast;
}

function parseCanonicalUtc(text: string): number {
  const length = text.length;
  if (length < 20 || text.charCodeAt(length - 1) !== 90 /* Z */) return Number.NaN;
  if (text[4] !== "-" || text[7] !== "-" || text[10] !== "T" || text[13] !== ":" || text[16] !== ":") {
    return Number.NaN;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  // Day 29-31 needs month-length rules: leave those few to Date.parse rather than re-implement them.
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28) return Number.NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  let millis = 0;
  if (length > 20) {
    if (text[19] !== "." || length > 30) return Number.NaN;
    const fractionDigits = length - 21;
    const fraction = digits(text, 20, fractionDigits);
    if (fractionDigits === 0 || fraction < 0) return Number.NaN;
    // Short fractions are scaled up by an integer power of 10 so that no step leaves the integers.
    millis =
      fractionDigits <= 3
        ? fraction * 10 ** (3 - fractionDigits)
        : Math.floor(fraction / 10 ** (fractionDigits - 3));
  }
  const days = daysSinceEpoch(year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
}

/** Decimal value of `count` ASCII digits at `start`; -1 if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
