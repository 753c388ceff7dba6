import "./style.css";
import { api } from "./api.js";
import { disposeCharts } from "./charts.js";
import { h, show } from "./dom.js";
import type { ConsoleConfig } from "./types.js";
import { decisionsView } from "./views/decisions.js";
import { overviewView } from "./views/overview.js";
import { rosterQueueView, rosterView } from "./views/roster.js";
import { shadowView } from "./views/shadow.js";
import { simulationsView, simulationView } from "./views/simulations.js";
import { skillRunsView, skillRunView } from "./views/skill-runs.js";

// One page; the views are hash routes (#/overview, #/decisions/<conversationId>, #/simulations/<id>), so the
// dashboard serves a single document at / and nothing else needs a server route.
const top = document.getElementById("top") as HTMLElement;
const view = document.getElementById("view") as HTMLElement;
let cleanup: (() => void) | undefined;

const SECTIONS = [
  ["overview", "Overview"],
  ["decisions", "Decisions"],
  ["roster", "Roster"],
  ["shadow", "Shadow"],
  ["simulations", "Simulations"],
  ["skill-runs", "Skill runs"],
] as const;

function header(config: ConsoleConfig | undefined): void {
  const section = window.location.hash.replace(/^#\/?/, "").split("/")[0] || "overview";
  show(
    top,
    h("span", { class: "brand" }, "Routing console"),
    h(
      "nav",
      {},
      ...SECTIONS.map(([route, label]) =>
        h("a", { href: `#/${route}`, class: route === section ? "active" : "" }, label),
      ),
      h(
        "a",
        { href: config?.links.bullBoard ?? "/admin/queues", target: "_blank", rel: "noopener" },
        "Bull Board ↗",
      ),
      config?.links.grafana
        ? h("a", { href: config.links.grafana, target: "_blank", rel: "noopener noreferrer" }, "Grafana ↗")
        : null,
    ),
    h(
      "form",
      { method: "post", action: "/logout", class: "logout" },
      h("span", { class: "muted" }, config?.username ?? ""),
      h("button", { type: "submit" }, "Log out"),
    ),
  );
}

let config: ConsoleConfig | undefined;

function route(): void {
  cleanup?.();
  cleanup = undefined;
  disposeCharts();
  header(config);
  const [section = "overview", ...rest] = window.location.hash.replace(/^#\/?/, "").split("/");
  const argument = rest.length === 0 ? undefined : decodeURIComponent(rest.join("/"));
  switch (section) {
    case "decisions":
      decisionsView(view, argument);
      break;
    case "roster":
      if (argument === undefined) void rosterView(view);
      else void rosterQueueView(view, argument);
      break;
    case "shadow":
      void shadowView(view);
      break;
    case "simulations":
      if (argument === undefined) void simulationsView(view);
      else cleanup = simulationView(view, argument);
      break;
    case "skill-runs":
      if (argument === undefined) void skillRunsView(view);
      else void skillRunView(view, argument, config?.username);
      break;
    default:
      cleanup = overviewView(view);
  }
}

window.addEventListener("hashchange", route);
route();
void api<ConsoleConfig>("/api/console").then((answer) => {
  config = answer;
  header(config);
});
