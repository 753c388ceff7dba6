/**
 * Runs tasks one after another in the order they were pushed, awaiting each. A task that throws or
 * rejects is handed to `onFailure` and the next task runs: one bad event must not stall a channel.
 */
export interface DeliveryQueue {
  push(task: () => unknown): void;
  /** Tasks pushed and not finished yet. */
  readonly pending: number;
  /** Resolves once every task pushed so far has finished. */
  drained(): Promise<void>;
}

export function createDeliveryQueue(onFailure: (error: unknown) => void): DeliveryQueue {
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;

  const run = async (task: () => unknown): Promise<void> => {
    try {
      await task();
    } catch (error) {
      try {
        onFailure(error);
      } catch {
        // The failure reporter itself failed; there is nobody left to tell.
      }
    } finally {
      pending--;
    }
  };

  return {
    push(task) {
      pending++;
      tail = tail.then(() => run(task));
    },
    get pending() {
      return pending;
    },
    drained: () => tail,
  };
}
