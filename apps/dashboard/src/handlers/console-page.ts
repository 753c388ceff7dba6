import { type Handler, HttpError } from "@routing/http-kit";
import { PAGE_HEADERS } from "../console/page-headers.js";
import type { DashboardServices } from "../services.js";

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Routing console</title>
<p>The console is not built: run <code>npm run build</code> (Vite builds apps/dashboard/ui), then restart the dashboard.
<p><a href="/admin/queues">Bull Board</a> works without it.`;

/** GET /: the console's page (a single page; its views are hash routes). Behind the session/Basic auth. */
export const consolePageHandler: Handler<DashboardServices> = (_request, services) => ({
  status: 200,
  headers: PAGE_HEADERS,
  text: services.console.index ?? NOT_BUILT,
  contentType: "text/html; charset=utf-8",
});

/** GET /ui/assets/:file: the console's scripts and styles, by their hashed names. */
export const consoleAssetHandler: Handler<DashboardServices> = (request, services) => {
  const asset = services.console.assets.get(request.params.file ?? "");
  if (asset === undefined) throw new HttpError(404, "not-found", "no such console asset", { field: "file" });
  return {
    status: 200,
    headers: { "Cache-Control": "public, max-age=31536000, immutable" },
    text: asset.text,
    contentType: asset.contentType,
  };
};
