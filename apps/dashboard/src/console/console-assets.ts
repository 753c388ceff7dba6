import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where `npm run build` puts the console (apps/dashboard/ui, built by Vite): the same path from src/ (tsx)
 * and from dist/ (the build), both one level below the app.
 */
export const DEFAULT_CONSOLE_DIRECTORY = fileURLToPath(new URL("../../ui/dist/", import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json; charset=utf-8",
};

export interface ConsoleAsset {
  readonly text: string;
  readonly contentType: string;
}

export interface ConsoleAssets {
  /** The page, or undefined when the console is not built. */
  readonly index: string | undefined;
  /** By file name (Vite's hashed names: immutable). */
  readonly assets: ReadonlyMap<string, ConsoleAsset>;
}

/**
 * The built console, read once at start into memory (a few hundred KB): served from a map by name, so no
 * request path ever reaches the file system. Missing build: the page says how to build it.
 */
export function loadConsoleAssets(directory: string): ConsoleAssets {
  const indexPath = join(directory, "index.html");
  if (!existsSync(indexPath)) return { index: undefined, assets: new Map() };
  const assetsDirectory = join(directory, "assets");
  const assets = new Map<string, ConsoleAsset>();
  if (existsSync(assetsDirectory)) {
    for (const name of readdirSync(assetsDirectory)) {
      const contentType = CONTENT_TYPES[extname(name)];
      if (contentType === undefined) continue;
      assets.set(name, { text: readFileSync(join(assetsDirectory, name), "utf8"), contentType });
    }
  }
  return { index: readFileSync(indexPath, "utf8"), assets };
}
