/**
 * A policy was configured with a value it cannot work with (NaN weight, negative threshold, …). Raised
 * instead of returning a decision, because a decision computed from a broken configuration looks valid
 * and would be acted on.
 */
export class PolicyConfigError extends Error {
  override readonly name = "PolicyConfigError";
  /** Dotted path of the offending option, e.g. `thresholds.perQueue.q-1`. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`Invalid policy option ${field}: ${problem}`);
    this.field = field;
  }
}

/** The data a decision is asked about is malformed (NaN proficiency, unparseable timestamp, …). */
export class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
  /** Dotted path of the offending input, e.g. `agents[a-7].routingStatus.startTime`. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`Invalid input ${field}: ${problem}`);
    this.field = field;
  }
}

type ErrorKind = typeof PolicyConfigError | typeof InvalidInputError;

/** Throws `Kind` unless `value` is a finite number within [min, max]. */
export function requireNumberInRange(
  Kind: ErrorKind,
  field: string,
  value: unknown,
  min: number,
  max: number,
): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Kind(field, `expected a finite number, got ${describeValue(value)}`);
  }
  if (value < min || value > max) {
    throw new Kind(field, `expected a number in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/** Throws `Kind` unless `value` is an integer within [min, max]. */
export function requireIntegerInRange(
  Kind: ErrorKind,
  field: string,
  value: unknown,
  min: number,
  max: number,
): number {
  const checked = requireNumberInRange(Kind, field, value, min, max);
  if (!Number.isInteger(checked)) throw new Kind(field, `expected an integer, got ${checked}`);
  return checked;
}

/** Throws `Kind` unless `value` is a non-empty string. */
export function requireNonEmptyString(Kind: ErrorKind, field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new Kind(field, `expected a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

/** Short, log-safe rendering of an unexpected value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}
