import { api, errorText, isMissingRoute } from "../api.js";
import { h, notice, show, time } from "../dom.js";
import { type DecisionRecord, OUTCOMES } from "../types.js";

const NOT_SERVED =
  "This dashboard does not serve the decision log API yet (GET /api/conversations/:id/decisions, GET /api/decisions).";

function candidatesTable(record: DecisionRecord): HTMLElement | null {
  const candidates = record.ranking?.candidates ?? [];
  if (candidates.length === 0) return null;
  return h(
    "table",
    { class: "candidates" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...[
          "rank",
          "agent",
          "score",
          "proficiency",
          "language",
          "csat",
          "fairness",
          "status",
          "left out because",
        ].map((title) => h("th", {}, title)),
      ),
    ),
    h(
      "tbody",
      {},
      ...candidates.map((candidate) =>
        h(
          "tr",
          { class: candidate.eligible ? "" : "muted" },
          h("td", {}, candidate.rank ?? "-"),
          h("td", {}, candidate.agentId),
          h("td", {}, candidate.score.toFixed(3)),
          h("td", {}, candidate.components.proficiency.toFixed(2)),
          h("td", {}, candidate.components.languageMatch),
          h(
            "td",
            {},
            `${candidate.components.csat.toFixed(2)}${candidate.components.csatFallback ? " (fallback)" : ""}`,
          ),
          h("td", {}, candidate.fairness === null ? "-" : candidate.fairness.term.toFixed(3)),
          h("td", {}, candidate.routingStatus ?? "-"),
          h("td", {}, candidate.ineligibleReason ?? ""),
        ),
      ),
    ),
  );
}

function decisionCard(record: DecisionRecord): HTMLElement {
  const { action } = record;
  const outcome =
    action.outcome === "shadow" && action.shadowOf !== null ? `shadow (${action.shadowOf})` : action.outcome;
  return h(
    "article",
    { class: "decision", "data-decision-id": record.decisionId },
    h(
      "header",
      {},
      h("span", { class: `badge outcome-${action.outcome}` }, outcome),
      h("strong", {}, time(record.timings.decidedAtMs)),
      h("span", {}, `conversation ${record.conversationId}`),
      h("span", {}, `queue ${record.queueId}`),
      h("span", {}, `${record.event.jobName} #${record.event.attempt}`),
      h(
        "span",
        { class: "muted" },
        `${record.timings.decidedAtMs - record.timings.observedAtMs} ms after the event`,
      ),
    ),
    record.ranking === null
      ? null
      : h(
          "p",
          {},
          `Weights: proficiency ${record.ranking.weights.proficiency}, language ${record.ranking.weights.languageMatch}, csat ${record.ranking.weights.csat}`,
          record.ranking.sla === null
            ? ""
            : ` (SLA rule ${record.ranking.sla.rule ?? "none"} at ${record.ranking.sla.serviceLevelPercent} %)`,
          ` · ${record.ranking.counts.eligible} eligible of ${record.ranking.counts.candidates}, ${record.ranking.counts.ranked} ranked`,
        ),
    record.assignment === null
      ? null
      : h(
          "p",
          {},
          `Assignment check: agent ${record.assignment.agentId} ${record.assignment.outcome} (score ${record.assignment.score.toFixed(2)} vs threshold ${record.assignment.threshold} from ${record.assignment.thresholdSource})`,
        ),
    candidatesTable(record),
    action.requestScoredAgents.length === 0
      ? null
      : h(
          "p",
          {},
          "Sent to Genesys: ",
          action.requestScoredAgents.map((agent) => `${agent.id} ${agent.score}`).join(", "),
        ),
    record.genesysCalls.length === 0
      ? null
      : h(
          "ul",
          { class: "calls" },
          ...record.genesysCalls.map((call) =>
            h("li", {}, `${call.method} ${call.pathTemplate} → ${call.status} in ${call.durationMs} ms`),
          ),
        ),
    h("details", {}, h("summary", {}, "Record (JSON)"), h("pre", {}, JSON.stringify(record, null, 2))),
  );
}

function conversationForm(initial: string): HTMLElement {
  const input = h("input", {
    name: "conversationId",
    placeholder: "conversation id",
    value: initial,
    required: true,
    size: 40,
  });
  return h(
    "form",
    {
      class: "inline",
      onsubmit: (event: Event) => {
        event.preventDefault();
        window.location.hash = `#/decisions/${encodeURIComponent(input.value.trim())}`;
      },
    },
    h("label", {}, "Conversation ", input),
    h("button", { type: "submit" }, "Show decisions"),
  );
}

function searchForm(onSearch: (query: URLSearchParams) => void): HTMLElement {
  const queueId = h("input", { name: "queueId", placeholder: "queue id (optional)", size: 36 });
  const outcome = h(
    "select",
    { name: "outcome" },
    h("option", { value: "" }, "any outcome"),
    ...OUTCOMES.map((value) => h("option", { value }, value)),
  );
  const from = h("input", { name: "from", type: "datetime-local" });
  const to = h("input", { name: "to", type: "datetime-local" });
  return h(
    "form",
    {
      class: "inline",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const query = new URLSearchParams();
        if (queueId.value.trim() !== "") query.set("queueId", queueId.value.trim());
        if (outcome.value !== "") query.set("outcome", outcome.value);
        if (from.value !== "") query.set("from", new Date(from.value).toISOString());
        if (to.value !== "") query.set("to", new Date(to.value).toISOString());
        onSearch(query);
      },
    },
    queueId,
    outcome,
    h("label", {}, "from ", from),
    h("label", {}, "to ", to),
    h("button", { type: "submit" }, "Search"),
  );
}

async function showConversation(results: HTMLElement, conversationId: string): Promise<void> {
  show(results, h("p", { class: "muted" }, "Loading…"));
  try {
    const answer = await api<{ conversationId: string; decisions: DecisionRecord[] }>(
      `/api/conversations/${encodeURIComponent(conversationId)}/decisions`,
    );
    show(
      results,
      answer.decisions.length === 0
        ? notice("info", `No decisions recorded for conversation ${conversationId} (or they expired).`)
        : h("div", { class: "decisions" }, ...answer.decisions.map(decisionCard)),
    );
  } catch (error) {
    if (isMissingRoute(error)) show(results, notice("info", NOT_SERVED));
    else if (error instanceof Error && "status" in error && error.status === 404) {
      show(
        results,
        notice("info", `No decisions recorded for conversation ${conversationId} (or they expired).`),
      );
    } else show(results, notice("error", errorText(error)));
  }
}

async function search(results: HTMLElement, query: URLSearchParams, append = false): Promise<void> {
  if (!append) show(results, h("p", { class: "muted" }, "Searching…"));
  try {
    const page = await api<{ decisions: DecisionRecord[]; nextCursor: string | null }>(
      `/api/decisions?${query}`,
    );
    const list = append
      ? (results.querySelector(".decisions") ?? h("div", { class: "decisions" }))
      : h("div", { class: "decisions" });
    results.querySelector(".more")?.remove();
    list.append(...page.decisions.map(decisionCard));
    if (!append) show(results, page.decisions.length === 0 ? notice("info", "No decisions match.") : list);
    if (page.nextCursor !== null) {
      const next = new URLSearchParams(query);
      next.set("cursor", page.nextCursor);
      results.append(h("button", { class: "more", onclick: () => void search(results, next, true) }, "More"));
    }
  } catch (error) {
    show(results, isMissingRoute(error) ? notice("info", NOT_SERVED) : notice("error", errorText(error)));
  }
}

/** #/decisions and #/decisions/<conversationId>: the decision log explorer. */
export function decisionsView(container: HTMLElement, conversationId: string | undefined): void {
  const results = h("div", { id: "decision-results" });
  show(
    container,
    h("h2", {}, "Decision explorer"),
    h("section", {}, h("h3", {}, "One conversation"), conversationForm(conversationId ?? "")),
    h(
      "section",
      {},
      h("h3", {}, "Search by queue, time and outcome"),
      searchForm((query) => void search(results, query)),
    ),
    results,
  );
  if (conversationId !== undefined && conversationId !== "") void showConversation(results, conversationId);
}
