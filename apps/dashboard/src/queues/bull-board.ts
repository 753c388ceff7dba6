import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { ExpressHandler } from "@routing/http-kit";
import type { Queue } from "bullmq";

export const BULL_BOARD_PATH = "/admin/queues";

/**
 * Bull Board for the catalog queues, as an express sub-application to mount at BULL_BOARD_PATH behind
 * Basic auth. Not read-only: engineers retry failed jobs from it.
 */
export function createBullBoardApp(queues: readonly Queue[]): ExpressHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: "Routing jobs" } },
  });
  return serverAdapter.getRouter() as ExpressHandler;
}
