/**
 * Calls a consumer's callback so that neither a throw nor a rejected promise can escape: the stream must
 * outlive any bug in the code it calls. Failures go to `onFailure` (which must not throw itself).
 */
export function callSafely(run: () => unknown, onFailure: (error: unknown) => void): void {
  try {
    const result = run();
    if (isThenable(result)) result.then(undefined, onFailure);
  } catch (error) {
    onFailure(error);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
