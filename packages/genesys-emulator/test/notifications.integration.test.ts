import { describe, expect, it } from "vitest";
import type { ErrorBody } from "./genesys-shapes.js";
import { api, connect, getToken, openChannel, useEmulators } from "./helpers.js";

const start = useEmulators();

interface Channel {
  id: string;
  connectUri: string;
  expires: string;
}

interface TopicListing {
  entities: Array<{ id: string; state?: string }>;
}

const queueTopic = (id: string) => `v2.routing.queues.${id}.conversations`;
/** UUID-shaped ids for topics that need not exist. */
const fakeId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

describe("notification channels", () => {
  it("creates a channel with a ws connectUri on the same server and an expiry", async () => {
    const emulator = await start({ notifications: { channelTtlMs: 60_000 } });
    const token = await getToken(emulator);
    const created = await api<Channel>(emulator, token, "POST", "/api/v2/notifications/channels");
    expect(created.status).toBe(200);
    expect(created.body.connectUri).toBe(`ws://127.0.0.1:${emulator.port}/channels/${created.body.id}`);
    const expiresIn = Date.parse(created.body.expires) - Date.now();
    expect(expiresIn).toBeGreaterThan(50_000);
    expect(expiresIn).toBeLessThanOrEqual(60_000);
    const listed = await api<{ entities: Channel[] }>(
      emulator,
      token,
      "GET",
      "/api/v2/notifications/channels",
    );
    expect(listed.body.entities.map((channel) => channel.id)).toEqual([created.body.id]);
  });

  it("replaces, adds, lists and clears subscriptions", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const { body: channel } = await api<Channel>(emulator, token, "POST", "/api/v2/notifications/channels");
    const path = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
    const put = await api<TopicListing>(emulator, token, "PUT", path, [{ id: queueTopic(fakeId(1)) }]);
    expect(put.status).toBe(200);
    await api(emulator, token, "POST", path, [{ id: `v2.users.${fakeId(2)}.activity` }]);
    const listed = await api<TopicListing>(emulator, token, "GET", path);
    expect(listed.body.entities.map((topic) => topic.id)).toEqual([
      queueTopic(fakeId(1)),
      `v2.users.${fakeId(2)}.activity`,
    ]);
    await api(emulator, token, "PUT", path, [{ id: queueTopic(fakeId(3)) }]);
    expect((await api<TopicListing>(emulator, token, "GET", path)).body.entities.map((t) => t.id)).toEqual([
      queueTopic(fakeId(3)),
    ]);
    expect((await api(emulator, token, "DELETE", path)).status).toBe(204);
    expect((await api<TopicListing>(emulator, token, "GET", path)).body.entities).toEqual([]);
  });

  it("accepts 1,000 topics and rejects the 1,001st with the Genesys code", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const { body: channel } = await api<Channel>(emulator, token, "POST", "/api/v2/notifications/channels");
    const path = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
    const thousand = Array.from({ length: 1000 }, (_, index) => ({ id: queueTopic(fakeId(index)) }));
    expect((await api(emulator, token, "PUT", path, thousand)).status).toBe(200);
    const tooMany = await api<ErrorBody>(emulator, token, "POST", path, [{ id: queueTopic(fakeId(5000)) }]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe("notification.subscription.too.many.subscriptions");
    const replaceTooMany = await api<ErrorBody>(emulator, token, "PUT", path, [
      ...thousand,
      { id: queueTopic(fakeId(5001)) },
    ]);
    expect(replaceTooMany.status).toBe(400);
    expect(replaceTooMany.body.code).toBe("notification.subscription.too.many.subscriptions");
    expect((await api<TopicListing>(emulator, token, "GET", path)).body.entities).toHaveLength(1000);
  });

  it("rejects an invalid topic, or skips it with ignoreErrors=true", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const { body: channel } = await api<Channel>(emulator, token, "POST", "/api/v2/notifications/channels");
    const path = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
    const topics = [{ id: queueTopic(fakeId(1)) }, { id: "v2.routing.queues.Sales.conversations" }];
    const rejected = await api<ErrorBody>(emulator, token, "PUT", path, topics);
    expect(rejected.status).toBe(400);
    expect(rejected.body.code).toBe("notification.invalid.topic");
    expect(rejected.body.message).toContain("v2.routing.queues.Sales.conversations");
    expect((await api<TopicListing>(emulator, token, "GET", path)).body.entities).toEqual([]);

    const lenient = await api<TopicListing>(emulator, token, "PUT", `${path}?ignoreErrors=true`, topics);
    expect(lenient.status).toBe(200);
    const listed = await api<TopicListing>(emulator, token, "GET", path);
    expect(listed.body.entities.map((topic) => topic.id)).toEqual([queueTopic(fakeId(1))]);
  });

  it("names the bad field when the body is not a topic list", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const { body: channel } = await api<Channel>(emulator, token, "POST", "/api/v2/notifications/channels");
    const bad = await api<ErrorBody>(
      emulator,
      token,
      "PUT",
      `/api/v2/notifications/channels/${channel.id}/subscriptions`,
      [{ topic: "x" }],
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]?.fieldName).toBe("[0].id");
  });

  it("evicts the oldest unconnected channel when a client creates its 21st", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const created: Channel[] = [];
    for (let index = 0; index < 20; index++) {
      created.push((await api<Channel>(emulator, token, "POST", "/api/v2/notifications/channels")).body);
    }
    const [oldest, second] = created as [Channel, Channel];
    const connected = await connect(oldest.connectUri);
    const twentyFirst = await api<Channel>(emulator, token, "POST", "/api/v2/notifications/channels");
    expect(twentyFirst.status).toBe(200);
    const ids = (
      await api<{ entities: Channel[] }>(emulator, token, "GET", "/api/v2/notifications/channels")
    ).body.entities.map((channel) => channel.id);
    expect(ids).toHaveLength(20);
    // The oldest is connected, so the oldest unconnected one (the second) went instead.
    expect(ids).toContain(oldest.id);
    expect(ids).not.toContain(second.id);
    expect(ids).toContain(twentyFirst.body.id);
    expect(connected.socket.readyState).toBe(connected.socket.OPEN);
    const gone = await api(
      emulator,
      token,
      "GET",
      `/api/v2/notifications/channels/${second.id}/subscriptions`,
    );
    expect(gone.status).toBe(404);
  });

  it("closes the first connection when a second one connects to the same channel", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const first = await openChannel(emulator, token, []);
    const uri = `ws://127.0.0.1:${emulator.port}/channels/${first.channelId}`;
    const second = await connect(uri);
    const closed = await first.closed;
    expect(closed.code).toBe(4000);
    expect(second.socket.readyState).toBe(second.socket.OPEN);
  });

  it("refuses a connection to an unknown channel", async () => {
    const emulator = await start();
    await expect(connect(`ws://127.0.0.1:${emulator.port}/channels/${fakeId(9)}`)).rejects.toThrow(/404/);
  });

  it("sends heartbeat frames at the configured interval", async () => {
    const emulator = await start({ notifications: { heartbeatIntervalMs: 50 } });
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, []);
    const connectedAt = performance.now();
    await channel.waitFor(() => channel.frames.length >= 3);
    // Three heartbeats cannot come sooner than three intervals after the connection (less some slack for
    // a late "open" on a busy machine).
    expect(performance.now() - connectedAt).toBeGreaterThanOrEqual(100);
    const heartbeats = channel.frames.filter((frame) => frame.topicName === "channel.metadata");
    expect(heartbeats).toHaveLength(channel.frames.length);
    expect(heartbeats[0]).toEqual({
      topicName: "channel.metadata",
      eventBody: { message: "WebSocket Heartbeat" },
    });
  });

  it("follows the manual clock for heartbeats", async () => {
    const emulator = await start({ clock: "manual", notifications: { heartbeatIntervalMs: 30_000 } });
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, []);
    await emulator.control.advance(90_000);
    await channel.waitFor(() => channel.frames.length === 3);
    expect(channel.frames.every((frame) => frame.topicName === "channel.metadata")).toBe(true);
  });

  it("answers an application-level ping with a pong", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, []);
    channel.socket.send(JSON.stringify({ message: "ping" }));
    const pong = await channel.waitFor(
      (frame) => (frame.eventBody as { message?: string }).message === "pong",
    );
    expect(pong).toEqual({ topicName: "channel.metadata", eventBody: { message: "pong" } });
  });

  it("announceSocketClosing sends v2.system.socket_closing before closing", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, []);
    emulator.control.announceSocketClosing();
    const closing = await channel.waitFor((frame) => frame.topicName === "v2.system.socket_closing");
    expect(closing.version).toBe("2");
    expect(closing.metadata?.CorrelationId).toBeTruthy();
    const closed = await channel.closed;
    expect(closed.code).toBe(1001);
    expect(channel.frames.at(-1)?.topicName).toBe("v2.system.socket_closing");
  });

  it("keeps an announced socket open for the configured grace (Genesys gives about a minute)", async () => {
    const emulator = await start({ notifications: { socketClosingGraceMs: 1_000 } });
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, []);
    emulator.control.announceSocketClosing();
    await channel.waitFor((frame) => frame.topicName === "v2.system.socket_closing");
    const announcedAt = performance.now();
    const closed = await channel.closed;
    expect(closed.code).toBe(1001);
    expect(performance.now() - announcedAt).toBeGreaterThanOrEqual(800);
  });

  it("sendRawFrames delivers texts unchanged to every connected socket (control API and HTTP)", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, []);
    expect(emulator.control.sendRawFrames(['{"topicName":42}', '{"no":"topic"}'])).toBe(1);
    const response = await fetch(`http://127.0.0.1:${emulator.port}/__emulator/raw-frames`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ frames: ['{"topicName":"v2.made.up","eventBody":[]}'] }),
    });
    expect(await response.json()).toEqual({ sockets: 1 });
    await channel.waitFor((frame) => frame.topicName === "v2.made.up");
    expect(channel.frames.filter((frame) => frame.topicName !== "channel.metadata")).toEqual([
      { topicName: 42 },
      { no: "topic" },
      { topicName: "v2.made.up", eventBody: [] },
    ]);
  });

  it("dropSockets closes abruptly but keeps the channel for a reconnect", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, []);
    emulator.control.dropSockets();
    const closed = await channel.closed;
    expect(closed.code).toBe(1006);
    expect(channel.frames.some((frame) => frame.topicName === "v2.system.socket_closing")).toBe(false);
    const again = await connect(`ws://127.0.0.1:${emulator.port}/channels/${channel.channelId}`);
    expect(again.socket.readyState).toBe(again.socket.OPEN);
  });

  it("expires a channel after its TTL, announcing it first; resubscribing extends it", async () => {
    const emulator = await start({
      clock: "manual",
      notifications: { channelTtlMs: 10_000, heartbeatIntervalMs: 60_000 },
    });
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, [queueTopic(fakeId(1))]);
    await emulator.control.advance(8000);
    const path = `/api/v2/notifications/channels/${channel.channelId}/subscriptions`;
    await api(emulator, token, "POST", path, [{ id: queueTopic(fakeId(2)) }]);
    await emulator.control.advance(8000);
    expect(channel.socket.readyState).toBe(channel.socket.OPEN);
    await emulator.control.advance(2000);
    const closed = await channel.closed;
    expect(closed.code).toBe(1001);
    expect(channel.frames.map((frame) => frame.topicName)).toEqual(["v2.system.socket_closing"]);
    expect((await api(emulator, token, "GET", path)).status).toBe(404);
  });

  it("closes channels created with a revoked token", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, []);
    emulator.control.revokeTokens();
    const closed = await channel.closed;
    expect(closed.code).toBe(4001);
  });

  it("tells a connected channel v2.system.token_revoked.{id} (a SystemMessage) before closing it", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, [queueTopic(fakeId(1))]);
    emulator.control.revokeTokens();
    await channel.closed;
    const [frame] = channel.frames;
    expect(channel.frames).toHaveLength(1);
    expect(frame?.topicName).toBe(`v2.system.token_revoked.${channel.channelId}`);
    expect(frame?.eventBody).toMatchObject({
      channelId: channel.channelId,
      oauthClientId: "emulator-client-id",
    });
    expect(frame?.metadata?.CorrelationId).toBeTruthy();
  });

  // Genesys documents channel ends by 24 h without resubscribing, by the 20-channel limit and by revocation
  // (token_revoked), not by the creating token's expiry: the channel and its socket outlive the token.
  it("keeps the channels of an expired token open: the socket stays, heartbeats go on, no system message", async () => {
    const emulator = await start({
      clock: "manual",
      tokenLifetimeSeconds: 45,
      notifications: { heartbeatIntervalMs: 60_000 },
    });
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, [queueTopic(fakeId(1))]);
    await emulator.control.advance(45_000);
    expect((await api(emulator, token, "GET", "/api/v2/routing/skills")).status).toBe(401);
    await emulator.control.advance(15_000);
    await channel.waitFor((frame) => frame.topicName === "channel.metadata");
    expect(channel.socket.readyState).toBe(channel.socket.OPEN);
    expect(channel.frames.filter((frame) => frame.topicName.startsWith("v2.system."))).toEqual([]);
    const fresh = await getToken(emulator);
    const path = `/api/v2/notifications/channels/${channel.channelId}`;
    expect((await api(emulator, fresh, "HEAD", path)).status).toBe(200);
  });

  it("dropSubscriptions sends v2.system.no_longer_subscribed.{id}, keeps the socket, and a PUT subscribes again", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, [queueTopic(fakeId(1)), queueTopic(fakeId(2))]);
    expect(emulator.control.dropSubscriptions()).toEqual([channel.channelId]);
    const frame = await channel.waitFor((f) => f.topicName.startsWith("v2.system.no_longer_subscribed."));
    expect(frame.topicName).toBe(`v2.system.no_longer_subscribed.${channel.channelId}`);
    expect(frame.eventBody).toMatchObject({ channelId: channel.channelId });
    const path = `/api/v2/notifications/channels/${channel.channelId}/subscriptions`;
    expect((await api<TopicListing>(emulator, token, "GET", path)).body.entities).toEqual([]);
    expect(channel.socket.readyState).toBe(channel.socket.OPEN);
    const again = await api<TopicListing>(emulator, token, "PUT", path, [{ id: queueTopic(fakeId(1)) }]);
    expect(again.status).toBe(200);
    expect(again.body.entities.map((entity) => entity.id)).toEqual([queueTopic(fakeId(1))]);
  });

  it("drops the subscriptions of one channel over HTTP, and names an unknown channel", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const first = await openChannel(emulator, token, [queueTopic(fakeId(1))]);
    const second = await openChannel(emulator, token, [queueTopic(fakeId(2))]);
    const control = `${emulator.apiBaseUrl}/__emulator/drop-subscriptions`;
    const dropped = await fetch(control, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channelId: second.channelId }),
    });
    expect(dropped.status).toBe(200);
    expect(await dropped.json()).toEqual({ channelIds: [second.channelId] });
    await second.waitFor((f) => f.topicName.startsWith("v2.system.no_longer_subscribed."));
    expect(first.frames.some((f) => f.topicName.startsWith("v2.system."))).toBe(false);
    const unknown = await fetch(control, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channelId: "nope" }),
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorBody).details[0]?.fieldName).toBe("channelId");
  });

  it("does not let one client see another client's channels", async () => {
    const other = { clientId: "other-client", clientSecret: "other-secret" };
    const emulator = await start({
      credentials: [{ clientId: "emulator-client-id", clientSecret: "emulator-client-secret" }, other],
    });
    const mine = await getToken(emulator);
    const theirs = await getToken(emulator, other);
    const { body: channel } = await api<Channel>(emulator, mine, "POST", "/api/v2/notifications/channels");
    const peek = await api(
      emulator,
      theirs,
      "GET",
      `/api/v2/notifications/channels/${channel.id}/subscriptions`,
    );
    expect(peek.status).toBe(404);
  });
});
