import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

/** One JSON log line of a service, parsed. */
export type LogLine = Record<string, unknown> & { readonly msg?: string };

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A service running as a real process, its stdout read as JSON log lines. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Every stdout line that parsed as JSON. */
  lines(): LogLine[];
  /** Everything written so far (stdout and stderr), for failure messages. */
  output(): string;
  stderr(): string;
  /** The first log line `match` accepts, once it is written. */
  waitForLine(match: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** Resolves when the process has exited (fails the wait after `timeoutMs`). */
  exited(timeoutMs?: number): Promise<ExitStatus>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
}

/** Arguments for running a TypeScript entry from source, as the development start commands do. */
export const sourceEntryArgs = (entry: string): string[] => [
  "--conditions=@routing/source",
  "--import",
  "tsx",
  entry,
];

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/**
 * Spawns `command` with `args` (cwd: the repository root unless told otherwise). The caller stops it; a
 * process still running when the test process exits is killed.
 */
export function spawnService(
  command: string,
  args: readonly string[],
  options: { readonly env: NodeJS.ProcessEnv; readonly cwd: string },
): ServiceProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const all: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout.push(chunk.toString("utf8"));
    all.push(chunk.toString("utf8"));
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr.push(chunk.toString("utf8"));
    all.push(chunk.toString("utf8"));
  });
  const exit = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const lines = (): LogLine[] =>
    stdout
      .join("")
      .split("\n")
      .flatMap((line) => {
        if (!line.startsWith("{")) return [];
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      });
  const output = () => all.join("");
  const exited = async (timeoutMs = 30_000): Promise<ExitStatus> => {
    const timeout = sleep(timeoutMs, "timeout" as const, { ref: false });
    const result = await Promise.race([exit, timeout]);
    if (result === "timeout") {
      throw new Error(`the process did not exit within ${timeoutMs} ms; output:\n${output().slice(-3000)}`);
    }
    return result;
  };
  return {
    child,
    lines,
    output,
    stderr: () => stderr.join(""),
    async waitForLine(match, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines().find(match);
        if (found !== undefined) return found;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`the process exited while waiting for ${what}; output:\n${output().slice(-3000)}`);
        }
        if (Date.now() > deadline) {
          throw new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; output:\n${output().slice(-3000)}`,
          );
        }
        await sleep(50);
      }
    },
    exited,
    async stop(signal = "SIGTERM", timeoutMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited(timeoutMs);
    },
  };
}
