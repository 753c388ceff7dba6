import { endpoint, healthRoute, jsonBody, metricsRoute, mount, type Route, rawBody } from "@routing/http-kit";
import { approveSkillRunHandler } from "./handlers/approve-skill-run.js";
import { consoleAssetHandler, consolePageHandler } from "./handlers/console-page.js";
import { conversationDecisionsHandler } from "./handlers/conversation-decisions.js";
import { createSimulationHandler } from "./handlers/create-simulation.js";
import { enqueueJobHandler } from "./handlers/enqueue-job.js";
import { getConsoleConfigHandler } from "./handlers/get-console-config.js";
import { getOverviewHandler } from "./handlers/get-overview.js";
import { getRosterQueueHandler } from "./handlers/get-roster-queue.js";
import { getSimulationHandler } from "./handlers/get-simulation.js";
import { getSkillRunHandler } from "./handlers/get-skill-run.js";
import { listJobsHandler } from "./handlers/list-jobs.js";
import { listRosterHandler } from "./handlers/list-roster.js";
import { listSimulationsHandler } from "./handlers/list-simulations.js";
import { listSkillRunsHandler } from "./handlers/list-skill-runs.js";
import { loginHandler } from "./handlers/login.js";
import { loginFormHandler } from "./handlers/login-form.js";
import { logoutHandler } from "./handlers/logout.js";
import { assignmentCheckSchema, qaAssignmentCheckHandler } from "./handlers/qa-assignment-check.js";
import { handoffSchema, qaHandoffHandler } from "./handlers/qa-handoff.js";
import { qaScoreHandler, scoreRequestSchema } from "./handlers/qa-score.js";
import { qaSkillAdjustmentHandler, skillAdjustmentSchema } from "./handlers/qa-skill-adjustment.js";
import { rejectSkillRunHandler } from "./handlers/reject-skill-run.js";
import { rollbackSkillRunHandler } from "./handlers/rollback-skill-run.js";
import { searchDecisionsHandler } from "./handlers/search-decisions.js";
import { shadowSummaryHandler } from "./handlers/shadow-summary.js";
import { BULL_BOARD_PATH, createBullBoardApp } from "./queues/bull-board.js";
import type { DashboardServices } from "./services.js";
import { simulationRequestSchema } from "./simulations/simulation-request.js";

/**
 * The dashboard's whole HTTP surface. "basic": the login form's session cookie, or HTTP Basic auth with
 * DASHBOARD_USERNAME/PASSWORD (API clients), checked before any body is read. JSON bodies are at most 1 MiB, except a simulation's
 * (DASHBOARD_MAX_SIMULATION_BODY_MB). Anything not listed is a JSON 404 (a listed path with another
 * method: 405).
 */
export const ROUTES: readonly Route<DashboardServices>[] = [
  healthRoute((services: DashboardServices) => services.healthChecks, {
    summary: "Health: Redis answers a PING within 2 s (200 / 503)",
  }),
  metricsRoute((services: DashboardServices) => services.registry, {
    summary: "Prometheus metrics: process, HTTP, simulations, BullMQ queue gauges (internal network only)",
  }),
  mount({
    path: BULL_BOARD_PATH,
    auth: "basic",
    summary: "Bull Board",
    // Engineers retry and remove jobs from it: every change is logged with who-did-what's outcome.
    audit: true,
    app: (services: DashboardServices) => createBullBoardApp(services.queues.all),
  }),
  endpoint({
    method: "POST",
    path: "/api/simulations",
    auth: "basic",
    body: jsonBody(simulationRequestSchema, {
      limitBytes: (services: DashboardServices) => services.simulationBodyBytes,
    }),
    summary: "Start a simulation (202); runs in the background, results in Redis",
    handler: createSimulationHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/simulations/:id",
    auth: "basic",
    summary: "A simulation's status, progress and report or error",
    handler: getSimulationHandler,
  }),
  endpoint({
    method: "POST",
    path: "/api/qa/score",
    auth: "basic",
    body: jsonBody(scoreRequestSchema),
    summary: "Ranked agents and the requestScoredAgents body for a request",
    handler: qaScoreHandler,
  }),
  endpoint({
    method: "POST",
    path: "/api/qa/assignment-check",
    auth: "basic",
    body: jsonBody(assignmentCheckSchema),
    summary: "Skill-threshold decision for an alerted agent",
    handler: qaAssignmentCheckHandler,
  }),
  endpoint({
    method: "POST",
    path: "/api/qa/handoff",
    auth: "basic",
    body: jsonBody(handoffSchema),
    summary: "Bot-to-agent handoff decision for one turn, and the next state",
    handler: qaHandoffHandler,
  }),
  endpoint({
    method: "POST",
    path: "/api/qa/skill-adjustment",
    auth: "basic",
    body: jsonBody(skillAdjustmentSchema),
    summary: "Skill adjustment decision, supervisor alert text and bulk update body",
    handler: qaSkillAdjustmentHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/jobs",
    auth: "basic",
    summary: "The catalog jobs that can be enqueued by hand",
    handler: listJobsHandler,
  }),
  endpoint({
    method: "POST",
    path: "/api/jobs/:name",
    auth: "basic",
    // The payload is checked by the job catalog for the named job (a 400 naming the field).
    body: { kind: "json" },
    summary: "Enqueue one catalog job by hand (e.g. a dry-run skills.adjust)",
    handler: enqueueJobHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/conversations/:id/decisions",
    auth: "basic",
    summary: "A conversation's decision records, newest first (?cursor=&limit=)",
    handler: conversationDecisionsHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/decisions",
    auth: "basic",
    summary:
      "Decision records by queue, time and outcome, newest first (?queueId=&from=&to=&outcome=&cursor=&limit=)",
    handler: searchDecisionsHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/shadow",
    auth: "basic",
    summary:
      "Shadow mode per queue: offers compared with our top-ranked agent, agreement rate, mean score gap",
    handler: shadowSummaryHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/roster",
    auth: "basic",
    summary: "The followed queues' live roster: version, staleness and age, members joined and routable",
    handler: listRosterHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/roster/queues/:queueId",
    auth: "basic",
    summary: "One queue's roster: its status and its members, routable first (?limit=&cursor=)",
    handler: getRosterQueueHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/skill-adjustments/runs",
    auth: "basic",
    summary: "Scheduled skill adjustment runs, newest first (?limit=, ?status=)",
    handler: listSkillRunsHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/skill-adjustments/runs/:runId",
    auth: "basic",
    summary: "One skill adjustment run: its proposed changes, state and audit trail",
    handler: getSkillRunHandler,
  }),
  endpoint({
    method: "POST",
    path: "/api/skill-adjustments/runs/:runId/approve",
    auth: "basic",
    body: { kind: "json" },
    summary: "Approve a run awaiting approval (202); the worker writes it",
    handler: approveSkillRunHandler,
  }),
  endpoint({
    method: "POST",
    path: "/api/skill-adjustments/runs/:runId/reject",
    auth: "basic",
    body: { kind: "json" },
    summary: "Reject a run awaiting approval; nothing of it is written",
    handler: rejectSkillRunHandler,
  }),
  endpoint({
    method: "POST",
    path: "/api/skill-adjustments/runs/:runId/rollback",
    auth: "basic",
    body: { kind: "json" },
    summary: "Roll an applied run back (202); the worker writes the previous proficiencies",
    handler: rollbackSkillRunHandler,
  }),
  endpoint({
    method: "GET",
    path: "/login",
    auth: "none",
    summary: "The login form",
    handler: loginFormHandler,
  }),
  endpoint({
    method: "POST",
    path: "/login",
    auth: "none",
    // A form (application/x-www-form-urlencoded), read as bytes and parsed by the handler.
    body: rawBody({ limitBytes: 16 * 1024 }),
    summary: "Log in: 303 with the signed session cookie; 401 wrong; 429 too many failures (Retry-After)",
    handler: loginHandler,
  }),
  endpoint({
    method: "POST",
    path: "/logout",
    auth: "none",
    summary: "Log out: removes the session cookie, 303 to the login form",
    handler: logoutHandler,
  }),
  endpoint({
    method: "GET",
    path: "/",
    auth: "basic",
    summary: "The console (a browser without a session is sent to /login)",
    handler: consolePageHandler,
  }),
  endpoint({
    method: "GET",
    path: "/ui/assets/:file",
    auth: "basic",
    summary: "The console's scripts and styles",
    handler: consoleAssetHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/console",
    auth: "basic",
    summary: "Who is logged in and the console's links (Bull Board, Grafana)",
    handler: getConsoleConfigHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/overview",
    auth: "basic",
    summary: "Queues, decisions per minute by outcome, budget use, 429 pauses, stream health",
    handler: getOverviewHandler,
  }),
  endpoint({
    method: "GET",
    path: "/api/simulations",
    auth: "basic",
    summary: "The simulations, newest first, without their reports",
    handler: listSimulationsHandler,
  }),
];
