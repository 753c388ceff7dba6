import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import type { RequestHandler } from "../http/express.js";

export const BULL_BOARD_PATH = "/admin/queues";

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]["serverAdapter"];

/**
 * Bull Board for the catalog queues, as an express sub-application to mount at BULL_BOARD_PATH behind
 * Basic auth. Not read-only: engineers retry failed jobs from it.
 */
export function createBullBoardApp(queues: readonly Queue[]): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    // @bull-board/express 9.10.1 declares its adapter against its own copy of @bull-board/api (9.10.1),
    // ours is 9.10.2: the same interface, but TypeScript sees two unrelated private `formatters`. The
    // replay test drives the real adapter, so a real incompatibility would fail there.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
    options: { uiConfig: { boardTitle: "Routing jobs" } },
  });
  return serverAdapter.getRouter() as RequestHandler;
}
