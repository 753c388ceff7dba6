import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_EMULATOR_CREDENTIALS } from "@routing/genesys-emulator";
import { type IsolatedRedis, redisTest, startTestEmulator } from "@routing/test-utils";
import type { Redis } from "ioredis";
import { describe, expect } from "vitest";
import {
  createGenesysClient,
  createRedisTokenStore,
  GenesysClientOptionsError,
  type RedisLike,
  type TokenStore,
} from "../src/index.js";

/** The token store's keys live under the fixture's prefix, so the fixture's teardown deletes them. */
const keyPrefixOf = (redis: IsolatedRedis): string => `${redis.prefix}:genesys:`;

/** An extra connection for a store (or for inspecting Redis); the test must quit it. */
const connect = (redis: IsolatedRedis): Redis => redis.newConnection({ maxRetriesPerRequest: 1 });

const quitAll = async (connections: readonly Redis[]): Promise<void> => {
  await Promise.all(connections.map((connection) => connection.quit()));
};

describe("createRedisTokenStore (real Redis)", () => {
  redisTest("is satisfied by an ioredis instance", async ({ redis }) => {
    const keyPrefix = keyPrefixOf(redis);
    const connection = connect(redis);
    try {
      const redisLike: RedisLike = connection;
      expect(() => createRedisTokenStore(redisLike, { keyPrefix })).not.toThrow();
      expect(() => createRedisTokenStore(redisLike, { keyPrefix: "" })).toThrow(GenesysClientOptionsError);
    } finally {
      await quitAll([connection]);
    }
  });

  redisTest("lets two client instances (two connections) share ONE token request", async ({ redis }) => {
    const keyPrefix = keyPrefixOf(redis);
    const connections = [connect(redis), connect(redis), connect(redis)];
    const [first, second, inspector] = connections as [Redis, Redis, Redis];
    const emulator = await startTestEmulator();
    try {
      // A slow login host, so the second client asks while the first is still minting.
      emulator.control.setLatency({ ms: 150, pathPrefix: "/oauth" });
      const clients = [first, second].map((connection) =>
        createGenesysClient({
          ...DEFAULT_EMULATOR_CREDENTIALS,
          apiBaseUrl: emulator.apiBaseUrl,
          loginBaseUrl: emulator.loginBaseUrl,
          tokenStore: createRedisTokenStore(connection, { keyPrefix }),
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
      const keys = await inspector.keys(`${keyPrefix}*`);
      expect(keys).toHaveLength(1);
      const [tokenKey = ""] = keys;
      expect(tokenKey).toMatch(new RegExp(`^${keyPrefix}token:[0-9a-f]{40}$`));
      expect(tokenKey).not.toContain(DEFAULT_EMULATOR_CREDENTIALS.clientId);
      expect(await inspector.get(tokenKey)).not.toContain(DEFAULT_EMULATOR_CREDENTIALS.clientSecret);
      const ttl = await inspector.pttl(tokenKey);
      // The emulator's default lifetime is Genesys' 24 h.
      expect(ttl).toBeGreaterThan(86_300_000);
      expect(ttl).toBeLessThanOrEqual(86_400_000);
    } finally {
      await emulator.close();
      await quitAll(connections);
    }
  });

  redisTest("takes the lock with SET NX PX and releases it only for its owner", async ({ redis }) => {
    const keyPrefix = keyPrefixOf(redis);
    const connectionA = connect(redis);
    const connectionB = connect(redis);
    try {
      const storeA: TokenStore = createRedisTokenStore(connectionA, { keyPrefix });
      const storeB: TokenStore = createRedisTokenStore(connectionB, { keyPrefix });

      const first = await storeA.tryLock("lock", 200);
      expect(first).toBeDefined();
      expect(await storeB.tryLock("lock", 200)).toBeUndefined();
      const pttl = await connectionA.pttl(`${keyPrefix}lock`);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(200);

      await sleep(250); // the first holder's lock expires...
      const second = await storeB.tryLock("lock", 5_000);
      expect(second).toBeDefined();
      // ...and its late release must not free the lock the second holder now owns.
      expect(await first?.release()).toBe(false);
      expect(await connectionA.exists(`${keyPrefix}lock`)).toBe(1);
      expect(await storeA.tryLock("lock", 5_000)).toBeUndefined();
      expect(await second?.release()).toBe(true);
      expect(await connectionA.exists(`${keyPrefix}lock`)).toBe(0);
    } finally {
      await quitAll([connectionA, connectionB]);
    }
  });

  redisTest(
    "stores tokens that expire with themselves and deletes only a matching token",
    async ({ redis }) => {
      const connection = connect(redis);
      try {
        const store = createRedisTokenStore(connection, { keyPrefix: keyPrefixOf(redis) });
        const now = Date.now();
        await store.set("tok", { accessToken: "abc", issuedAtMs: now, expiresAtMs: now + 150 });
        expect(await store.get("tok")).toEqual({
          accessToken: "abc",
          issuedAtMs: now,
          expiresAtMs: now + 150,
        });
        await store.deleteIfMatches("tok", "other");
        expect(await store.get("tok")).toBeDefined();
        await store.deleteIfMatches("tok", "abc");
        expect(await store.get("tok")).toBeUndefined();

        await store.set("tok", { accessToken: "short", issuedAtMs: now, expiresAtMs: Date.now() + 100 });
        await sleep(200);
        expect(await store.get("tok")).toBeUndefined();
      } finally {
        await quitAll([connection]);
      }
    },
  );
});
