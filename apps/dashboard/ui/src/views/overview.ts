import { api, errorText } from "../api.js";
import { COLOURS, chart, disposeCharts } from "../charts.js";
import { h, notice, percent, show } from "../dom.js";
import { OUTCOMES, type Overview } from "../types.js";

const REFRESH_MS = 5_000;

function card(title: string, value: string, detail: string, warn = false): HTMLElement {
  return h(
    "div",
    { class: warn ? "card warn" : "card" },
    h("h3", {}, title),
    h("strong", {}, value),
    h("span", {}, detail),
  );
}

function render(container: HTMLElement, overview: Overview): void {
  disposeCharts();
  const backlog = overview.queues.reduce((sum, queue) => sum + queue.backlog, 0);
  const lastMinute = OUTCOMES.reduce(
    (sum, outcome) => sum + (overview.decisions.outcomes[outcome].at(-2) ?? 0),
    0,
  );
  const budgetUse = Math.max(0, ...overview.budget.clients.map((client) => client.use));
  const limited = overview.rateLimited.queues.length + overview.rateLimited.budgets;
  const lag = overview.stream.maxLagSeconds;
  const { fromMs, bucketSeconds } = overview.decisions;
  const minutes = overview.decisions.outcomes.scored.map((_, index) =>
    new Date(fromMs + index * bucketSeconds * 1000).toLocaleTimeString([], {
      hour: "2-digit",
      minute: "2-digit",
    }),
  );
  show(
    container,
    h("h2", {}, "Live overview"),
    h(
      "p",
      { class: "muted" },
      `Read from Redis at ${new Date(overview.generatedAt).toLocaleTimeString()}; refreshed every 5 s.`,
    ),
    h(
      "div",
      { class: "cards" },
      card("Decisions, last full minute", String(lastMinute), "all outcomes"),
      card(
        "Backlog",
        String(backlog),
        "jobs ready to run",
        backlog > 0 && overview.queues.some((queue) => (queue.oldestWaitingAgeSeconds ?? 0) > 20),
      ),
      card(
        "Genesys budget",
        percent(budgetUse),
        `of ${overview.budget.limit} per ${overview.budget.windowMs / 1000} s`,
        budgetUse > 0.9,
      ),
      card(
        "429 pauses",
        String(limited),
        limited === 0
          ? "none in effect"
          : [...overview.rateLimited.queues, overview.rateLimited.budgets > 0 ? "budget" : ""]
              .filter(Boolean)
              .join(", "),
        limited > 0,
      ),
      card(
        "Stream lag",
        lag === null ? "n/a" : `${lag.toFixed(0)} s`,
        lag === null ? "no ingester watermark" : "oldest topic's delivery watermark",
        (lag ?? 0) > 120,
      ),
    ),
    h(
      "section",
      {},
      h("h3", {}, "Decisions per minute by outcome"),
      chart(
        {
          type: "bar",
          data: {
            labels: minutes,
            datasets: OUTCOMES.map((outcome, index) => ({
              label: outcome,
              data: overview.decisions.outcomes[outcome],
              backgroundColor: COLOURS[index] ?? "#888",
            })),
          },
          options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
        },
        "Decisions per minute by outcome",
      ),
    ),
    h(
      "section",
      {},
      h("h3", {}, "Queues"),
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...[
              "queue",
              "backlog",
              "active",
              "delayed",
              "failed",
              "oldest waiting",
              "workers",
              "paused",
              "429 pause",
            ].map((title) => h("th", {}, title)),
          ),
        ),
        h(
          "tbody",
          {},
          ...overview.queues.map((queue) =>
            h(
              "tr",
              {},
              h("td", {}, queue.queue),
              h("td", {}, queue.backlog),
              h("td", {}, queue.counts.active ?? 0),
              h("td", {}, queue.counts.delayed ?? 0),
              h("td", {}, queue.counts.failed ?? 0),
              h(
                "td",
                {},
                queue.oldestWaitingAgeSeconds === null
                  ? "-"
                  : `${queue.oldestWaitingAgeSeconds.toFixed(1)} s`,
              ),
              h("td", {}, queue.workers ?? "?"),
              h("td", {}, queue.paused ? "yes" : "no"),
              h("td", {}, queue.rateLimitTtlMs > 0 ? `${(queue.rateLimitTtlMs / 1000).toFixed(0)} s` : "-"),
            ),
          ),
        ),
      ),
    ),
    h(
      "section",
      {},
      h("h3", {}, "Genesys budget by lane (last window)"),
      overview.budget.clients.length === 0
        ? notice("info", "No Genesys calls within the window (an idle budget has nothing in Redis).")
        : chart(
            {
              type: "bar",
              data: {
                labels: Object.keys(overview.budget.clients[0]?.granted ?? {}),
                datasets: overview.budget.clients.map((client, index) => ({
                  label: `${client.client} (${percent(client.use)}${client.pausedMs > 0 ? ", paused" : ""})`,
                  data: Object.values(client.granted),
                  backgroundColor: COLOURS[index] ?? "#888",
                })),
              },
              options: { scales: { y: { beginAtZero: true } } },
            },
            "Genesys budget grants by lane",
            200,
          ),
    ),
    h(
      "section",
      {},
      h("h3", {}, "Notification stream health"),
      overview.stream.topics.length === 0
        ? notice("info", "No ingester has written a delivery watermark.")
        : h(
            "table",
            {},
            h(
              "thead",
              {},
              h("tr", {}, h("th", {}, "topic"), h("th", {}, "delivered until"), h("th", {}, "lag")),
            ),
            h(
              "tbody",
              {},
              ...overview.stream.topics.map((topic) =>
                h(
                  "tr",
                  {},
                  h("td", {}, topic.topic),
                  h("td", {}, new Date(topic.deliveredUntil).toLocaleTimeString()),
                  h("td", {}, `${topic.lagSeconds.toFixed(0)} s`),
                ),
              ),
            ),
          ),
    ),
  );
}

/** #/overview: polls GET /api/overview. */
export function overviewView(container: HTMLElement): () => void {
  let stopped = false;
  let timer: number | undefined;
  show(container, h("p", { class: "muted" }, "Loading the overview…"));
  const refresh = async () => {
    try {
      const overview = await api<Overview>("/api/overview");
      if (!stopped) render(container, overview);
    } catch (error) {
      if (!stopped)
        show(
          container,
          h("h2", {}, "Live overview"),
          notice("error", `Could not read the overview: ${errorText(error)}`),
        );
    }
    if (!stopped) timer = window.setTimeout(refresh, REFRESH_MS);
  };
  void refresh();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
