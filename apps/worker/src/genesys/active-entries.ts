/** Genesys marks skills and languages active, inactive or deleted; only active ones route. */
export function isActive(entry: { readonly state?: string | undefined }): boolean {
  return entry.state === undefined || entry.state === "active";
}
