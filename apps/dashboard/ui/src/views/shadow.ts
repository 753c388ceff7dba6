import { api, errorText, isMissingRoute } from "../api.js";
import { COLOURS, chart } from "../charts.js";
import { h, notice, percent, show } from "../dom.js";
import type { ShadowQueue } from "../types.js";

/** #/shadow: shadow mode's agreement with the live decisions, per queue (GET /api/shadow). */
export async function shadowView(container: HTMLElement): Promise<void> {
  show(container, h("h2", {}, "Shadow comparison"), h("p", { class: "muted" }, "Loading…"));
  try {
    const { queues } = await api<{ queues: ShadowQueue[] }>("/api/shadow");
    if (queues.length === 0) {
      show(
        container,
        h("h2", {}, "Shadow comparison"),
        notice("info", "No shadow decisions to compare yet."),
      );
      return;
    }
    show(
      container,
      h("h2", {}, "Shadow comparison"),
      h(
        "p",
        { class: "muted" },
        "Queues in shadow mode: how often Genesys offered the agent our decision ranked first, and the mean score gap between them.",
      ),
      chart(
        {
          type: "bar",
          data: {
            labels: queues.map((queue) => queue.queueId),
            datasets: [
              {
                label: "agreement rate",
                data: queues.map((queue) => queue.agreementRate ?? 0),
                backgroundColor: COLOURS[0] ?? "#888",
              },
              {
                label: "mean score gap",
                data: queues.map((queue) => queue.meanScoreGap ?? 0),
                backgroundColor: COLOURS[1] ?? "#888",
              },
            ],
          },
          options: { scales: { y: { beginAtZero: true, max: 1 } } },
        },
        "Shadow agreement per queue",
      ),
      h(
        "table",
        { id: "shadow-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["queue", "compared", "agreed", "agreement", "mean score gap"].map((title) =>
              h("th", {}, title),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          ...queues.map((queue) =>
            h(
              "tr",
              {},
              h("td", {}, queue.queueId),
              h("td", {}, queue.compared),
              h("td", {}, queue.agreed),
              h("td", {}, queue.agreementRate === null ? "-" : percent(queue.agreementRate)),
              h("td", {}, queue.meanScoreGap === null ? "-" : queue.meanScoreGap.toFixed(3)),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    show(
      container,
      h("h2", {}, "Shadow comparison"),
      isMissingRoute(error)
        ? notice("info", "This dashboard does not serve the shadow comparison API yet (GET /api/shadow).")
        : notice("error", errorText(error)),
    );
  }
}
