import { api, errorText, isMissingRoute } from "../api.js";
import { h, notice, show, time } from "../dom.js";

/** What the console shows of `GET /api/skill-adjustments/runs[/:runId]` (the dashboard's README has all). */
interface RunSummary {
  readonly runId: string;
  readonly mode: string;
  readonly status: string;
  readonly trigger: { readonly kind: string; readonly by: string };
  readonly createdAtMs: number;
  readonly changeCount: number;
}
interface RunChange {
  readonly userId: string;
  readonly skillId: string;
  readonly skillName: string | null;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}
interface AuditEntry {
  readonly atMs: number;
  readonly action: string;
  readonly actor: string;
  readonly userId?: string;
  readonly before?: number | null;
  readonly after?: number;
  readonly note?: string;
}
interface RunDetail extends Omit<RunSummary, "changeCount"> {
  readonly changes: readonly RunChange[];
  readonly audit: readonly AuditEntry[];
}

const table = (id: string, titles: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  h(
    "table",
    { id },
    h("thead", {}, h("tr", {}, ...titles.map((title) => h("th", {}, title)))),
    h("tbody", {}, ...rows.map((row) => h("tr", {}, ...row.map((cell) => h("td", {}, cell))))),
  );

/** #/skill-runs: scheduled skill adjustment runs, newest first; a run awaiting approval waits for a click. */
export async function skillRunsView(container: HTMLElement): Promise<void> {
  show(container, h("h2", {}, "Skill adjustment runs"), h("p", { class: "muted" }, "Loading…"));
  try {
    const { runs } = await api<{ runs: RunSummary[] }>("/api/skill-adjustments/runs");
    show(
      container,
      h("h2", {}, "Skill adjustment runs"),
      runs.length === 0
        ? notice("info", "No runs yet: the worker's schedule (WORKER_SKILL_ADJUSTMENT_MODE) makes them.")
        : h(
            "table",
            { id: "skill-runs-table" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ...["run", "status", "mode", "created", "trigger", "changes"].map((t) => h("th", {}, t)),
              ),
            ),
            h(
              "tbody",
              {},
              ...runs.map((run) =>
                h(
                  "tr",
                  {},
                  h("td", {}, h("a", { href: `#/skill-runs/${encodeURIComponent(run.runId)}` }, run.runId)),
                  h("td", {}, run.status),
                  h("td", {}, run.mode),
                  h("td", {}, time(run.createdAtMs)),
                  h("td", {}, `${run.trigger.kind}: ${run.trigger.by}`),
                  h("td", {}, run.changeCount),
                ),
              ),
            ),
          ),
    );
  } catch (error) {
    show(
      container,
      h("h2", {}, "Skill adjustment runs"),
      isMissingRoute(error)
        ? notice("info", "This dashboard does not serve the skill adjustment runs API.")
        : notice("error", errorText(error)),
    );
  }
}

/** #/skill-runs/<runId>: the proposed changes, the audit trail, and the action the run's state allows. */
export async function skillRunView(container: HTMLElement, runId: string, username: string | undefined) {
  const path = `/api/skill-adjustments/runs/${encodeURIComponent(runId)}`;
  const title = h("h2", {}, `Skill adjustment run ${runId}`);
  const status = h("p", { role: "status" });
  const act = async (action: "approve" | "reject" | "rollback") => {
    status.textContent = `${action}…`;
    try {
      const answer = await api<{ status: string }>(`${path}/${action}`, {
        method: "POST",
        body: username === undefined ? {} : { by: username },
      });
      status.textContent = `${action}: the run is now ${answer.status}`;
      await skillRunView(container, runId, username);
    } catch (error) {
      status.textContent = errorText(error);
    }
  };
  try {
    const run = await api<RunDetail>(path);
    const actions =
      run.status === "awaiting-approval"
        ? [
            h("button", { id: "approve-run", onclick: () => void act("approve") }, "Approve and write"),
            h("button", { id: "reject-run", onclick: () => void act("reject") }, "Reject"),
          ]
        : run.status === "applied"
          ? [
              h(
                "button",
                { id: "rollback-run", onclick: () => void act("rollback") },
                "Roll back the whole run",
              ),
            ]
          : [];
    show(
      container,
      title,
      h("p", {}, `Status: `, h("strong", { id: "run-status" }, run.status), ` (${run.mode} mode)`),
      h("div", { class: "actions" }, ...actions),
      status,
      h("h3", {}, "Changes"),
      table(
        "run-changes",
        ["agent", "skill", "from", "to", "reason"],
        run.changes.map((change) => [
          change.userId,
          change.skillName ?? change.skillId,
          change.from,
          change.to,
          change.reason,
        ]),
      ),
      h("h3", {}, "Audit trail"),
      table(
        "run-audit",
        ["when", "action", "by", "agent", "before", "after", "note"],
        run.audit.map((entry) => [
          time(entry.atMs),
          entry.action,
          entry.actor,
          entry.userId ?? "",
          entry.before ?? "",
          entry.after ?? "",
          entry.note ?? "",
        ]),
      ),
    );
  } catch (error) {
    show(container, title, notice("error", errorText(error)));
  }
}
