import { z } from "zod";
import type { RandomStream } from "../../random/prng.js";

export interface LatencyRule {
  ms: number;
  /** Adds a uniform extra delay in [0, jitterMs). */
  jitterMs?: number;
  /** Only paths starting with this; default every non-control path. */
  pathPrefix?: string;
}

export const latencyRuleSchema = z.strictObject({
  ms: z.number().finite().min(0).max(600_000),
  jitterMs: z.number().finite().min(0).max(600_000).optional(),
  pathPrefix: z.string().startsWith("/").optional(),
});

export interface LatencyInjector {
  set(rule: LatencyRule | null): void;
  /** Real milliseconds to hold this request before serving it (0 = none). */
  delayFor(path: string): number;
}

export function createLatencyInjector(random: RandomStream): LatencyInjector {
  let current: LatencyRule | null = null;
  return {
    set(rule) {
      current = rule === null ? null : { ...rule };
    },
    delayFor(path) {
      if (current === null) return 0;
      if (current.pathPrefix !== undefined && !path.startsWith(current.pathPrefix)) return 0;
      return current.ms + random.next() * (current.jitterMs ?? 0);
    },
  };
}
