import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createMemoryTokenStore, GenesysAuthError, type StoredToken, type TokenStore } from "../src/index.js";
import { createTokenProvider, type TokenProviderOptions, tokenKeyFor } from "../src/token-provider.js";

/** A stand-in for the login host: mints numbered tokens and records how often it was asked. */
function fakeLogin(clock: { now: number }, lifetimeMs: number, delayMs = 0) {
  const minted: string[] = [];
  return {
    minted,
    async requestToken(): Promise<StoredToken> {
      await sleep(delayMs);
      const accessToken = `token-${minted.length + 1}`;
      minted.push(accessToken);
      return { accessToken, issuedAtMs: clock.now, expiresAtMs: clock.now + lifetimeMs };
    },
  };
}

function provider(
  clock: { now: number },
  login: ReturnType<typeof fakeLogin>,
  overrides: Partial<TokenProviderOptions> = {},
) {
  return createTokenProvider({
    clientId: "client",
    loginBaseUrl: "https://login.example",
    store: createMemoryTokenStore({ now: () => clock.now }),
    requestToken: () => login.requestToken(),
    refreshMarginMs: 60_000,
    sendMarginMs: 31_000,
    authFailureCooldownMs: 0,
    lockTtlMs: 5_000,
    waitTimeoutMs: 1_000,
    pollIntervalMs: 5,
    now: () => clock.now,
    ...overrides,
  });
}

describe("token provider", () => {
  it("shares one in-flight refresh between concurrent callers", async () => {
    const clock = { now: 1_000_000 };
    const login = fakeLogin(clock, 3_600_000, 20);
    const tokens = provider(clock, login);
    const results = await Promise.all(Array.from({ length: 50 }, () => tokens.getAccessToken()));
    expect(new Set(results)).toEqual(new Set(["token-1"]));
    expect(login.minted).toHaveLength(1);
  });

  it("refreshes ahead of expiry by the margin, capped at half the lifetime", async () => {
    const clock = { now: 0 };
    const login = fakeLogin(clock, 3_600_000);
    const tokens = provider(clock, login);
    expect(await tokens.getAccessToken()).toBe("token-1");
    clock.now = 3_600_000 - 60_001;
    expect(await tokens.getAccessToken()).toBe("token-1");
    clock.now = 3_600_000 - 60_000;
    expect(await tokens.getAccessToken()).toBe("token-2");

    const shortClock = { now: 0 };
    const shortLogin = fakeLogin(shortClock, 2_000);
    const shortLived = provider(shortClock, shortLogin);
    await shortLived.getAccessToken();
    shortClock.now = 999;
    expect(await shortLived.getAccessToken()).toBe("token-1");
    shortClock.now = 1_000;
    expect(await shortLived.getAccessToken()).toBe("token-2");
  });

  it("invalidates only the token that failed", async () => {
    const clock = { now: 0 };
    const login = fakeLogin(clock, 3_600_000);
    const tokens = provider(clock, login);
    const first = await tokens.getAccessToken();
    await tokens.invalidate(first);
    const second = await tokens.getAccessToken();
    expect(second).toBe("token-2");
    // A late 401 for the old token must not throw away the new one.
    await tokens.invalidate(first);
    expect(await tokens.getAccessToken()).toBe("token-2");
    expect(login.minted).toHaveLength(2);
  });

  it("two providers on one store mint once; the waiter picks up the stored token", async () => {
    const clock = { now: 0 };
    const login = fakeLogin(clock, 3_600_000, 30);
    const store = createMemoryTokenStore({ now: () => clock.now });
    const a = provider(clock, login, { store });
    const b = provider(clock, login, { store });
    const [tokenA, tokenB] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
    expect(tokenA).toBe("token-1");
    expect(tokenB).toBe("token-1");
    expect(login.minted).toHaveLength(1);
  });

  it("keeps using a still-valid token while another process holds the refresh lock", async () => {
    const clock = { now: 0 };
    const store = createMemoryTokenStore({ now: () => clock.now });
    const key = `token:${tokenKeyFor("https://login.example", "client")}`;
    await store.set(key, { accessToken: "old", issuedAtMs: 0, expiresAtMs: 3_600_000 });
    clock.now = 3_600_000 - 45_000; // inside the refresh margin, still valid for longer than the send margin
    const lock = await store.tryLock(`token-lock:${tokenKeyFor("https://login.example", "client")}`, 60_000);
    expect(lock).toBeDefined();
    const login = fakeLogin(clock, 3_600_000);
    expect(await provider(clock, login, { store }).getAccessToken()).toBe("old");
    expect(login.minted).toHaveLength(0);
  });

  it("gives up with a GenesysAuthError when nobody produces a token in time", async () => {
    const clock = { now: 0 };
    const lockedForever: TokenStore = {
      ...createMemoryTokenStore(),
      tryLock: async () => undefined,
    };
    const login = fakeLogin(clock, 3_600_000);
    const tokens = provider(clock, login, { store: lockedForever, waitTimeoutMs: 0 });
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(GenesysAuthError);
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ code: "token.refresh.timeout" });
  });

  it("lets one caller abort its wait without failing the shared refresh", async () => {
    const clock = { now: 0 };
    const login = fakeLogin(clock, 3_600_000, 50);
    const tokens = provider(clock, login);
    const controller = new AbortController();
    const impatient = tokens.getAccessToken(controller.signal);
    const patient = tokens.getAccessToken();
    controller.abort(new Error("gave up"));
    await expect(impatient).rejects.toThrow("gave up");
    expect(await patient).toBe("token-1");
    expect(login.minted).toHaveLength(1);
  });
});

describe("memory token store", () => {
  it("expires tokens and releases a lock only for its owner", async () => {
    const clock = { now: 0 };
    const store = createMemoryTokenStore({ now: () => clock.now });
    await store.set("k", { accessToken: "t", issuedAtMs: 0, expiresAtMs: 100 });
    expect(await store.get("k")).toMatchObject({ accessToken: "t" });
    clock.now = 100;
    expect(await store.get("k")).toBeUndefined();

    const first = await store.tryLock("lock", 50);
    expect(first).toBeDefined();
    expect(await store.tryLock("lock", 50)).toBeUndefined();
    clock.now = 151; // first lock expired
    const second = await store.tryLock("lock", 50);
    expect(second).toBeDefined();
    expect(await first?.release()).toBe(false);
    expect(await store.tryLock("lock", 50)).toBeUndefined();
    expect(await second?.release()).toBe(true);
    expect(await store.tryLock("lock", 50)).toBeDefined();
  });
});
