import { z } from "zod";

export interface FaultRule {
  /** HTTP status to answer with; 0 means "reset" (the socket is destroyed: a network error). */
  status: number;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Only this method (any case). */
  method?: string;
  /**
   * Only paths starting with this. Without it a rule matches API paths (/api/...) only, so a client's token
   * request does not use up a fault meant for the API; give "/oauth" to fail token requests.
   */
  pathPrefix?: string;
  /** ErrorBody code; default the one Genesys sends for the status. */
  code?: string;
  /** 429 only: Retry-After seconds; null omits the header. Default 1. */
  retryAfterSeconds?: number | null;
  /** Sets inin-ratelimit-reset on the faulted response. */
  rateLimitResetSeconds?: number;
  /** "reset" destroys the socket whatever the status. Default "status". */
  kind?: "status" | "reset";
}

export const faultRuleSchema = z.strictObject({
  status: z
    .number()
    .int()
    .refine((status) => status === 0 || (status >= 400 && status <= 599), "must be 0 (reset) or 400-599"),
  times: z.number().int().positive().optional(),
  method: z.string().min(1).optional(),
  pathPrefix: z.string().startsWith("/").optional(),
  code: z.string().min(1).optional(),
  retryAfterSeconds: z.number().int().min(0).nullable().optional(),
  rateLimitResetSeconds: z.number().int().min(0).optional(),
  kind: z.enum(["status", "reset"]).optional(),
});

export interface ActiveFault {
  readonly id: string;
  readonly rule: FaultRule;
  readonly reset: boolean;
}

export interface FaultInjector {
  add(rule: FaultRule): string;
  clear(): void;
  /** The first rule matching the request, using up one of its `times`; undefined when none matches. */
  take(method: string, path: string): ActiveFault | undefined;
}

interface StoredFault {
  id: string;
  rule: FaultRule;
  remaining: number;
}

export function createFaultInjector(): FaultInjector {
  let faults: StoredFault[] = [];
  let counter = 0;
  const matches = (rule: FaultRule, method: string, path: string): boolean => {
    if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
    return rule.pathPrefix === undefined ? path.startsWith("/api/") : path.startsWith(rule.pathPrefix);
  };
  return {
    add(rule) {
      counter += 1;
      const id = `fault-${counter}`;
      faults.push({ id, rule: { ...rule }, remaining: rule.times ?? 1 });
      return id;
    },
    clear() {
      faults = [];
    },
    take(method, path) {
      const fault = faults.find((candidate) => matches(candidate.rule, method, path));
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((candidate) => candidate !== fault);
      return {
        id: fault.id,
        rule: fault.rule,
        reset: fault.rule.kind === "reset" || fault.rule.status === 0,
      };
    },
  };
}
