/** Text as parsers accept it: whole, or as chunks (for example a file stream decoded as UTF-8). */
export type TextSource = string | Iterable<string> | AsyncIterable<string>;

/** Synchronous text: whole or as chunks. */
export type SyncTextSource = string | Iterable<string>;

/** The chunks of a source; a string is one chunk (not an iterable of characters). */
export function textChunks(source: TextSource): Iterable<string> | AsyncIterable<string> {
  return typeof source === "string" ? [source] : source;
}

export function syncTextChunks(source: SyncTextSource): Iterable<string> {
  return typeof source === "string" ? [source] : source;
}
