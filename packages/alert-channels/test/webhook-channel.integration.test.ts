/**
 * The webhook alert channel against a real HTTP receiver on this machine: what arrives, that the signature
 * holds over the exact bytes, and how failures are retried or given up.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Alert,
  AlertChannelOptionsError,
  AlertDeliveryError,
  createWebhookAlertChannel,
  verifyWebhookSignature,
} from "../src/index.js";

const SECRET = "alert-webhook-test-secret-0123456789abcdef";

interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
}

type Reply = { status: number; headers?: Record<string, string> } | "hang";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A receiver that answers each request with the next reply (200 once the script runs out). */
async function receiver(replies: Reply[] = []): Promise<{ url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      deliveries.push({ headers: request.headers, raw: Buffer.concat(chunks) });
      const reply = replies.shift() ?? { status: 200 };
      if (reply === "hang") return;
      response.writeHead(reply.status, reply.headers ?? {});
      response.end("ok");
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // A path with a token in it, like Slack's and Teams' URLs.
  return { url: `http://127.0.0.1:${port}/services/T000/B000/token-in-the-path`, deliveries };
}

const ALERT: Alert = {
  id: "job-42:queue-1:user-7:skill-3",
  kind: "skill-adjustment",
  severity: "warning",
  title: "Automatic skill adjustment needs a look",
  text: "Jo Smith (user-7), skill Billing (skill-3), lowered from 4.50 toward 2.00.",
  occurredAtMs: Date.UTC(2026, 0, 5, 9, 30),
  details: { userId: "user-7", from: 4.5, to: 4, target: 2 },
};

describe("webhook alert channel", () => {
  it("posts a Slack/Teams-compatible JSON body signed with X-Signature-256 over the exact bytes", async () => {
    const { url, deliveries } = await receiver();
    const channel = createWebhookAlertChannel({ url, secret: SECRET });

    const delivery = await channel.send(ALERT);

    expect(delivery).toEqual({ status: 200, attempts: 1 });
    expect(deliveries).toHaveLength(1);
    const [received] = deliveries as [Delivery];
    expect(received.headers["content-type"]).toBe("application/json");
    expect(received.headers["x-alert-id"]).toBe(ALERT.id);
    const signature = received.headers["x-signature-256"] as string;
    // What any receiver would compute, independently of our helper...
    expect(signature).toBe(`sha256=${createHmac("sha256", SECRET).update(received.raw).digest("hex")}`);
    // ...and our helper agrees; a changed byte or another key does not verify.
    expect(verifyWebhookSignature(SECRET, received.raw, signature)).toBe(true);
    const tampered = Buffer.from(received.raw.toString("utf8").replace("4.50", "4.40"));
    expect(verifyWebhookSignature(SECRET, tampered, signature)).toBe(false);
    expect(verifyWebhookSignature(`${SECRET}x`, received.raw, signature)).toBe(false);
    const body = JSON.parse(received.raw.toString("utf8"));
    // Slack and Teams incoming webhooks show `text`; generic receivers read `alert`.
    expect(body.text).toBe(`${ALERT.title}\n${ALERT.text}`);
    expect(body.alert).toEqual({
      id: ALERT.id,
      kind: "skill-adjustment",
      severity: "warning",
      title: ALERT.title,
      text: ALERT.text,
      occurredAt: "2026-01-05T09:30:00.000Z",
      details: { userId: "user-7", from: 4.5, to: 4, target: 2 },
    });
    expect(received.raw.toString("utf8")).not.toContain(SECRET);
  });

  it("retries 5xx and 429 with the same bytes and id, then succeeds", async () => {
    const { url, deliveries } = await receiver([
      { status: 503 },
      { status: 429, headers: { "retry-after": "0" } },
      { status: 204 },
    ]);
    const channel = createWebhookAlertChannel({ url, secret: SECRET, retryBaseDelayMs: 10 });

    expect(await channel.send(ALERT)).toEqual({ status: 204, attempts: 3 });
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((entry) => entry.raw.toString("hex"))).size).toBe(1);
    expect(new Set(deliveries.map((entry) => entry.headers["x-alert-id"])).size).toBe(1);
  });

  it("a 4xx is permanent: one attempt, and the error names neither the secret nor the URL's token", async () => {
    const { url, deliveries } = await receiver([{ status: 404 }]);
    const channel = createWebhookAlertChannel({ url, secret: SECRET, retryBaseDelayMs: 10 });

    const error = await channel.send(ALERT).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AlertDeliveryError);
    expect(error).toMatchObject({ permanent: true, details: { attempts: 1, status: 404 } });
    expect(deliveries).toHaveLength(1);
    const described = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ""}`;
    expect(described).not.toContain(SECRET);
    expect(described).not.toContain("token-in-the-path");
    expect(channel.description).not.toContain("token-in-the-path");
  });

  it("gives up after the bounded attempts when the receiver never answers (timeout) or is not there", async () => {
    const { url, deliveries } = await receiver(["hang", "hang"]);
    const hanging = createWebhookAlertChannel({
      url,
      secret: SECRET,
      timeoutMs: 200,
      attempts: 2,
      retryBaseDelayMs: 10,
    });
    const timedOut = await hanging.send(ALERT).catch((caught: unknown) => caught);
    expect(timedOut).toMatchObject({
      name: "AlertDeliveryError",
      permanent: false,
      details: { attempts: 2 },
    });
    expect((timedOut as Error).message).toContain("no answer within 200 ms");
    expect(deliveries).toHaveLength(2);

    const nobody = createWebhookAlertChannel({
      url: "http://127.0.0.1:9/hook",
      secret: SECRET,
      attempts: 2,
      retryBaseDelayMs: 10,
    });
    await expect(nobody.send(ALERT)).rejects.toMatchObject({ permanent: false, details: { attempts: 2 } });
  });

  it("refuses bad options, naming the option and never echoing the secret", () => {
    expect(() => createWebhookAlertChannel({ url: "ftp://x", secret: SECRET })).toThrow(
      AlertChannelOptionsError,
    );
    expect(() => createWebhookAlertChannel({ url: "not a url", secret: SECRET })).toThrow(/^url /);
    const short = "too-short-secret";
    const error = (() => {
      try {
        createWebhookAlertChannel({ url: "https://example.com/hook", secret: short });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/^secret must be at least 32 characters/);
    expect(error?.message).not.toContain(short);
    expect(() =>
      createWebhookAlertChannel({ url: "https://example.com/hook", secret: SECRET, attempts: 0 }),
    ).toThrow(/^attempts /);
  });
});
