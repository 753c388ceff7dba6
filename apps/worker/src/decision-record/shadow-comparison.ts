import type { DecisionRecord } from "@routing/decision-log";

/**
 * The shadow decision an offer is compared with: the conversation's latest shadow decision that ranked
 * someone (its scoring, or the rescore after a rejected offer). `records` newest first.
 */
export function latestShadowRanking(records: readonly DecisionRecord[]): DecisionRecord | undefined {
  return records.find(
    (record) =>
      record.action.outcome === "shadow" &&
      record.ranking?.candidates.some((candidate) => candidate.rank === 1) === true,
  );
}

/**
 * Genesys offered `offeredUserId`; we would have put `top` first. The gap is in our own rank scores (0–1):
 * an agent we ranked lower, or did not rank at all (ineligible, or not among our candidates), counts with
 * its score in our ranking, 0 when absent.
 */
export function compareOffer(
  record: DecisionRecord,
  offeredUserId: string,
): { readonly agreed: boolean; readonly scoreGap: number } | undefined {
  const candidates = record.ranking?.candidates ?? [];
  const top = candidates.find((candidate) => candidate.rank === 1);
  if (top === undefined) return undefined;
  const offered = candidates.find((candidate) => candidate.agentId === offeredUserId);
  const agreed = top.agentId === offeredUserId;
  return { agreed, scoreGap: agreed ? 0 : Math.max(0, top.score - (offered?.score ?? 0)) };
}
