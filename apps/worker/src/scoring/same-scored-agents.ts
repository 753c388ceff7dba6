/**
 * Does Genesys already hold exactly these scored agents? Compared as a set of (agent, score): the order of
 * Genesys' `scoredAgents` is not documented, and a score is what ranks. Ids compare case-insensitively (RFC
 * 9562; the job schema lower-cases them). Nothing held means nothing to compare: never the same.
 */
export function sameScoredAgents(
  held: readonly { readonly id: string; readonly score: number }[] | undefined,
  wanted: readonly { readonly id: string; readonly score: number }[],
): boolean {
  if (held === undefined || held.length === 0 || held.length !== wanted.length) return false;
  const scores = new Map(held.map((entry) => [entry.id.toLowerCase(), entry.score]));
  if (scores.size !== held.length) return false;
  return wanted.every((entry) => scores.get(entry.id.toLowerCase()) === entry.score);
}
