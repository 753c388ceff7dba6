/** Small readers of Genesys values shared by the event and REST parsers. None of them throws. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGenesysId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// 2000-01-01 to 2100-01-01: anything outside is a broken clock or a broken body, never a real status time.
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO-8601 date-time as Genesys writes them ("2025-01-06T08:00:00.000Z") to epoch ms; else undefined. */
export function parseGenesysTime(value: unknown): number | undefined {
  if (typeof value !== "string" || !ISO_DATE_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms < LATEST_MS ? Math.trunc(ms) : undefined;
}

const MAX_PRESENCE_LENGTH = 100;

/** Genesys system presences ("On Queue", "Available", "Away", ...); any short non-empty text is accepted. */
export function isSystemPresence(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "" && value.length <= MAX_PRESENCE_LENGTH;
}

/** "On Queue", "ON_QUEUE" and "on queue" are one presence: the REST API and analytics spell it differently. */
export function isOnQueuePresence(systemPresence: string): boolean {
  return systemPresence.toLowerCase().replace(/[^a-z]/g, "") === "onqueue";
}

/** Genesys marks skills and languages active, inactive or deleted; only active ones route. */
export function isActiveEntry(entry: Record<string, unknown>): boolean {
  return entry.state === undefined || entry.state === "active";
}
