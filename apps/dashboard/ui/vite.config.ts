import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The console: one page served at / by the dashboard, its assets under /ui/assets/ (hashed names, cached
// for good). The dashboard reads ui/dist once at start (src/console/console-assets.ts).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/ui/",
  logLevel: "warn",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    target: "es2022",
    chunkSizeWarningLimit: 400,
  },
});
