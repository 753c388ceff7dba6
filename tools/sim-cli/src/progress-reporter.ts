/** Where progress goes: a subset of a Node writable stream, so tests can pass a fake. */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(text: string): unknown;
}

export interface ProgressReporter {
  /** `fraction` in [0, 1] (for example bytes read / file size). */
  update(label: string, fraction: number, processed: number): void;
  /** Ends the current run's progress (clears the bar). */
  done(label: string, processed: number): void;
}

/** Reports nothing. */
export const SILENT_PROGRESS: ProgressReporter = { update() {}, done() {} };

const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 30;

/**
 * A bar redrawn in place on a terminal (at most every 100 ms), cleared when a run ends so the report
 * starts on a clean line.
 */
export function terminalProgress(stream: ProgressStream, now: () => number = Date.now): ProgressReporter {
  let lastDraw = Number.NEGATIVE_INFINITY;
  return {
    update(label, fraction, processed) {
      const time = now();
      if (time - lastDraw < REDRAW_INTERVAL_MS) return;
      lastDraw = time;
      const clamped = Math.min(1, Math.max(0, fraction));
      const filled = Math.round(clamped * BAR_WIDTH);
      const bar = `${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}`;
      stream.write(
        `\r\x1b[2K${label} [${bar}] ${(clamped * 100).toFixed(0).padStart(3)}% ${processed.toLocaleString("en-US")} interactions`,
      );
    },
    done() {
      lastDraw = Number.NEGATIVE_INFINITY;
      stream.write("\r\x1b[2K");
    },
  };
}

/** For logs and pipes (`--progress` without a terminal): one line per 10 % step, and one at the end. */
export function lineProgress(stream: ProgressStream): ProgressReporter {
  let lastStep = -1;
  return {
    update(label, fraction, processed) {
      const step = Math.floor(Math.min(1, Math.max(0, fraction)) * 10);
      if (step <= lastStep || step >= 10) return;
      lastStep = step;
      stream.write(`${label}: ${step * 10}% (${processed.toLocaleString("en-US")} interactions)\n`);
    },
    done(label, processed) {
      lastStep = -1;
      stream.write(`${label}: done (${processed.toLocaleString("en-US")} interactions)\n`);
    },
  };
}
