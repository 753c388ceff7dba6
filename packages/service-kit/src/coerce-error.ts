/**
 * Anything thrown, as an Error a log can show with its stack: an Error as it is (its `cause` kept), anything
 * else (a string, a plain object) wrapped with the original as its `cause`. After graphile-worker's
 * coerceError.
 */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const message =
    typeof thrown === "string"
      ? thrown
      : typeof thrown === "object" &&
          thrown !== null &&
          typeof (thrown as { message?: unknown }).message === "string"
        ? (thrown as { message: string }).message
        : `non-error thrown: ${String(thrown)}`;
  return new Error(message, { cause: thrown });
}
