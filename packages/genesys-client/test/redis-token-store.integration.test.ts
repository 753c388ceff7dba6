import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_EMULATOR_CREDENTIALS, startEmulator } from "@routing/genesys-emulator";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createGenesysClient,
  createRedisTokenStore,
  GenesysClientOptionsError,
  type RedisLike,
  type TokenStore,
} from "../src/index.js";

describe("createRedisTokenStore (real Redis)", () => {
  const connections: Redis[] = [];
  let keyPrefix: string;

  const connect = () => {
    const redis = new Redis({ host: "127.0.0.1", port: 6379, lazyConnect: false, maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  };

  beforeEach(() => {
    keyPrefix = `test:genesys-client:${randomUUID()}:`;
  });

  afterEach(async () => {
    const [first] = connections;
    if (first !== undefined) {
      const keys = await first.keys(`${keyPrefix}*`);
      if (keys.length > 0) await first.del(...keys);
    }
    await Promise.all(connections.splice(0).map((redis) => redis.quit()));
  });

  it("is satisfied by an ioredis instance", () => {
    const redis: RedisLike = connect();
    expect(() => createRedisTokenStore(redis, { keyPrefix })).not.toThrow();
    expect(() => createRedisTokenStore(redis, { keyPrefix: "" })).toThrow(GenesysClientOptionsError);
  });

  it("lets two client instances (two connections) share ONE token request", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      // A slow login host, so the second client asks while the first is still minting.
      emulator.control.setLatency({ ms: 150, pathPrefix: "/oauth" });
      const clients = [connect(), connect()].map((redis) =>
        createGenesysClient({
          ...DEFAULT_EMULATOR_CREDENTIALS,
          apiBaseUrl: emulator.apiBaseUrl,
          loginBaseUrl: emulator.loginBaseUrl,
          tokenStore: createRedisTokenStore(redis, { keyPrefix }),
          tokenPollIntervalMs: 10,
        }),
      );
      const tokens = await Promise.all(
        clients.flatMap((client) => [client.getAccessToken(), client.getAccessToken()]),
      );
      expect(new Set(tokens).size).toBe(1);
      for (const client of clients) {
        const skills = [];
        for await (const skill of client.routing.listSkills()) skills.push(skill.id);
        expect(skills.length).toBeGreaterThan(0);
      }
      const log = emulator.control.requestLog();
      expect(log.filter((entry) => entry.path === "/oauth/token")).toHaveLength(1);
      expect(
        new Set(log.filter((entry) => entry.path.startsWith("/api/")).map((entry) => entry.tokenId)).size,
      ).toBe(1);

      // Stored under a hash of the client id, never the id or the secret, with the token's own expiry.
      const redis = connect();
      const keys = await redis.keys(`${keyPrefix}*`);
      expect(keys).toHaveLength(1);
      const [tokenKey = ""] = keys;
      expect(tokenKey).toMatch(new RegExp(`^${keyPrefix}token:[0-9a-f]{40}$`));
      expect(tokenKey).not.toContain(DEFAULT_EMULATOR_CREDENTIALS.clientId);
      expect(await redis.get(tokenKey)).not.toContain(DEFAULT_EMULATOR_CREDENTIALS.clientSecret);
      const ttl = await redis.pttl(tokenKey);
      // The emulator's default lifetime is Genesys' 24 h.
      expect(ttl).toBeGreaterThan(86_300_000);
      expect(ttl).toBeLessThanOrEqual(86_400_000);
    } finally {
      await emulator.close();
    }
  });

  it("takes the lock with SET NX PX and releases it only for its owner", async () => {
    const redis = connect();
    const storeA: TokenStore = createRedisTokenStore(redis, { keyPrefix });
    const storeB: TokenStore = createRedisTokenStore(connect(), { keyPrefix });

    const first = await storeA.tryLock("lock", 200);
    expect(first).toBeDefined();
    expect(await storeB.tryLock("lock", 200)).toBeUndefined();
    const pttl = await redis.pttl(`${keyPrefix}lock`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(200);

    await sleep(250); // the first holder's lock expires...
    const second = await storeB.tryLock("lock", 5_000);
    expect(second).toBeDefined();
    // ...and its late release must not free the lock the second holder now owns.
    expect(await first?.release()).toBe(false);
    expect(await redis.exists(`${keyPrefix}lock`)).toBe(1);
    expect(await storeA.tryLock("lock", 5_000)).toBeUndefined();
    expect(await second?.release()).toBe(true);
    expect(await redis.exists(`${keyPrefix}lock`)).toBe(0);
  });

  it("stores tokens that expire with themselves and deletes only a matching token", async () => {
    const store = createRedisTokenStore(connect(), { keyPrefix });
    const now = Date.now();
    await store.set("tok", { accessToken: "abc", issuedAtMs: now, expiresAtMs: now + 150 });
    expect(await store.get("tok")).toEqual({ accessToken: "abc", issuedAtMs: now, expiresAtMs: now + 150 });
    await store.deleteIfMatches("tok", "other");
    expect(await store.get("tok")).toBeDefined();
    await store.deleteIfMatches("tok", "abc");
    expect(await store.get("tok")).toBeUndefined();

    await store.set("tok", { accessToken: "short", issuedAtMs: now, expiresAtMs: Date.now() + 100 });
    await sleep(200);
    expect(await store.get("tok")).toBeUndefined();
  });
});
