import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { deleteKeysWithPrefix, freePort, waitFor } from "@routing/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "../ops/support/processes.js";

/*
 * The image as an SRE runs it: built from ./Dockerfile by a real container engine, each app started by its
 * command, healthy by its own HEALTHCHECK, making a real decision against the emulator, refusing to start in
 * production without credentials, and stopping cleanly on SIGTERM.
 *
 * CONTAINER_ENGINE (default podman) and CONTAINER_ENGINE_FLAGS (global flags; on this project's VMs:
 * "--storage-driver vfs --cgroup-manager cgroupfs --runtime runc") choose the engine; NODE_IMAGE overrides
 * the base image (ops/docker/offline-base-image.sh builds one where no registry is reachable). Containers
 * use the host's network (loopback only) and the local Redis with a key prefix of their own.
 */

const engine = process.env.CONTAINER_ENGINE ?? "podman";
const engineFlags = (process.env.CONTAINER_ENGINE_FLAGS ?? "").split(/\s+/).filter((flag) => flag !== "");
const image = process.env.ROUTING_TEST_IMAGE ?? "localhost/routing-platform:test";
const prefix = `test-containers-${randomUUID().slice(0, 8)}`;
const started: string[] = [];
// Rootless engines and VMs without delegated limits refuse the engine's default ulimits.
const ulimits = ["--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096"];

function container(args: readonly string[], timeoutMs = 120_000) {
  const result = spawnSync(engine, [...engineFlags, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: timeoutMs,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout.trim(), output: `${result.stdout}${result.stderr}` };
}

function runApp(name: string, app: string, env: Record<string, string>): string {
  const containerName = `ops-${prefix}-${name}`;
  const envArgs = Object.entries(env).flatMap(([key, value]) => ["--env", `${key}=${value}`]);
  const result = container([
    "run",
    "--detach",
    "--name",
    containerName,
    "--network",
    "host",
    ...ulimits,
    ...envArgs,
    image,
    app,
  ]);
  expect(result.code, result.output).toBe(0);
  started.push(containerName);
  return containerName;
}

afterAll(async () => {
  for (const name of started) container(["rm", "--force", "--time", "5", name]);
  await deleteKeysWithPrefix(prefix);
});

describe("the container image", () => {
  it("builds, runs every app by its command, passes its healthcheck, decides, and stops on SIGTERM", async () => {
    const version = container(["version"]);
    expect(version.code, `${engine} is needed for test:containers: ${version.output}`).toBe(0);

    const buildStarted = Date.now();
    const build = container(
      [
        "build",
        // OCI image configs have no HEALTHCHECK; podman keeps it only in Docker's format.
        ...(engine === "podman" ? ["--format", "docker"] : []),
        "--network",
        "host",
        ...ulimits,
        ...(process.env.NODE_IMAGE ? ["--build-arg", `NODE_IMAGE=${process.env.NODE_IMAGE}`] : []),
        "--tag",
        image,
        ".",
      ],
      30 * 60_000,
    );
    expect(build.code, build.output.slice(-5000)).toBe(0);
    process.stderr.write(`image built in ${Math.round((Date.now() - buildStarted) / 1000)} s\n`);

    // Production dependencies only, files owned by root, the app's user unprivileged.
    const listing = container([
      "run",
      "--rm",
      "--network",
      "none",
      ...ulimits,
      "--entrypoint",
      "sh",
      image,
      "-c",
      "id -u; ls /app; ls /app/worker/node_modules/.pnpm | grep -c -E '^(vitest|typescript|@biomejs)' || true",
    ]);
    expect(listing.code, listing.output).toBe(0);
    const [uid, ...rest] = listing.stdout.split("\n");
    expect(uid).toBe("10001");
    expect(rest.slice(0, 5).sort()).toEqual([
      "dashboard",
      "genesys-emulator",
      "healthcheck.mjs",
      "ingester",
      "worker",
    ]);
    expect(rest.at(-1)).toBe("0");

    // Production mode without credentials: the worker refuses to start and names the variable.
    const refused = container([
      "run",
      "--rm",
      "--network",
      "host",
      ...ulimits,
      "--env",
      "REDIS_URL=redis://127.0.0.1:6379",
      image,
      "worker",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("GENESYS_CLIENT_ID");

    const ports = {
      emulator: await freePort(),
      ingester: await freePort(),
      worker: await freePort(),
      dashboard: await freePort(),
    };
    const common = {
      NODE_ENV: "development",
      LOG_LEVEL: "warn",
      REDIS_URL: "redis://127.0.0.1:6379",
      BULLMQ_PREFIX: prefix,
      GENESYS_API_BASE_URL: `http://127.0.0.1:${ports.emulator}`,
    };
    const emulator = runApp("emulator", "emulator", {
      NODE_ENV: "development",
      EMULATOR_HOST: "127.0.0.1",
      EMULATOR_PORT: String(ports.emulator),
      EMULATOR_ARRIVALS_PER_MINUTE: "12",
    });
    await waitFor(
      "the emulator",
      async () => (container(["healthcheck", "run", emulator]).code === 0 ? true : undefined),
      60_000,
    );
    const apps = [
      runApp("ingester", "ingester", { ...common, INGESTER_PORT: String(ports.ingester) }),
      runApp("worker", "worker", {
        ...common,
        WORKER_METRICS_PORT: String(ports.worker),
        WORKER_METRICS_HOST: "127.0.0.1",
      }),
      runApp("dashboard", "dashboard", {
        ...common,
        DASHBOARD_PORT: String(ports.dashboard),
        DASHBOARD_HOST: "127.0.0.1",
      }),
    ];
    for (const app of apps) {
      await waitFor(
        () => `${app} healthy (${container(["logs", app]).output.slice(-2000)})`,
        async () => (container(["healthcheck", "run", app]).code === 0 ? true : undefined),
        90_000,
      );
      // tini is PID 1 and the app runs under it as the unprivileged user.
      const pid1 = container(["exec", app, "cat", "/proc/1/cmdline"]);
      expect(pid1.stdout.split("\0")[0]).toBe("/usr/bin/tini");
    }

    // A decision made by the containerized worker reaches the emulator.
    await waitFor(
      "a requestScoredAgents PATCH from the containerized worker",
      async () => {
        const writes = (await (
          await fetch(`http://127.0.0.1:${ports.emulator}/__emulator/writes`)
        ).json()) as {
          method: string;
          path: string;
        }[];
        return writes.find(
          (w) => w.method === "PATCH" && w.path.startsWith("/api/v2/routing/conversations/"),
        );
      },
      120_000,
    );

    // SIGTERM through tini: the worker drains and exits 0 well inside the grace period.
    const stopStarted = Date.now();
    const stop = container(["stop", "--time", "40", apps[1] ?? ""], 60_000);
    expect(stop.code, stop.output).toBe(0);
    expect(Date.now() - stopStarted).toBeLessThan(35_000);
    expect(container(["inspect", "--format", "{{.State.ExitCode}}", apps[1] ?? ""]).stdout).toBe("0");
  });
});
