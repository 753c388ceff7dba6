/**
 * The emulator's one source of time. Everything Genesys would time (token expiry, rate-limit windows, channel
 * expiry, heartbeats, the contact centre) is scheduled here, so a "manual" clock makes a whole run
 * reproducible: virtual time only moves when a test calls advance(ms).
 */
export type ClockMode = "real" | "manual";

export type TimerId = number;

export interface Clock {
  readonly mode: ClockMode;
  /** Epoch milliseconds (virtual for a manual clock). */
  now(): number;
  /** Runs the callback once, delayMs of this clock's time from now. */
  schedule(delayMs: number, callback: () => void): TimerId;
  cancel(timer: TimerId | undefined): void;
  /** Manual clock only: moves time forward, running every due timer in time order (ties: scheduling order). */
  advance(ms: number): Promise<void>;
  /** Cancels every timer; later schedule() calls are ignored. */
  dispose(): void;
}

export class ClockModeError extends Error {
  constructor() {
    super('advance(ms) needs the manual clock: start the emulator with clock: "manual"');
    this.name = "ClockModeError";
  }
}

export class InvalidAdvanceError extends Error {
  constructor(ms: number) {
    super(`advance(ms) needs a finite number of milliseconds >= 0, got ${ms}`);
    this.name = "InvalidAdvanceError";
  }
}

export interface ClockOptions {
  mode: ClockMode;
  /** Manual clock only: the virtual epoch milliseconds it starts at. */
  startMs: number;
  /** Called when a timer callback throws, so one bad event cannot stop the clock. */
  onTimerError: (error: unknown) => void;
}

/** Node's setTimeout overflows above this; longer delays are re-armed in steps. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Genesys timestamps have millisecond precision; whole-ms times keep ISO strings and durations exact. */
function wholeMs(delayMs: number): number {
  return Number.isFinite(delayMs) ? Math.max(0, Math.round(delayMs)) : 0;
}

export function createClock(options: ClockOptions): Clock {
  return options.mode === "manual" ? createManualClock(options) : createRealClock(options);
}

function runSafely(callback: () => void, onTimerError: (error: unknown) => void): void {
  try {
    callback();
  } catch (error) {
    onTimerError(error);
  }
}

function createRealClock(options: ClockOptions): Clock {
  const timers = new Map<TimerId, NodeJS.Timeout>();
  let nextId = 1;
  let disposed = false;

  const arm = (id: TimerId, dueAt: number, callback: () => void): void => {
    const remaining = Math.max(0, dueAt - Date.now());
    const timeout = setTimeout(
      () => {
        if (Date.now() < dueAt) {
          arm(id, dueAt, callback);
          return;
        }
        timers.delete(id);
        runSafely(callback, options.onTimerError);
      },
      Math.min(remaining, MAX_TIMEOUT_MS),
    );
    timers.set(id, timeout);
  };

  return {
    mode: "real",
    now: () => Date.now(),
    schedule(delayMs, callback) {
      const id = nextId++;
      if (!disposed) arm(id, Date.now() + wholeMs(delayMs), callback);
      return id;
    },
    cancel(timer) {
      if (timer === undefined) return;
      const timeout = timers.get(timer);
      if (timeout !== undefined) clearTimeout(timeout);
      timers.delete(timer);
    },
    advance: () => Promise.reject(new ClockModeError()),
    dispose() {
      disposed = true;
      for (const timeout of timers.values()) clearTimeout(timeout);
      timers.clear();
    },
  };
}

interface ManualTimer {
  id: TimerId;
  dueAt: number;
  callback: () => void;
}

function createManualClock(options: ClockOptions): Clock {
  let current = options.startMs;
  let nextId = 1;
  let disposed = false;
  // Kept sorted by (dueAt, id): ids grow with scheduling order, which breaks ties deterministically.
  let queue: ManualTimer[] = [];

  const insert = (timer: ManualTimer): void => {
    let low = 0;
    let high = queue.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = queue[middle] as ManualTimer;
      if (other.dueAt <= timer.dueAt) low = middle + 1;
      else high = middle;
    }
    queue.splice(low, 0, timer);
  };

  return {
    mode: "manual",
    now: () => current,
    schedule(delayMs, callback) {
      const id = nextId++;
      if (!disposed) insert({ id, dueAt: current + wholeMs(delayMs), callback });
      return id;
    },
    cancel(timer) {
      if (timer === undefined) return;
      queue = queue.filter((entry) => entry.id !== timer);
    },
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new InvalidAdvanceError(ms);
      const target = current + Math.round(ms);
      for (;;) {
        const due = queue[0];
        if (disposed || due === undefined || due.dueAt > target) break;
        queue.shift();
        current = Math.max(current, due.dueAt);
        runSafely(due.callback, options.onTimerError);
      }
      current = Math.max(current, target);
      // Let sockets flush what the due events sent before the caller looks at them.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    dispose() {
      disposed = true;
      queue = [];
    },
  };
}
