import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// One spelling of HTTP error codes in every app: lower-case words joined by "-" (`payload-too-large`). The
// kit's own codes are checked by its tests; this reads every error code the apps' sources write. (The
// emulator's HTTP layer models Genesys, whose codes are dotted: it is not ours to respell.)
const root = join(import.meta.dirname, "..");
const SOURCES = ["apps/ingester/src", "apps/worker/src", "apps/dashboard/src", "packages/http-kit/src"];
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function typescriptFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every code literal given to HttpError, badRequest, or as `code:` in a file of the HTTP layer. */
function errorCodes(source: string): string[] {
  const patterns = [/new HttpError\(\s*[^,]+,\s*"([^"]*)"/g, /badRequest\(\s*"([^"]*)"/g];
  if (/from "@routing\/http-kit"|from "\.\/http-error\.js"/.test(source))
    patterns.push(/\bcode:\s*"([^"]*)"/g);
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ""));
}

describe("HTTP error codes", () => {
  it("are spelled one way in every app: kebab-case", () => {
    const found = SOURCES.flatMap(typescriptFiles).flatMap((file) =>
      errorCodes(readFileSync(join(root, file), "utf8")).map((code) => ({ file, code })),
    );
    expect(found.length).toBeGreaterThan(20);
    expect(found.filter(({ code }) => !KEBAB.test(code))).toEqual([]);
  });

  it("the check sees the old spellings", () => {
    const old = 'throw new HttpError(404, "not_found", "x");\nthrow badRequest("invalid.request", "y");';
    expect(errorCodes(old).filter((code) => !KEBAB.test(code))).toEqual(["not_found", "invalid.request"]);
  });
});
