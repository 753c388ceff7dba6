import { type Handler, json } from "@routing/http-kit";
import { BULL_BOARD_PATH } from "../queues/bull-board.js";
import type { DashboardServices } from "../services.js";

/** GET /api/console: what the console needs to know of this deployment (who is logged in, the links). */
export const getConsoleConfigHandler: Handler<DashboardServices> = (_request, services) =>
  json(200, {
    username: services.auth.credentials.username,
    links: { bullBoard: BULL_BOARD_PATH, grafana: services.grafanaUrl ?? null },
  });
