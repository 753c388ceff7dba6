import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** The repository root (this file is apps/worker/bench/app-process.ts). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface AppProcessSpec {
  /** For messages. */
  readonly name: string;
  /** A TypeScript entry, relative to the repository root, run from its sources. */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** A line of output that says the process is ready. */
  readonly ready: RegExp;
  readonly startTimeoutMs?: number;
}

/**
 * One process of its own: `node` on the app's build (`node --import tsx` for a TypeScript entry; one node
 * process either way, so its RSS is the app's own), started in
 * a process group so that a stop takes whatever it spawned. The last lines of its output are kept for the
 * message of a failed start.
 */
export class AppProcess {
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private readyLine: string | undefined;
  private exited = false;
  private maxRssKb = 0;

  private constructor(spec: AppProcessSpec) {
    this.child = spawn(
      process.execPath,
      // The apps run their build (as production does: the bench script builds them first), so their RSS
      // is not tsx's; a TypeScript entry (the stub) runs through tsx.
      [
        ...(spec.entry.endsWith(".ts") ? ["--import", "tsx", "--conditions=@routing/source"] : []),
        spec.entry,
        ...(spec.args ?? []),
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...spec.env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    let pending = "";
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (this.readyLine === undefined && spec.ready.test(line)) this.readyLine = line;
        this.tail.push(line);
        if (this.tail.length > 40) this.tail.shift();
      }
    };
    this.child.stdout?.on("data", onData);
    this.child.stderr?.on("data", onData);
    this.child.once("exit", () => {
      this.exited = true;
    });
  }

  static async start(spec: AppProcessSpec): Promise<AppProcess> {
    const app = new AppProcess(spec);
    const deadline = Date.now() + (spec.startTimeoutMs ?? 90_000);
    while (app.readyLine === undefined) {
      if (app.exited || Date.now() > deadline) {
        app.kill();
        throw new Error(
          `${spec.name} did not start (${app.exited ? "exited" : "timed out"}):\n${app.tail.join("\n")}`,
        );
      }
      await sleep(50);
    }
    return app;
  }

  /** The line that said it was ready. */
  get started(): string {
    return this.readyLine ?? "";
  }

  running(): boolean {
    return !this.exited;
  }

  /** Resident memory now (MB), also kept as the peak of every sample. */
  sampleRssMb(): number {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return 0;
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      const kb = Number(match?.[1] ?? 0);
      this.maxRssKb = Math.max(this.maxRssKb, kb);
      return kb / 1024;
    } catch {
      return 0;
    }
  }

  peakRssMb(): number {
    return this.maxRssKb / 1024;
  }

  /** SIGTERM (the app's own shutdown), SIGKILL of the group after `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timedOut = await Promise.race([exited.then(() => false), sleep(timeoutMs).then(() => true)]);
    if (timedOut) this.kill();
  }

  private kill(): void {
    const group = this.child.pid;
    if (group === undefined) return;
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // Already gone.
    }
  }

  /** The last lines it wrote (for a failure's message). */
  lastLines(): string {
    return this.tail.join("\n");
  }
}
