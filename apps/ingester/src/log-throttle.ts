/**
 * At most one log line per key per interval, with how many were held back since the last one. A stream of
 * bad frames (a misbehaving proxy, a fuzzer) is counted in full by the metrics; the log keeps a sample, so
 * it cannot flood the disk or drown the lines that matter.
 */
export interface LogThrottle {
  /** `undefined`: hold this one back; otherwise log it, saying how many were held back before it. */
  admit(key: string): { readonly suppressed: number } | undefined;
}

export function createLogThrottle(intervalMs: number, now: () => number = Date.now): LogThrottle {
  const lastLogged = new Map<string, { atMs: number; suppressed: number }>();
  return {
    admit(key) {
      const at = now();
      const entry = lastLogged.get(key);
      if (entry !== undefined && at - entry.atMs < intervalMs) {
        entry.suppressed++;
        return undefined;
      }
      lastLogged.set(key, { atMs: at, suppressed: 0 });
      return { suppressed: entry?.suppressed ?? 0 };
    },
  };
}
