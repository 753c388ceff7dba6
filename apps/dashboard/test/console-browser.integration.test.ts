import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDecisionLog, createShadowStore } from "@routing/decision-log";
import { createRosterStore, rosterKeyPrefix } from "@routing/roster";
import { createRunStore } from "@routing/skill-adjustment-runs";
import { redisTest } from "@routing/test-utils";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { CREDENTIALS, startTestDashboard } from "./dashboard-fixture.js";
import { SAMPLE_QUEUE, sampleDecision } from "./decision-samples.js";

// The console in a real headless Chromium (Debian's `chromium` package, driven by playwright-core): log in
// through the form, read a conversation's decisions from the decision log in Redis, the shadow comparison,
// run a simulation and see its charts drawn, approve a skill run, read the live roster and a queue's members.
// Screenshots go to test-artifacts/console/ (git ignores it).
const ARTIFACTS = fileURLToPath(new URL("../../../test-artifacts/console/", import.meta.url));
const UI_CONFIG = fileURLToPath(new URL("../ui/vite.config.ts", import.meta.url));

/** CHROMIUM_PATH, else `chromium` on the PATH (scripts/test-prerequisites.sh, run by npm test, installs Debian's package when it is missing). */
function findChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== "") return configured;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {}
  }
  throw new Error(
    "no Chromium: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH",
  );
}

let browser: Browser;
let consoleDirectory: string;

beforeAll(async () => {
  // The console built from the sources under test (not whatever ui/dist a previous build left).
  consoleDirectory = await mkdtemp(join(tmpdir(), "console-ui-"));
  await build({
    configFile: UI_CONFIG,
    logLevel: "silent",
    build: { outDir: consoleDirectory, emptyOutDir: true },
  });
  browser = await chromium.launch({ executablePath: findChromium(), args: ["--no-sandbox"] });
  await mkdir(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (consoleDirectory !== undefined) await rm(consoleDirectory, { recursive: true, force: true });
});

/** Whether a canvas has anything drawn on it (not every pixel transparent). */
function canvasHasInk(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (canvas) => {
    // Runs in the page; typed structurally, since the tests are compiled without the DOM library.
    const element = canvas as unknown as {
      width: number;
      height: number;
      getContext(
        kind: "2d",
      ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
    };
    if (element.width === 0 || element.height === 0) return false;
    const pixels = element.getContext("2d")?.getImageData(0, 0, element.width, element.height).data;
    if (pixels === undefined) return false;
    for (let alpha = 3; alpha < pixels.length; alpha += 4) if ((pixels[alpha] ?? 0) > 0) return true;
    return false;
  });
}

describe("the console in headless Chromium (real HTTP, real Redis)", () => {
  redisTest(
    "log in, read a conversation's decisions and the shadow comparison, run a simulation and see its charts, read the roster",
    async ({ redis }) => {
      expect(existsSync(join(consoleDirectory, "index.html"))).toBe(true);
      const dashboard = await startTestDashboard(redis, {
        consoleDirectory,
        grafanaUrl: "http://grafana.invalid:3001",
      });
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));
      // The pages' Content-Security-Policy must not block anything the console itself does.
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
      });
      try {
        const conversationId = randomUUID();
        const log = createDecisionLog(redis.connection, { prefix: redis.prefix });
        const record = await log.write(sampleDecision(conversationId, Date.now() - 5_000));
        const shadow = createShadowStore(redis.connection, { prefix: redis.prefix });
        for (const [index, agreed] of [true, true, false].entries()) {
          await shadow.record({
            comparisonId: `cmp-${index}`,
            queueId: SAMPLE_QUEUE,
            agreed,
            scoreGap: agreed ? 0 : 0.3,
          });
        }

        // Not logged in: / sends the browser to the form.
        await page.goto(`${dashboard.url}/#/overview`);
        await page.waitForURL(/\/login/);
        await page.screenshot({ path: join(ARTIFACTS, "1-login.png") });
        await page.fill("#username", CREDENTIALS.username);
        await page.fill("#password", "not-the-password");
        await page.click("button[type=submit]");
        await expect.poll(() => page.textContent("body")).toContain("Wrong username or password.");
        await page.fill("#username", CREDENTIALS.username);
        await page.fill("#password", CREDENTIALS.password);
        await page.click("button[type=submit]");
        await page.waitForSelector("#top nav a.active");
        const cookies = await context.cookies();
        expect(cookies.find((cookie) => cookie.name === "routing_session")).toMatchObject({
          httpOnly: true,
          sameSite: "Lax",
        });

        // The overview: cards and the decisions-per-minute chart from /api/overview.
        await page.waitForSelector(".cards .card");
        await page.waitForSelector("main canvas");
        await expect.poll(() => canvasHasInk(page, "main canvas")).toBe(true);
        expect(await page.getAttribute("a[href='http://grafana.invalid:3001']", "target")).toBe("_blank");
        await page.screenshot({ path: join(ARTIFACTS, "2-overview.png"), fullPage: true });

        // The decision explorer for the seeded conversation.
        await page.click("nav a[href='#/decisions']");
        await page.fill("input[name=conversationId]", conversationId);
        await page.click("form.inline button[type=submit]");
        const card = page.locator(`article.decision[data-decision-id='${record.decisionId}']`);
        await card.waitFor();
        expect(await card.textContent()).toContain(`conversation ${conversationId}`);
        expect(await card.locator("table.candidates tbody tr").count()).toBe(
          record.ranking?.candidates.length,
        );
        await page.screenshot({ path: join(ARTIFACTS, "3-decisions.png"), fullPage: true });

        // The shadow comparison: the seeded queue's agreement.
        await page.click("nav a[href='#/shadow']");
        await page.waitForSelector("#shadow-table tbody tr");
        const shadowRow = await page.textContent("#shadow-table tbody tr");
        expect(shadowRow).toContain(SAMPLE_QUEUE);
        expect(shadowRow).toContain("66.7 %");
        await expect.poll(() => canvasHasInk(page, "main canvas")).toBe(true);
        await page.screenshot({ path: join(ARTIFACTS, "4-shadow.png"), fullPage: true });

        // An API this dashboard does not serve (the kit's route-level 404) is a notice, not a broken page.
        await page.route("**/api/shadow", (route) =>
          route.fulfill({
            status: 404,
            json: { error: { code: "not-found", field: null, message: "no route GET /api/shadow" } },
          }),
        );
        await page.click("nav a[href='#/overview']");
        await page.click("nav a[href='#/shadow']");
        await expect
          .poll(() => page.textContent("main"))
          .toContain("does not serve the shadow comparison API yet");
        await page.unroute("**/api/shadow");

        // Run a simulation comparing every policy; its report draws the charts.
        await page.click("nav a[href='#/simulations']");
        await page.fill("input[name=count]", "2000");
        await page.fill("input[name=agents]", "12");
        await page.click("#simulation-form button[type=submit]");
        await page.waitForSelector("#simulation-report canvas", { timeout: 60_000 });
        const canvases = page.locator("#simulation-report canvas");
        expect(await canvases.count()).toBe(4);
        for (let index = 0; index < 4; index += 1) {
          await expect
            .poll(() => canvasHasInk(page, `#simulation-report section:nth-child(${index + 1}) canvas`))
            .toBe(true);
        }
        const table = await page.textContent("#simulation-report table");
        for (const policy of ["weighted", "longest-idle", "best-available-skills", "weighted + fairness"]) {
          expect(table).toContain(policy);
        }
        await page.screenshot({ path: join(ARTIFACTS, "5-simulation.png"), fullPage: true });

        // The run is in the list of past simulations.
        await page.click("nav a[href='#/simulations']");
        await page.waitForSelector("#simulation-list tbody tr");
        expect(await page.locator("#simulation-list tbody tr").count()).toBe(1);

        // A skill adjustment run waiting for approval: approved with a click, the worker's job queued.
        const runs = createRunStore(redis.connection, { prefix: redis.prefix });
        const runId = "run-00000000000000a1";
        await runs.create(
          {
            runId,
            mode: "approval",
            trigger: { kind: "schedule", by: "scheduler:skill-adjustment" },
            createdAtMs: Date.now() - 60_000,
            interval: { startMs: Date.now() - 7 * 86_400_000, endMs: Date.now() - 60_000 },
            changes: [
              {
                queueId: SAMPLE_QUEUE,
                userId: randomUUID(),
                skillId: randomUUID(),
                skillName: "Billing",
                from: 3,
                to: 4,
                target: 4,
                clamped: false,
                alert: false,
                reason: "handle time 20 % under the queue's",
                inputs: { conversations: 40, averageHandleTimeSeconds: 250, csat: 4.5, csatScale: 5 },
              },
            ],
          },
          "awaiting-approval",
        );
        await page.click("nav a[href='#/skill-runs']");
        await page.click(`#skill-runs-table a[href='#/skill-runs/${runId}']`);
        await page.waitForSelector("#approve-run");
        expect(await page.locator("#run-changes tbody tr").count()).toBe(1);
        await page.click("#approve-run");
        await page.locator("#run-status", { hasText: /^approved$/ }).waitFor({ timeout: 10_000 });
        expect((await runs.get(runId))?.decided).toMatchObject({
          by: CREDENTIALS.username,
          decision: "approved",
        });
        await page.screenshot({ path: join(ARTIFACTS, "6-skill-run.png"), fullPage: true });

        // The live roster: a seeded queue and one never seeded (stale), then the seeded queue's members.
        const roster = createRosterStore(redis.connection, { keyPrefix: rosterKeyPrefix(redis.prefix) });
        const [rosterQueue, unseededQueue] = [randomUUID(), randomUUID()];
        const [onQueue, away] = [randomUUID(), randomUUID()];
        const seededAt = Date.now() - 90_000;
        await roster.declareFollowed([rosterQueue, unseededQueue], Date.now());
        const seed = roster.beginConfirmation(rosterQueue, "seed", seededAt);
        await seed.applyPage([
          {
            userId: away,
            name: "Away Agent",
            routingStatus: { status: "IDLE", startTimeMs: seededAt - 60_000 },
            presence: { systemPresence: "Away", modifiedAtMs: seededAt - 30_000 },
            skills: {},
            languages: [],
            readAtMs: seededAt,
          },
          {
            userId: onQueue,
            name: "Routable Agent",
            routingStatus: { status: "IDLE", startTimeMs: seededAt - 60_000 },
            presence: { systemPresence: "On Queue", modifiedAtMs: seededAt - 30_000 },
            skills: { "billing-skill-id": 4 },
            languages: [],
            readAtMs: seededAt,
          },
        ]);
        await seed.finish();
        await page.click("nav a[href='#/roster']");
        await page.waitForSelector("#roster-table tbody tr");
        const seededRow = page.locator(`#roster-table tr[data-queue-id='${rosterQueue}']`);
        const unseededRow = page.locator(`#roster-table tr[data-queue-id='${unseededQueue}']`);
        expect(await seededRow.textContent()).toContain("live");
        expect(await seededRow.locator("td").nth(2).textContent()).toBe("1 min ago");
        // Never CSAT-refreshed: the last column says so (the seed does not read CSAT).
        expect(await page.locator("#roster-table thead th").last().textContent()).toBe("CSAT refreshed");
        expect(await seededRow.locator("td").last().textContent()).toBe("never");
        expect(await unseededRow.getAttribute("class")).toBe("stale");
        expect(await unseededRow.textContent()).toContain("stale: never-seeded");
        await page.screenshot({ path: join(ARTIFACTS, "7-roster.png"), fullPage: true });
        await seededRow.locator("a").click();
        await page.waitForSelector("#roster-members tbody tr");
        const memberRows = page.locator("#roster-members tbody tr");
        expect(await memberRows.count()).toBe(2);
        // Routable first, whatever the ids' order; the one Away after it, greyed.
        expect(await memberRows.nth(0).getAttribute("data-member-id")).toBe(onQueue);
        const first = await memberRows.nth(0).textContent();
        for (const text of ["Routable Agent", "IDLE", "On Queue", "billing-skill-id: 4"])
          expect(first).toContain(text);
        expect(await memberRows.nth(1).getAttribute("class")).toBe("muted");
        expect(await memberRows.nth(1).textContent()).toContain("Away");
        expect(await page.textContent("#roster-state")).toBe("live");
        await page.screenshot({ path: join(ARTIFACTS, "8-roster-queue.png"), fullPage: true });

        // Log out: the session cookie is gone and the console sends the browser to the form again.
        await page.click("#top form.logout button");
        await page.waitForURL(/\/login\?loggedOut=1/);
        expect((await context.cookies()).some((cookie) => cookie.name === "routing_session")).toBe(false);
        await page.goto(`${dashboard.url}/`);
        await page.waitForURL(/\/login$/);
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
        await dashboard.close();
      }
    },
    120_000,
  );
});
