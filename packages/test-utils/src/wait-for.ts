import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `probe` every 250 ms until it returns something other than undefined; a throw counts as "not yet"
 * and its message is kept for the timeout error, which names what was awaited.
 */
export async function waitFor<T>(
  what: string | (() => string),
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  const description = typeof what === "string" ? what : what();
  throw new Error(`timed out waiting for ${description}${lastError ? `: ${String(lastError)}` : ""}`);
}
