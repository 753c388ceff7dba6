import { GenesysValidationError } from "./errors.js";

export function requireId(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new GenesysValidationError(field, "must be a non-empty string");
  }
  return value;
}

export function requireIntegerInRange(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new GenesysValidationError(field, `must be an integer between ${min} and ${max}`);
  }
  return value;
}

export function requireNumberInRange(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new GenesysValidationError(field, `must be a number between ${min} and ${max}`);
  }
  return value;
}

export function requireArray(
  field: string,
  value: unknown,
  { minLength = 0, maxLength = Infinity } = {},
): unknown[] {
  if (!Array.isArray(value)) throw new GenesysValidationError(field, "must be an array");
  if (value.length < minLength)
    throw new GenesysValidationError(field, `must have at least ${minLength} item(s)`);
  if (value.length > maxLength)
    throw new GenesysValidationError(field, `must have at most ${maxLength} item(s)`);
  return value;
}

export function requireIds(
  field: string,
  value: unknown,
  bounds: { minLength?: number; maxLength?: number } = {},
): string[] {
  return requireArray(field, value, bounds).map((item, index) => requireId(`${field}[${index}]`, item));
}

export function requireBoolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new GenesysValidationError(field, "must be a boolean");
  return value;
}

export function requireOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new GenesysValidationError(field, `must be one of: ${allowed.join(", ")}`);
  }
  return value as T;
}

export function requirePageSize(field: string, value: unknown, max: number): number {
  return requireIntegerInRange(field, value, 1, max);
}
