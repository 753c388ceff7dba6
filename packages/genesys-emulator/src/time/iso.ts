export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export interface IsoInterval {
  start: number;
  end: number;
}

export class IsoFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IsoFormatError";
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseInstant(text: string, label: string): number {
  if (!ISO_DATE_TIME.test(text)) throw new IsoFormatError(`${label} "${text}" is not an ISO-8601 date-time`);
  // A date-time without an offset is UTC in Genesys intervals; Date.parse would read it as local time.
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(text) || !text.includes("T");
  const parsed = Date.parse(hasOffset ? text : `${text}Z`);
  if (Number.isNaN(parsed)) throw new IsoFormatError(`${label} "${text}" is not a valid date-time`);
  return parsed;
}

/** "start/end" as Genesys analytics take it: two ISO-8601 date-times, start before end. */
export function parseIsoInterval(text: string): IsoInterval {
  const parts = text.split("/");
  if (parts.length !== 2) throw new IsoFormatError(`"${text}" must be two ISO-8601 date-times joined by "/"`);
  const [startText, endText] = parts as [string, string];
  const start = parseInstant(startText, "start");
  const end = parseInstant(endText, "end");
  if (end <= start) throw new IsoFormatError(`end ${endText} must be after start ${startText}`);
  return { start, end };
}

/** ISO-8601 durations in weeks, days, hours, minutes and seconds (months and years vary in length). */
export function parseIsoDuration(text: string): number {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (match === null || text === "P" || text.endsWith("T")) {
    throw new IsoFormatError(`"${text}" is not an ISO-8601 duration such as PT30M, PT1H or P1D`);
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * 604_800_000 +
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Number(seconds ?? 0) * 1000;
  if (ms <= 0) throw new IsoFormatError(`"${text}" must be longer than zero`);
  return ms;
}
