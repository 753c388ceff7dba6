/** Values of a query parameter given repeated (?a=1&a=2) or comma-separated (?a=1,2), blanks dropped. */
export function queryValues(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

/** Genesys name filters: case-insensitive, "*" as a wildcard. */
export function nameMatches(filter: string | null, name: string): boolean {
  if (filter === null || filter === "") return true;
  const pattern = filter
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`, "i").test(name);
}

/** Keeps items whose id is listed in ?id=..., or all of them when no id filter is given. */
export function idMatches(query: URLSearchParams, id: string): boolean {
  const ids = queryValues(query, "id");
  return ids.length === 0 || ids.includes(id);
}
