import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export type Role = "redis" | "emulator" | "ingester" | "worker" | "dashboard";

export interface ProcessSpec {
  readonly name: string;
  readonly role: Role;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** A line of output that says the process is ready. */
  readonly ready: RegExp;
  readonly startTimeoutMs: number;
}

/** What one run of a process left behind, for the report. */
export interface OutputCounters {
  /** Lines of stack traces (`    at ...`). */
  stackLines: number;
  /** Log lines at error level or above (pino level >= 50). */
  errorLines: number;
}

/**
 * One process of the system, started in a process group of its own: `tsx` runs the app in a child node
 * process, and a kill -9 must take both (killing the wrapper alone would leave the app running).
 */
export class ManagedProcess {
  readonly name: string;
  readonly role: Role;
  private child: ChildProcess | undefined;
  private expectingExit = false;
  private log: WriteStream | undefined;
  /** Exits nobody asked for: crashes. */
  unexpectedExits: string[] = [];
  readonly counters: OutputCounters = { stackLines: 0, errorLines: 0 };
  private startedAt = 0;

  constructor(
    private readonly spec: ProcessSpec,
    private readonly logDir: string,
  ) {
    this.name = spec.name;
    this.role = spec.role;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running()) return;
    this.expectingExit = false;
    this.log ??= createWriteStream(join(this.logDir, `${this.name}.log`), { flags: "a" });
    const child = spawn(this.spec.command, [...this.spec.args], {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.child = child;
    this.startedAt = Date.now();
    let ready = false;
    let pending = "";
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString("utf8");
      this.log?.write(text);
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!ready && this.spec.ready.test(line)) ready = true;
        if (/^\s+at /.test(line)) this.counters.stackLines++;
        if (/"level":(5\d|60)/.test(line)) this.counters.errorLines++;
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code, signal) => {
      this.log?.write(`\n[chaos] ${this.name} exited (${signal ?? code})\n`);
      if (!this.expectingExit) this.unexpectedExits.push(`${this.name} exited (${signal ?? code})`);
    });
    const deadline = Date.now() + this.spec.startTimeoutMs;
    while (!ready) {
      if (!this.running()) throw new Error(`${this.name} exited while starting; see ${this.name}.log`);
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready within ${this.spec.startTimeoutMs} ms`);
      await sleep(50);
    }
  }

  /** kill -9 of the whole process group: no shutdown hook runs. */
  kill9(): void {
    if (!this.running()) return;
    this.expectingExit = true;
    this.signalGroup("SIGKILL");
  }

  /** SIGTERM and wait; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.running()) return;
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => this.child?.once("exit", () => resolve()));
    this.child?.kill("SIGTERM");
    const timedOut = await Promise.race([exited.then(() => false), sleep(timeoutMs).then(() => true)]);
    if (timedOut) {
      this.signalGroup("SIGKILL");
      await exited;
    }
    // tsx's child may outlive the wrapper by a moment.
    await sleep(100);
    this.signalGroup("SIGKILL");
  }

  /** SIGSTOP / SIGCONT: a process that hangs rather than dies. */
  pause(): void {
    this.signalGroup("SIGSTOP");
  }

  resume(): void {
    this.signalGroup("SIGCONT");
  }

  uptimeMs(): number {
    return this.running() ? Date.now() - this.startedAt : 0;
  }

  /** The app's own node process (tsx's child), or the process itself. */
  appPid(): number | undefined {
    const group = this.child?.pid;
    if (group === undefined) return undefined;
    const members = processGroups().get(group) ?? [];
    return members.find((pid) => pid !== group) ?? group;
  }

  async closeLog(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    if (log !== undefined) await new Promise<void>((resolve) => log.end(resolve));
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const group = this.child?.pid;
    if (group === undefined) return;
    try {
      process.kill(-group, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Process group -> its pids, from /proc (Linux). */
export function processGroups(): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const group = Number(fields[2]);
      const pids = groups.get(group) ?? [];
      pids.push(Number(entry));
      groups.set(group, pids);
    } catch {
      // The process ended while /proc was read.
    }
  }
  return groups;
}

function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Samples the resident memory of every process group once a second; `peaks()` gives the highest sum per
 * process name since the last `reset()`.
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak = new Map<string, number>();

  constructor(private readonly processes: readonly ManagedProcess[]) {}

  start(intervalMs = 1_000): void {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  reset(): void {
    this.peak = new Map();
  }

  sample(): void {
    const groups = processGroups();
    for (const managed of this.processes) {
      const group = managed.pid;
      if (group === undefined || !managed.running()) continue;
      const mb = (groups.get(group) ?? []).reduce((sum, pid) => sum + rssKb(pid), 0) / 1024;
      this.peak.set(managed.name, Math.max(this.peak.get(managed.name) ?? 0, mb));
    }
  }

  peaks(): ReadonlyMap<string, number> {
    return this.peak;
  }
}
