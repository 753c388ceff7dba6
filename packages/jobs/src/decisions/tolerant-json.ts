/** Readers of JSON from outside that never throw: a value of the wrong type reads as absent. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-empty string, else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An ISO-8601 timestamp as epoch ms; undefined when absent or not a date. */
export function epochMs(value: unknown): number | undefined {
  const written = text(value);
  const ms = written === undefined ? Number.NaN : Date.parse(written);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** The `id` of an entity reference (`{ id, ... }`), else undefined. */
export function idOf(value: unknown): string | undefined {
  return isRecord(value) ? text(value.id) : undefined;
}

/** The non-empty strings of a list (anything else in it is skipped); [] when it is not a list. */
export function texts(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const entry = text(item);
    return entry === undefined ? [] : [entry];
  });
}

/** The records of a list (anything else in it is skipped); [] when it is not a list. */
export function records(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
