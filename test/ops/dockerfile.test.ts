import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationSeverity, validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { root } from "./support/processes.js";

/*
 * The Dockerfile without a Docker engine: dockerfile-utils' validator (the Docker language server's linter:
 * instruction syntax, flags, arguments) plus the rules the image promises, checked on the parsed
 * instructions. `npm run test:containers` builds and runs it where a container engine works.
 */

const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** Index of the FROM that starts its stage. */
  readonly stage: number;
}

/** Instructions with continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    if (/^\s*#/.test(line) && current === "") continue;
    if (/^\s*#/.test(line)) continue;
    current += current === "" ? line.trim() : ` ${line.trim()}`;
    if (current.endsWith("\\")) current = current.slice(0, -1).trimEnd();
    else {
      if (current !== "") logical.push(current);
      current = "";
    }
  }
  let stage = -1;
  return logical.map((line) => {
    const [keyword = "", ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === "FROM") stage++;
    return { keyword: keyword.toUpperCase(), args: rest.join(" "), stage };
  });
}

const parsed = instructions(dockerfile);
const finalStage = Math.max(...parsed.map((i) => i.stage));
const inFinal = (keyword: string) => parsed.filter((i) => i.stage === finalStage && i.keyword === keyword);

describe("Dockerfile", () => {
  it("passes the Docker language server's validation without errors or warnings", () => {
    const problems = validate(dockerfile).filter(
      (d) => d.severity === ValidationSeverity.ERROR || d.severity === ValidationSeverity.WARNING,
    );
    expect(problems.map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    // The validator can fail: a misspelt instruction is reported.
    expect(validate("FROM node:20-bookworm-slim\nRUNN echo hi\n").length).toBeGreaterThan(0);
  });

  it("builds in stages and ships production dependencies only (pnpm deploy --prod)", () => {
    const froms = parsed.filter((i) => i.keyword === "FROM").map((i) => i.args);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's ${} syntax, not JavaScript's
    expect(froms).toEqual(["${NODE_IMAGE} AS build", "${NODE_IMAGE} AS runtime"]);
    const nodeImage = parsed.find((i) => i.keyword === "ARG" && i.args.startsWith("NODE_IMAGE="));
    expect(nodeImage?.args).toMatch(/^NODE_IMAGE=node:20-[a-z]+-slim$/);
    const build = parsed.filter((i) => i.stage === 0 && i.keyword === "RUN").map((i) => i.args);
    expect(build.join("\n")).toMatch(/pnpm install --frozen-lockfile/);
    expect(build.join("\n")).toMatch(/pnpm --filter "@routing\/\$\{app\}" --prod .*deploy/);
    for (const app of ["ingester", "worker", "dashboard", "genesys-emulator-app"]) {
      expect(build.join("\n")).toContain(app);
    }
    // The runtime stage takes the deployed apps, never the workspace (sources, dev dependencies).
    const copies = inFinal("COPY").map((i) => i.args);
    expect(copies).toContain("--from=build /out /app");
    expect(copies.every((args) => args.startsWith("--from=build") || args.startsWith("ops/docker/"))).toBe(
      true,
    );
  });

  it("runs as a non-root user under tini, in production mode, with a healthcheck", () => {
    const users = inFinal("USER").map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(
      inFinal("ENV")
        .map((i) => i.args)
        .join(" "),
    ).toMatch(/NODE_ENV=production/);
    const [entrypoint] = inFinal("ENTRYPOINT").map((i) => JSON.parse(i.args) as string[]);
    expect(entrypoint).toEqual(["/usr/bin/tini", "--", "/usr/local/bin/routing"]);
    const [healthcheck] = inFinal("HEALTHCHECK").map((i) => i.args);
    expect(healthcheck).toMatch(/CMD \["\/usr\/local\/bin\/routing", "healthcheck"\]$/);
    const install = inFinal("RUN")
      .map((i) => i.args)
      .join("\n");
    expect(install).toMatch(/apt-get install --yes --no-install-recommends tini/);
    expect(install).toMatch(/rm -rf \/var\/lib\/apt\/lists\/\*/);
    // USER comes after everything that needs root.
    const order = parsed.filter((i) => i.stage === finalStage).map((i) => i.keyword);
    expect(order.lastIndexOf("RUN")).toBeLessThan(order.indexOf("USER"));
  });

  it("keeps secrets, dependencies and builds out of the build context", () => {
    const ignored = readFileSync(join(root, ".dockerignore"), "utf8").split("\n");
    for (const pattern of ["**/node_modules", "**/dist", "**/.env", "**/.env.*", ".git"]) {
      expect(ignored).toContain(pattern);
    }
  });

  it("dispatches the image's command to an app, and refuses an unknown one", () => {
    const script = join(root, "ops", "docker", "routing.sh");
    const help = spawnSync("sh", [script, "help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stderr).toMatch(/ingester \| worker \| dashboard \| emulator/);
    const unknown = spawnSync("sh", [script, "scheduler"], { encoding: "utf8" });
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toContain("unknown app 'scheduler'");
    const text = readFileSync(script, "utf8");
    expect(text).toContain('exec node --enable-source-maps "/app/$' + '{app}/dist/main.js"');
    expect(text).toContain("exec node --enable-source-maps /app/genesys-emulator/dist/main.js");
  });
});
