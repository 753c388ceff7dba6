import { createHash } from "node:crypto";

// BullMQ builds Redis keys from job ids: a ':' is refused (or splits the key), and an all-digit id is
// refused as it could clash with generated ids. A part outside this set is replaced by a short hash.
const SAFE_PART = /^[A-Za-z0-9.-]{1,100}$/;

function safePart(part: string | number): string {
  const text = String(part);
  if (SAFE_PART.test(text)) return text;
  return `h${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
}

/**
 * A deterministic job id: the same event always gives the same id, so BullMQ refuses the second copy of
 * a job while the first is still kept. Parts are joined with "_", which neither UUIDs nor the allowed
 * characters contain, so two different part lists cannot give one id.
 */
export function buildJobId(kind: string, parts: readonly (string | number)[]): string {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new Error(`job id kind "${kind}" must be lower-case kebab`);
  return [kind, ...parts.map(safePart)].join("_");
}
