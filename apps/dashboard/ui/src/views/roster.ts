import { api, errorText, isMissingRoute } from "../api.js";
import { h, notice, show, time } from "../dom.js";
import type { RosterMember, RosterOverview, RosterQueueDetail, RosterQueueSummary } from "../types.js";

/** "45 s", "12 min", "3 h 05 min": how long ago the roster was last confirmed by a complete read. */
function age(seconds: number | null): string {
  if (seconds === null) return "never confirmed";
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3_600)} h ${String(Math.floor((seconds % 3_600) / 60)).padStart(2, "0")} min`;
}

function staleBadge(queue: RosterQueueSummary): HTMLElement {
  return queue.stale
    ? h(
        "span",
        { class: "badge stale", title: "decisions on it are recorded as stale" },
        `stale: ${queue.staleReason}`,
      )
    : h("span", { class: "badge live" }, "live");
}

const headRow = (titles: readonly string[]) =>
  h("thead", {}, h("tr", {}, ...titles.map((title) => h("th", {}, title))));

/** #/roster: the followed queues as the workers see them (GET /api/roster). */
export async function rosterView(container: HTMLElement): Promise<void> {
  const title = h("h2", {}, "Live roster");
  show(container, title, h("p", { class: "muted" }, "Loading…"));
  try {
    const { queues, followedWithinMs } = await api<RosterOverview>("/api/roster");
    show(
      container,
      title,
      h(
        "p",
        { class: "muted" },
        `What the workers decide from: every queue an ingester followed in the last ${Math.round(followedWithinMs / 60_000)} minutes. A stale queue may be missing events; its decisions are recorded as stale until a complete read repairs it.`,
      ),
      queues.length === 0
        ? notice(
            "info",
            "No followed queues: no ingester runs with INGESTER_ROSTER=true, or none declared its queues in the last hour.",
          )
        : h(
            "table",
            { id: "roster-table" },
            headRow([
              "queue",
              "state",
              "confirmed",
              "joined",
              "routable",
              "version",
              "skills refreshed",
              "CSAT refreshed",
            ]),
            h(
              "tbody",
              {},
              ...queues.map((queue) =>
                h(
                  "tr",
                  { class: queue.stale ? "stale" : "", "data-queue-id": queue.queueId },
                  h(
                    "td",
                    {},
                    h("a", { href: `#/roster/${encodeURIComponent(queue.queueId)}` }, queue.queueId),
                  ),
                  h("td", {}, staleBadge(queue)),
                  h("td", {}, queue.ageSeconds === null ? "never" : `${age(queue.ageSeconds)} ago`),
                  h("td", {}, queue.membersJoined),
                  h("td", {}, queue.membersRoutable),
                  h("td", {}, queue.version),
                  h("td", {}, queue.skillsRefreshedAtMs === null ? "never" : time(queue.skillsRefreshedAtMs)),
                  h("td", {}, queue.csatRefreshedAtMs === null ? "never" : time(queue.csatRefreshedAtMs)),
                ),
              ),
            ),
          ),
    );
  } catch (error) {
    show(
      container,
      title,
      isMissingRoute(error)
        ? notice("info", "This dashboard does not serve the roster API yet (GET /api/roster).")
        : notice("error", errorText(error)),
    );
  }
}

function since(text: string, atMs: number | null | undefined): HTMLElement {
  return h(
    "span",
    {},
    text,
    atMs === null || atMs === undefined ? null : h("span", { class: "muted" }, ` since ${time(atMs)}`),
  );
}

function memberRow(member: RosterMember): HTMLElement {
  const skills = Object.entries(member.skills)
    .map(([skillId, proficiency]) => `${skillId}: ${proficiency}`)
    .join(", ");
  return h(
    "tr",
    { class: member.routable ? "" : "muted", "data-member-id": member.id },
    h("td", {}, member.name ?? "", h("div", { class: "muted" }, member.id)),
    h("td", {}, member.routable ? "yes" : "no"),
    h("td", {}, member.joined ? "joined" : "left"),
    h(
      "td",
      {},
      member.routingStatus === null
        ? "unknown"
        : since(member.routingStatus.status, member.routingStatus.startTimeMs),
    ),
    h(
      "td",
      {},
      member.presence === null
        ? "unknown"
        : since(member.presence.systemPresence, member.presence.modifiedAtMs),
    ),
    h("td", { class: "skills" }, skills === "" ? "none" : skills),
    h("td", {}, member.languages.join(", ")),
    h(
      "td",
      {},
      member.skillsReadAtMs === null ? "never" : time(member.skillsReadAtMs),
      member.skillsExpired ? h("span", { class: "badge stale" }, "expired") : null,
    ),
  );
}

/** #/roster/<queueId>: the queue's status and its members, routable first (GET /api/roster/queues/:queueId). */
export async function rosterQueueView(container: HTMLElement, queueId: string): Promise<void> {
  const path = `/api/roster/queues/${encodeURIComponent(queueId)}`;
  const title = h("h2", {}, `Roster of queue ${queueId}`);
  show(container, title, h("p", { class: "muted" }, "Loading…"));
  try {
    const queue = await api<RosterQueueDetail>(path);
    const body = h("tbody", {}, ...queue.members.map(memberRow));
    const more = h("p", {});
    const showMore = (cursor: string | null): void => {
      show(
        more,
        cursor === null
          ? null
          : h(
              "button",
              {
                id: "roster-more",
                onclick: () => {
                  void api<RosterQueueDetail>(`${path}?cursor=${encodeURIComponent(cursor)}`).then((page) => {
                    body.append(...page.members.map(memberRow));
                    showMore(page.nextCursor);
                  });
                },
              },
              "More members",
            ),
      );
    };
    showMore(queue.nextCursor);
    show(
      container,
      title,
      h("p", {}, h("a", { href: "#/roster" }, "← all queues")),
      h(
        "div",
        { class: "cards" },
        h(
          "div",
          { class: queue.stale ? "card warn" : "card" },
          h("h3", {}, "state"),
          h("strong", { id: "roster-state" }, queue.stale ? `stale: ${queue.staleReason}` : "live"),
        ),
        h(
          "div",
          { class: "card" },
          h("h3", {}, "confirmed"),
          h("strong", {}, queue.ageSeconds === null ? "never" : `${age(queue.ageSeconds)} ago`),
        ),
        h("div", { class: "card" }, h("h3", {}, "joined"), h("strong", {}, queue.membersJoined)),
        h("div", { class: "card" }, h("h3", {}, "routable"), h("strong", {}, queue.membersRoutable)),
      ),
      queue.followed
        ? null
        : notice(
            "info",
            "No ingester has followed this queue in the last hour: what is shown is what the roster last held.",
          ),
      h(
        "table",
        { id: "roster-members" },
        headRow([
          "member",
          "routable",
          "membership",
          "routing status",
          "presence",
          "skills (proficiency)",
          "languages",
          "skills read",
        ]),
        body,
      ),
      more,
    );
  } catch (error) {
    show(container, title, notice("error", errorText(error)));
  }
}
