import { createSimulationHandler } from "./handlers/create-simulation.js";
import { enqueueJobHandler } from "./handlers/enqueue-job.js";
import { getSimulationHandler } from "./handlers/get-simulation.js";
import { healthHandler } from "./handlers/health.js";
import { listJobsHandler } from "./handlers/list-jobs.js";
import { metricsHandler } from "./handlers/metrics.js";
import { qaAssignmentCheckHandler } from "./handlers/qa-assignment-check.js";
import { qaHandoffHandler } from "./handlers/qa-handoff.js";
import { qaScoreHandler } from "./handlers/qa-score.js";
import { qaSkillAdjustmentHandler } from "./handlers/qa-skill-adjustment.js";
import type { RouteDefinition } from "./http/route.js";
import { BULL_BOARD_PATH, createBullBoardApp } from "./queues/bull-board.js";

/** The dashboard's whole HTTP surface. Anything not listed here is a JSON 404. */
export const ROUTES: readonly RouteDefinition[] = [
  {
    kind: "endpoint",
    method: "get",
    path: "/healthz",
    auth: "none",
    summary: "Liveness and Redis reachability (200 / 503)",
    handler: healthHandler,
  },
  {
    kind: "endpoint",
    method: "get",
    path: "/metrics",
    auth: "none",
    summary: "Prometheus metrics: process, HTTP, simulations, BullMQ queue gauges (internal network only)",
    handler: metricsHandler,
  },
  {
    kind: "mount",
    path: BULL_BOARD_PATH,
    auth: "basic",
    summary: "Bull Board",
    app: (services) => createBullBoardApp(services.queues.all),
  },
  {
    kind: "endpoint",
    method: "post",
    path: "/api/simulations",
    auth: "basic",
    body: "simulation",
    summary: "Start a simulation (202); runs in the background, results in Redis",
    handler: createSimulationHandler,
  },
  {
    kind: "endpoint",
    method: "get",
    path: "/api/simulations/:id",
    auth: "basic",
    summary: "A simulation's status, progress and report or error",
    handler: getSimulationHandler,
  },
  {
    kind: "endpoint",
    method: "post",
    path: "/api/qa/score",
    auth: "basic",
    body: "json",
    summary: "Ranked agents and the requestScoredAgents body for a request",
    handler: qaScoreHandler,
  },
  {
    kind: "endpoint",
    method: "post",
    path: "/api/qa/assignment-check",
    auth: "basic",
    body: "json",
    summary: "Skill-threshold decision for an alerted agent",
    handler: qaAssignmentCheckHandler,
  },
  {
    kind: "endpoint",
    method: "post",
    path: "/api/qa/handoff",
    auth: "basic",
    body: "json",
    summary: "Bot-to-agent handoff decision for one turn, and the next state",
    handler: qaHandoffHandler,
  },
  {
    kind: "endpoint",
    method: "post",
    path: "/api/qa/skill-adjustment",
    auth: "basic",
    body: "json",
    summary: "Skill adjustment decision, supervisor alert text and bulk update body",
    handler: qaSkillAdjustmentHandler,
  },
  {
    kind: "endpoint",
    method: "get",
    path: "/api/jobs",
    auth: "basic",
    summary: "The catalog jobs that can be enqueued by hand",
    handler: listJobsHandler,
  },
  {
    kind: "endpoint",
    method: "post",
    path: "/api/jobs/:name",
    auth: "basic",
    body: "json",
    summary: "Enqueue one catalog job by hand (e.g. a dry-run skills.adjust)",
    handler: enqueueJobHandler,
  },
];
