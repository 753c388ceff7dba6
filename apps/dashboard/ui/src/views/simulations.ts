import { ApiError, api, errorText } from "../api.js";
import { COLOURS, chart } from "../charts.js";
import { h, notice, percent, show } from "../dom.js";
import { lorenzPoints } from "../lorenz.js";
import type { ComparisonSummary, PolicySummary, Simulation } from "../types.js";

const POLL_MS = 500;
const POLICIES = ["weighted", "longest-idle", "best-available-skills"] as const;

function numberInput(name: string, value: number, min: number, max: number): HTMLInputElement {
  return h("input", { name, type: "number", value, min, max, step: 1, required: true });
}

function simulationForm(): HTMLElement {
  const mode = h(
    "select",
    { name: "mode" },
    h("option", { value: "compare" }, "compare every policy"),
    ...POLICIES.map((policy) => h("option", { value: policy }, policy)),
  );
  const count = numberInput("count", 5_000, 1, 200_000);
  const agents = numberInput("agents", 20, 1, 5_000);
  const seed = numberInput("seed", 1, 0, 2_147_483_647);
  const target = numberInput("targetSeconds", 20, 1, 3_600);
  const status = h("div", { class: "form-status" });
  const button = h("button", { type: "submit" }, "Run simulation");
  return h(
    "form",
    {
      class: "grid-form",
      id: "simulation-form",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        button.disabled = true;
        show(status);
        const generate = {
          count: Number(count.value),
          agents: Number(agents.value),
          seed: Number(seed.value),
        };
        const body = {
          ...(mode.value === "compare" ? { compare: true } : { policy: mode.value }),
          targetSeconds: Number(target.value),
          interactions: { generate },
        };
        try {
          const started = await api<{ id: string }>("/api/simulations", { method: "POST", body });
          window.location.hash = `#/simulations/${started.id}`;
        } catch (error) {
          const field = error instanceof ApiError && error.field !== null ? ` (${error.field})` : "";
          show(status, notice("error", `${errorText(error)}${field}`));
          button.disabled = false;
        }
      },
    },
    h("label", {}, "Policy ", mode),
    h("label", {}, "Interactions ", count),
    h("label", {}, "Agents ", agents),
    h("label", {}, "Seed ", seed),
    h("label", {}, "Answer target (s) ", target),
    button,
    status,
  );
}

async function pastSimulations(): Promise<HTMLElement> {
  try {
    const { simulations } = await api<{ simulations: Simulation[] }>("/api/simulations");
    if (simulations.length === 0)
      return notice("info", "No simulations yet (results are kept for DASHBOARD_SIMULATION_TTL_SECONDS).");
    return h(
      "table",
      { id: "simulation-list" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["started", "policies", "interactions", "agents", "status"].map((title) => h("th", {}, title)),
        ),
      ),
      h(
        "tbody",
        {},
        ...simulations.map((simulation) =>
          h(
            "tr",
            {},
            h(
              "td",
              {},
              h(
                "a",
                { href: `#/simulations/${simulation.id}` },
                new Date(simulation.createdAt).toLocaleString(),
              ),
            ),
            h("td", {}, simulation.compare ? "compare" : simulation.policies.join(", ")),
            h("td", {}, simulation.interactions),
            h("td", {}, simulation.agents),
            h(
              "td",
              {},
              simulation.status === "running"
                ? `running ${percent(simulation.progress, 0)}`
                : simulation.status,
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    return notice("error", `Could not list the simulations: ${errorText(error)}`);
  }
}

/** #/simulations: the form and the past runs. */
export async function simulationsView(container: HTMLElement): Promise<void> {
  const list = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  show(
    container,
    h("h2", {}, "Simulations"),
    h(
      "p",
      { class: "muted" },
      "Runs the routing simulator on a generated dataset, in the background on the dashboard.",
    ),
    simulationForm(),
    h("h3", {}, "Past simulations"),
    list,
  );
  show(list, await pastSimulations());
}

function runsOf(report: PolicySummary | ComparisonSummary): { label: string; summary: PolicySummary }[] {
  if ("policies" in report) {
    return [
      ...report.policies.map((summary) => ({ label: summary.policy, summary })),
      { label: "weighted + fairness", summary: report.fairnessTerm.report },
    ];
  }
  return [
    { label: report.fairnessTerm === null ? report.policy : `${report.policy} + fairness`, summary: report },
  ];
}

function reportView(simulation: Simulation, report: PolicySummary | ComparisonSummary): HTMLElement {
  const runs = runsOf(report);
  const colour = (index: number) => COLOURS[index % COLOURS.length] ?? "#888";
  const agents = runs[0]?.summary.perAgent.map((agent) => agent.id) ?? [];
  return h(
    "div",
    { class: "report", id: "simulation-report" },
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["policy", "service level", "ASA", "abandoned", "occupancy", "Gini (load)"].map((title) =>
            h("th", {}, title),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        ...runs.map(({ label, summary }) =>
          h(
            "tr",
            {},
            h("td", {}, label),
            h("td", {}, percent(summary.serviceLevel)),
            h("td", {}, `${summary.asaSeconds.toFixed(1)} s`),
            h("td", {}, percent(summary.abandonRate)),
            h("td", {}, percent(summary.occupancy)),
            h("td", {}, summary.fairness.gini.toFixed(4)),
          ),
        ),
      ),
    ),
    h(
      "div",
      { class: "chart-grid" },
      h(
        "section",
        {},
        h("h3", {}, `Service level (answered within ${simulation.targetSeconds} s) and abandonment`),
        chart(
          {
            type: "bar",
            data: {
              labels: ["service level", "abandonment", "occupancy"],
              datasets: runs.map(({ label, summary }, index) => ({
                label,
                data: [summary.serviceLevel * 100, summary.abandonRate * 100, summary.occupancy * 100],
                backgroundColor: colour(index),
              })),
            },
            options: { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: "%" } } } },
          },
          "Service level, abandonment and occupancy per policy",
        ),
      ),
      h(
        "section",
        {},
        h("h3", {}, "Average speed of answer"),
        chart(
          {
            type: "bar",
            data: {
              labels: runs.map(({ label }) => label),
              datasets: [
                {
                  label: "ASA (s)",
                  data: runs.map(({ summary }) => summary.asaSeconds),
                  backgroundColor: runs.map((_, index) => colour(index)),
                },
              ],
            },
            options: {
              plugins: { legend: { display: false } },
              scales: { y: { beginAtZero: true, title: { display: true, text: "seconds" } } },
            },
          },
          "Average speed of answer per policy",
        ),
      ),
      h(
        "section",
        {},
        h("h3", {}, "Load per agent (interactions handled)"),
        chart(
          {
            type: "bar",
            data: {
              labels: agents,
              datasets: runs.map(({ label, summary }, index) => ({
                label,
                data: summary.perAgent.map((agent) => agent.handled),
                backgroundColor: colour(index),
              })),
            },
            options: { scales: { y: { beginAtZero: true } } },
          },
          "Interactions handled per agent and policy",
        ),
      ),
      h(
        "section",
        {},
        h("h3", {}, "Lorenz curve of the load (Gini)"),
        chart(
          {
            type: "line",
            data: {
              datasets: [
                ...runs.map(({ label, summary }, index) => ({
                  label: `${label} (Gini ${summary.fairness.gini.toFixed(3)})`,
                  data: lorenzPoints(summary.perAgent.map((agent) => agent.handled)),
                  borderColor: colour(index),
                  backgroundColor: colour(index),
                  pointRadius: 0,
                })),
                {
                  label: "equality",
                  data: [
                    { x: 0, y: 0 },
                    { x: 1, y: 1 },
                  ],
                  borderColor: "#999",
                  borderDash: [4, 4],
                  pointRadius: 0,
                },
              ],
            },
            options: {
              scales: {
                x: {
                  type: "linear",
                  min: 0,
                  max: 1,
                  title: { display: true, text: "share of agents (least loaded first)" },
                },
                y: { min: 0, max: 1, title: { display: true, text: "share of interactions" } },
              },
            },
          },
          "Lorenz curve of interactions per agent, with the Gini coefficient",
          320,
        ),
      ),
    ),
  );
}

/** #/simulations/<id>: progress, then the report with its charts. */
export function simulationView(container: HTMLElement, id: string): () => void {
  let stopped = false;
  let timer: number | undefined;
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  show(
    container,
    h("h2", {}, "Simulation"),
    h("p", {}, h("a", { href: "#/simulations" }, "← all simulations")),
    body,
  );
  const poll = async () => {
    try {
      const simulation = await api<Simulation>(`/api/simulations/${encodeURIComponent(id)}`);
      if (stopped) return;
      const summary = h(
        "p",
        { class: "muted" },
        `${simulation.compare ? "Every policy" : simulation.policies.join(", ")} · ${simulation.interactions} interactions · ${simulation.agents} agents · started ${new Date(simulation.createdAt).toLocaleString()}`,
      );
      if (simulation.status === "running") {
        show(
          body,
          summary,
          h("progress", { max: 1, value: simulation.progress }),
          h("span", {}, ` ${percent(simulation.progress, 0)}`),
        );
        timer = window.setTimeout(poll, POLL_MS);
      } else if (simulation.status === "failed" || simulation.report === undefined) {
        show(
          body,
          summary,
          notice("error", `The simulation failed: ${simulation.error?.message ?? "no report"}`),
        );
      } else {
        show(body, summary, reportView(simulation, simulation.report));
      }
    } catch (error) {
      if (!stopped) show(body, notice("error", errorText(error)));
    }
  };
  void poll();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
