// What `npm start` prints for a person (start.mjs): the start-up block with every URL and the development
// credentials, and the one-line summary it prints every few seconds from the apps' /metrics.

/** Parses the Prometheus text exposition into samples: { name, labels, value }. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (match === null) continue;
    const labels = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]] = pair[2];
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

const sum = (samples, name, where = () => true) =>
  samples.filter((s) => s.name === name && where(s.labels)).reduce((total, s) => total + s.value, 0);

/** label value -> summed value, for the series of `name` (zero series left out). */
function byLabel(samples, name, label) {
  const totals = new Map();
  for (const s of samples) {
    if (s.name !== name || s.value === 0) continue;
    const key = s.labels[label] ?? "?";
    totals.set(key, (totals.get(key) ?? 0) + s.value);
  }
  return totals;
}

// Writes are what a decision costs at Genesys: not reads, not analytics queries (POST .../query), not the
// notification channel's own calls, not token requests.
const isWrite = (labels) =>
  labels.method !== "GET" &&
  !/\/query$/.test(labels.path ?? "") &&
  labels.lane !== "notifications" &&
  labels.lane !== "token" &&
  /^2\d\d$/.test(labels.status ?? "");

/** The figures of one summary, from the samples of every app's /metrics (all apps' samples together). */
export function figures(samples) {
  const budgetLimit = samples.find((s) => s.name === "genesys_budget_limit")?.value;
  return {
    events: sum(samples, "ingester_notification_events_total"),
    scoring: byLabel(samples, "worker_scoring_outcomes_total", "outcome"),
    checks: byLabel(samples, "worker_assignment_checks_total", "decision"),
    tooLate: sum(samples, "worker_decisions_too_late_total"),
    failed: sum(samples, "worker_jobs_processed_total", (l) => l.outcome === "unrecoverable"),
    writes: sum(samples, "genesys_requests_total", isWrite),
    rateLimited: sum(samples, "genesys_rate_limited_total"),
    budgetUsed: sum(samples, "genesys_budget_used"),
    budgetLimit,
    budgetWindowSeconds: samples.find((s) => s.name === "genesys_budget_window_seconds")?.value,
  };
}

const delta = (now, before) => (before === undefined || now === before ? "" : ` (+${now - before})`);

function listOf(totals, before) {
  if (totals.size === 0) return "none";
  return [...totals].map(([key, value]) => `${key} ${value}${delta(value, before?.get(key))}`).join(", ");
}

/**
 * One line: events received, decisions by outcome, Genesys writes, 429s and budget use; "(+n)" is the
 * change since the previous line. `unreachable` names the apps whose /metrics did not answer.
 */
export function summaryLine(now, before, unreachable, at = new Date()) {
  const time = at.toISOString().slice(11, 19);
  const budget =
    now.budgetLimit === undefined
      ? "budget ?"
      : `budget ${now.budgetUsed}/${now.budgetLimit} per ${now.budgetWindowSeconds ?? "?"} s (${Math.round(
          (100 * now.budgetUsed) / now.budgetLimit,
        )}%)`;
  const parts = [
    `events ${now.events}${delta(now.events, before?.events)}`,
    `decisions: ${listOf(now.scoring, before?.scoring)}`,
    `checks: ${listOf(now.checks, before?.checks)}`,
    ...(now.tooLate > 0 ? [`too late ${now.tooLate}${delta(now.tooLate, before?.tooLate)}`] : []),
    ...(now.failed > 0 ? [`failed jobs ${now.failed}${delta(now.failed, before?.failed)}`] : []),
    `Genesys writes ${now.writes}${delta(now.writes, before?.writes)}`,
    `429s ${now.rateLimited}${delta(now.rateLimited, before?.rateLimited)}`,
    budget,
    ...(unreachable.length > 0 ? [`no /metrics from ${unreachable.join(", ")}`] : []),
  ];
  return `${time}  ${parts.join(" | ")}`;
}

/** A URL a browser on this machine can open (0.0.0.0 and :: are where a server listens, not an address). */
export function openable(url) {
  return url?.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=[:/]|$)/, "http://127.0.0.1");
}

/**
 * The start-up block: every URL the started lines reported, and the development credentials in use.
 * `started` maps app -> { urls, details } of its started line.
 */
export function startupBlock({ started, logFile, credentials, summarySeconds }) {
  const dashboard = started.dashboard?.urls ?? {};
  const emulator = started.emulator;
  const rows = [
    ["Dashboard", openable(dashboard.http) && `${openable(dashboard.http)}/`],
    ["Bull Board", openable(dashboard.bullBoard)],
    [
      "  log in as",
      credentials.dashboardPassword === undefined
        ? `${credentials.dashboardUsername} / the DASHBOARD_PASSWORD you set`
        : `${credentials.dashboardUsername} / ${credentials.dashboardPassword} (development password)`,
    ],
    ["Ingester /metrics", openable(started.ingester?.urls?.metrics)],
    ["Worker /metrics", openable(started.worker?.urls?.metrics)],
    ["Dashboard /metrics", openable(dashboard.metrics)],
    ["Messaging webhook", openable(started.ingester?.urls?.webhook)],
    ...(emulator === undefined
      ? [["Genesys", "your org (GENESYS_CLIENT_ID is set): no emulator"]]
      : [
          ["Emulator API", openable(emulator.urls?.api)],
          ["Emulator control", openable(emulator.urls?.control)],
          [
            "  its OAuth client",
            `${credentials.emulatorClientId} / ${credentials.emulatorClientSecret} (development credentials)`,
          ],
          [
            "  run",
            `seed ${emulator.details?.seed}, run id ${emulator.details?.runId} (EMULATOR_SEED=${emulator.details?.seed} EMULATOR_RUN_ID=${emulator.details?.runId} replays it)`,
          ],
        ]),
    ["Logs (JSON)", `${logFile} (warnings and errors are shown here too)`],
  ].filter(([, value]) => value !== undefined);
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    "",
    "The routing platform is running. Ctrl-C stops it.",
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    "",
    `Every ${summarySeconds} s: events received | decisions (scores by outcome, assignment checks) | Genesys writes | 429s | budget use`,
    "",
  ].join("\n");
}
