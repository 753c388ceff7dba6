import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..", "..");

export interface RunningProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): RunningProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: string[] = [];
  const keep = (chunk: Buffer) => {
    chunks.push(chunk.toString("utf8"));
    if (chunks.length > 400) chunks.splice(0, chunks.length - 400);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return {
    name,
    child,
    output: () => chunks.join("").slice(-4000),
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** One of our apps, from source (as `npm start` runs them), with its own ports and key prefix. */
export function startApp(app: string, env: NodeJS.ProcessEnv): RunningProcess {
  return startProcess(
    app,
    join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=@routing/source", join(root, "apps", app, "src", "main.ts")],
    env,
  );
}

/** Runs a command to completion; its output is returned whatever the exit code. */
export function run(command: string, args: readonly string[]): { code: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The path of a tool on PATH, or a failure that says how CI installs it. */
export function requireTool(tool: string, debianPackage: string): string {
  const found = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === "") {
    throw new Error(
      `${tool} is not installed: scripts/test-prerequisites.sh (npm test, .ci/run) installs Debian's ${debianPackage} package (apt-get install ${debianPackage})`,
    );
  }
  return path;
}
