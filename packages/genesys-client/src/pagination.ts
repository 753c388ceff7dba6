import type { ApiTransport, QueryParams } from "./api-transport.js";
import type { RequestLane } from "./budget/lanes.js";
import type { EntityListing } from "./models.js";
import type { RequestObserver } from "./observer.js";

export interface PagedRequest {
  readonly pathTemplate: string;
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly query?: QueryParams;
  readonly pageSize: number;
  readonly signal?: AbortSignal | undefined;
  readonly observer?: RequestObserver | undefined;
  readonly lane?: RequestLane | undefined;
}

function asListing<T>(data: unknown): EntityListing<T> {
  return data !== null && typeof data === "object" ? (data as EntityListing<T>) : {};
}

/**
 * Yields every entity of a Genesys paged listing. `nextUri` is followed when present (some listings, such
 * as queue members, have no total); otherwise `pageNumber` advances until `pageCount`. An empty page or a
 * `nextUri` seen before ends the walk, so a misbehaving server cannot loop us forever.
 */
export async function* paginate<T>(
  transport: ApiTransport,
  request: PagedRequest,
): AsyncGenerator<T, void, undefined> {
  const seenNextUris = new Set<string>();
  let pageNumber = 1;
  let nextUri: string | undefined;
  for (;;) {
    const page = asListing<T>(
      await transport.request({
        method: "GET",
        pathTemplate: request.pathTemplate,
        ...(request.pathParams === undefined ? {} : { pathParams: request.pathParams }),
        ...(nextUri === undefined
          ? { query: { ...request.query, pageSize: request.pageSize, pageNumber } }
          : { nextUri }),
        signal: request.signal,
        observer: request.observer,
        lane: request.lane,
      }),
    );
    const entities = page.entities ?? [];
    for (const entity of entities) yield entity;
    if (entities.length === 0) return;

    if (typeof page.nextUri === "string" && page.nextUri !== "") {
      if (seenNextUris.has(page.nextUri)) return;
      seenNextUris.add(page.nextUri);
      nextUri = page.nextUri;
      continue;
    }
    const currentPage = page.pageNumber ?? pageNumber;
    if (nextUri === undefined && typeof page.pageCount === "number" && currentPage < page.pageCount) {
      pageNumber = currentPage + 1;
      continue;
    }
    return;
  }
}
