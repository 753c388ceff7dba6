import type { RoutingApi } from "@routing/genesys-client";

export class NoQueuesError extends Error {
  override readonly name = "NoQueuesError";
}

/**
 * The queues to follow: the configured list, or every queue of the org. Listing costs a request per page
 * of 100 from the shared rate budget, once per start, on the `notifications` lane: the channels wait for
 * it, and workers at saturation must not starve the ingester's start.
 */
export async function resolveQueueIds(
  configured: readonly string[] | undefined,
  routing: Pick<RoutingApi, "listQueues">,
  signal?: AbortSignal,
): Promise<readonly string[]> {
  if (configured !== undefined && configured.length > 0) return [...new Set(configured)];
  const ids: string[] = [];
  for await (const queue of routing.listQueues({
    pageSize: 100,
    lane: "notifications",
    ...(signal === undefined ? {} : { signal }),
  })) {
    if (typeof queue.id === "string" && queue.id !== "") ids.push(queue.id);
  }
  if (ids.length === 0) {
    throw new NoQueuesError("Genesys lists no routing queues: there is nothing to subscribe to");
  }
  return [...new Set(ids)];
}
