export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * What a handler returns: a small JSON object that BullMQ stores as the job's return value, so that
 * Bull Board shows what the job decided. `status` is always there; ids and figures only, never secrets.
 */
export type JobOutcome = { readonly status: string } & { readonly [key: string]: JsonValue };
