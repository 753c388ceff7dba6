import { describe, expect, it } from "vitest";
import { safeReturnPath } from "../src/auth/login-page.js";
import { createSessionCodec, readCookie, SESSION_COOKIE } from "../src/auth/session-cookie.js";

const SETTINGS = {
  secret: "a-test-secret-of-at-least-32-characters!",
  ttlSeconds: 3_600,
  secureCookie: false,
};

/** The cookie as a browser sends it back: `name=value` of the Set-Cookie header. */
function cookieOf(setCookie: string): string {
  return setCookie.split(";")[0] ?? "";
}

describe("session cookie", () => {
  it("is HttpOnly, SameSite, scoped to the whole dashboard, and lasts the TTL", () => {
    const header = createSessionCodec(SETTINGS).issue("ops");
    expect(header).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+; `));
    expect(header).toContain("HttpOnly");
    expect(header).toContain("SameSite=Lax");
    expect(header).toContain("Path=/");
    expect(header).toContain("Max-Age=3600");
    expect(header).not.toContain("Secure");
    expect(createSessionCodec({ ...SETTINGS, secureCookie: true }).issue("ops")).toContain("; Secure");
  });

  it("is accepted for its user until it expires", () => {
    let now = 1_800_000_000_000;
    const codec = createSessionCodec(SETTINGS, () => now);
    const cookie = cookieOf(codec.issue("ops"));
    expect(codec.read(`theme=dark; ${cookie}`, "ops")).toBeDefined();
    expect(codec.read(cookie, "someone-else")).toBeUndefined();
    now += 3_599_000;
    expect(codec.read(cookie, "ops")).toBeDefined();
    now += 1_000;
    expect(codec.read(cookie, "ops")).toBeUndefined();
  });

  it("refuses a tampered payload, a tampered signature, another key's signature and junk", () => {
    const codec = createSessionCodec(SETTINGS);
    const cookie = cookieOf(codec.issue("ops"));
    const value = cookie.slice(SESSION_COOKIE.length + 1);
    const [payload = "", signature = ""] = value.split(".");
    const decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { e: number };
    const extended = Buffer.from(JSON.stringify({ ...decoded, e: decoded.e + 86_400 })).toString("base64url");
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    // The last character carries 4 bits of the MAC and 2 spare bits: another spelling of the same bytes.
    const last = signature.at(-1) ?? "A";
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const respelled = `${signature.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1]}`;
    const otherKey = cookieOf(
      createSessionCodec({ ...SETTINGS, secret: `${SETTINGS.secret}-other` }).issue("ops"),
    );
    for (const forged of [
      `${SESSION_COOKIE}=${extended}.${signature}`,
      `${SESSION_COOKIE}=${payload}.${flipped}`,
      `${SESSION_COOKIE}=${payload}.${respelled}`,
      `${SESSION_COOKIE}=${payload}.`,
      `${SESSION_COOKIE}=${payload}`,
      `${SESSION_COOKIE}=${payload}.${signature}.x`,
      otherKey,
      `${SESSION_COOKIE}=not-a-session`,
      undefined,
    ]) {
      expect(codec.read(forged, "ops"), String(forged)).toBeUndefined();
    }
    expect(codec.read(cookie, "ops")).toBeDefined();
  });

  it("is removed by the logout cookie", () => {
    const codec = createSessionCodec(SETTINGS);
    expect(codec.clear()).toMatch(new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`));
    expect(codec.present(cookieOf(codec.clear()))).toBe(false);
  });

  it("reads one cookie among others", () => {
    expect(readCookie("a=1; b=2;c=3", "b")).toBe("2");
    expect(readCookie("a=1", "b")).toBeUndefined();
    expect(readCookie(undefined, "b")).toBeUndefined();
  });
});

describe("safeReturnPath", () => {
  it.each([
    ["/#/simulations", "/#/simulations"],
    ["/admin/queues", "/admin/queues"],
    ["//evil.example/", "/"],
    ["https://evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["/a\nb", "/"],
    [null, "/"],
  ])("%s -> %s", (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });
});
