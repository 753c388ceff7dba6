import { describe, expect, it } from "vitest";
import type { ErrorBody } from "./genesys-shapes.js";
import { api, basicAuth, getToken, requestToken, useEmulators } from "./helpers.js";

const start = useEmulators();

describe("OAuth client credentials", () => {
  it("mints an opaque bearer token for good credentials", async () => {
    const emulator = await start({ tokenLifetimeSeconds: 1234 });
    const response = await requestToken(emulator);
    expect(response.status).toBe(200);
    expect(response.headers.get("inin-correlation-id")).toBeTruthy();
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 1234 });
    expect(typeof body.access_token).toBe("string");
    expect(String(body.access_token).length).toBeGreaterThan(30);
    const queues = await api(emulator, String(body.access_token), "GET", "/api/v2/routing/queues");
    expect(queues.status).toBe(200);
  });

  it("answers 401 invalid_client for bad credentials", async () => {
    const emulator = await start();
    const response = await requestToken(emulator, { clientId: "emulator-client-id", clientSecret: "wrong" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });

  it("answers 401 when the Basic header is missing (credentials in the form do not count)", async () => {
    const emulator = await start();
    const response = await fetch(`${emulator.loginBaseUrl}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=emulator-client-id&client_secret=emulator-client-secret",
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, string>;
    expect(body.error).toBe("invalid_client");
    expect(body.error_description).toBeTruthy();
    // The secret sent in the form is redacted in the request log.
    expect(JSON.stringify(emulator.control.requestLog())).not.toContain("emulator-client-secret");
  });

  it("answers 400 for a grant type other than client_credentials", async () => {
    const emulator = await start();
    const response = await fetch(`${emulator.loginBaseUrl}/oauth/token`, {
      method: "POST",
      headers: { authorization: basicAuth(), "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=password",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "unsupported_grant_type" });
  });

  it("answers 400 invalid_request for a JSON body", async () => {
    const emulator = await start();
    const response = await fetch(`${emulator.loginBaseUrl}/oauth/token`, {
      method: "POST",
      headers: { authorization: basicAuth(), "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });

  it("rejects API calls without a bearer token with authentication.required", async () => {
    const emulator = await start();
    const response = await fetch(`${emulator.apiBaseUrl}/api/v2/routing/queues`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as ErrorBody;
    expect(body.code).toBe("authentication.required");
    expect(body.contextId).toBe(response.headers.get("inin-correlation-id"));
  });

  it("rejects an unknown token with bad.credentials", async () => {
    const emulator = await start();
    const response = await api<ErrorBody>(emulator, "not-a-token", "GET", "/api/v2/routing/queues");
    expect(response.status).toBe(401);
    expect(response.body.code).toBe("bad.credentials");
  });

  it("expires tokens after their lifetime (manual clock)", async () => {
    const emulator = await start({ clock: "manual", tokenLifetimeSeconds: 1 });
    const token = await getToken(emulator);
    expect((await api(emulator, token, "GET", "/api/v2/routing/skills")).status).toBe(200);
    await emulator.control.advance(999);
    expect((await api(emulator, token, "GET", "/api/v2/routing/skills")).status).toBe(200);
    await emulator.control.advance(1);
    const expired = await api<ErrorBody>(emulator, token, "GET", "/api/v2/routing/skills");
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe("bad.credentials");
  });

  it("answers a token past a short lifetime (45 s) exactly like Genesys: 401 bad.credentials ErrorBody", async () => {
    // Genesys lets an OAuth client's tokens live 300 s to 48 h (help.mypurecloud.com/articles/create-an-oauth-client);
    // the emulator also takes shorter ones for tests. An expired token gets the stock 401 ErrorBody.
    const emulator = await start({ clock: "manual", tokenLifetimeSeconds: 45 });
    const response = await requestToken(emulator);
    expect(((await response.json()) as { expires_in: number }).expires_in).toBe(45);
    const token = await getToken(emulator);
    await emulator.control.advance(45_000);
    const expired = await api<ErrorBody>(emulator, token, "GET", "/api/v2/routing/skills");
    expect(expired.status).toBe(401);
    expect(expired.headers.get("content-type")).toContain("application/json");
    expect(expired.body).toEqual({
      message: "Invalid login credentials.",
      code: "bad.credentials",
      status: 401,
      contextId: expired.headers.get("inin-correlation-id"),
      details: [],
      errors: [],
      messageWithParams: "Invalid login credentials.",
      messageParams: {},
    });
  });

  it("expires tokens on the real clock too", async () => {
    const emulator = await start({ tokenLifetimeSeconds: 2 });
    const token = await getToken(emulator);
    expect((await api(emulator, token, "GET", "/api/v2/routing/skills")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2050));
    expect((await api(emulator, token, "GET", "/api/v2/routing/skills")).status).toBe(401);
  });

  it("revokeTokens makes every existing token answer 401 while new tokens work", async () => {
    const emulator = await start();
    const first = await getToken(emulator);
    const second = await getToken(emulator);
    emulator.control.revokeTokens();
    expect((await api(emulator, first, "GET", "/api/v2/routing/skills")).status).toBe(401);
    expect((await api(emulator, second, "GET", "/api/v2/routing/skills")).status).toBe(401);
    const fresh = await getToken(emulator);
    expect((await api(emulator, fresh, "GET", "/api/v2/routing/skills")).status).toBe(200);
  });

  it("accepts any of several configured clients and records which one called", async () => {
    const other = { clientId: "second-client", clientSecret: "second-secret" };
    const emulator = await start({
      credentials: [{ clientId: "first", clientSecret: "first-secret" }, other],
    });
    const token = await getToken(emulator, other);
    await api(emulator, token, "GET", "/api/v2/routing/skills");
    const entry = emulator.control.requestLog().find((logged) => logged.path === "/api/v2/routing/skills");
    expect(entry?.clientId).toBe("second-client");
    expect(entry?.tokenId).toBeTruthy();
    expect(entry?.tokenId).not.toBe(token);
    expect(JSON.stringify(emulator.control.requestLog())).not.toContain(token);
  });
});
