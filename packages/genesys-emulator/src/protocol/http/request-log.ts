export interface RequestLogEntry {
  /** Epoch ms on the emulator's clock (virtual with a manual clock) when the request arrived. */
  at: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** The query string without "?", when there was one. */
  query?: string;
  /** 0 when the emulator dropped the connection on purpose (fault kind "reset"). */
  status: number;
  clientId?: string;
  /** Opaque id of the token used ("token-3"), never the token itself. */
  tokenId?: string;
  /** The `ININ-Correlation-Id` header of the response (none when the connection was dropped). */
  correlationId?: string;
  /** The parsed body of a non-GET request (secrets redacted). */
  body?: unknown;
}

export interface RequestLog {
  add(entry: RequestLogEntry): void;
  all(): readonly RequestLogEntry[];
  writes(): readonly RequestLogEntry[];
  clear(): void;
}

/** Bounds memory on a long `npm start`; the oldest entries go first. */
const DEFAULT_CAPACITY = 100_000;

export function createRequestLog(capacity = DEFAULT_CAPACITY): RequestLog {
  let entries: RequestLogEntry[] = [];
  return {
    add(entry) {
      entries.push(entry);
      if (entries.length > capacity) entries = entries.slice(entries.length - capacity);
    },
    all: () => [...entries],
    writes: () => entries.filter((entry) => entry.method !== "GET" && entry.method !== "HEAD"),
    clear() {
      entries = [];
    },
  };
}
