import { badRequest } from "./api-error.js";

export interface Paging {
  pageNumber: number;
  pageSize: number;
}

export interface PagingLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

function readPositiveInteger(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw badRequest(
      "invalid.value",
      "Invalid value for query parameter '{field}': {value} (expected an integer from 1 to {max})",
      { field: name, value: raw, max: String(max) },
      name,
    );
  }
  return value;
}

export function parsePaging(query: URLSearchParams, limits: PagingLimits): Paging {
  return {
    pageSize: readPositiveInteger(query, "pageSize", limits.defaultPageSize, limits.maxPageSize),
    pageNumber: readPositiveInteger(query, "pageNumber", 1, Number.MAX_SAFE_INTEGER),
  };
}

export function pageUri(path: string, query: URLSearchParams, paging: Paging, pageNumber: number): string {
  const next = new URLSearchParams(query);
  next.set("pageSize", String(paging.pageSize));
  next.set("pageNumber", String(pageNumber));
  return `${path}?${next.toString()}`;
}

/** A Genesys "EntityListing": entities plus page numbers, total and first/self/next/previous/last URIs. */
export function entityListing<T>(
  items: readonly T[],
  paging: Paging,
  path: string,
  query: URLSearchParams,
): Record<string, unknown> {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  const pageCount = Math.max(1, Math.ceil(items.length / paging.pageSize));
  return {
    entities: items.slice(start, start + paging.pageSize),
    pageSize: paging.pageSize,
    pageNumber: paging.pageNumber,
    total: items.length,
    pageCount,
    firstUri: pageUri(path, query, paging, 1),
    selfUri: pageUri(path, query, paging, paging.pageNumber),
    lastUri: pageUri(path, query, paging, pageCount),
    ...(paging.pageNumber < pageCount
      ? { nextUri: pageUri(path, query, paging, paging.pageNumber + 1) }
      : {}),
    ...(paging.pageNumber > 1 ? { previousUri: pageUri(path, query, paging, paging.pageNumber - 1) } : {}),
  };
}
