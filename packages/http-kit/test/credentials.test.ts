import { describe, expect, it } from "vitest";
import { checkCredentials, matchCredentials, parseBasicAuthorization } from "../src/credentials.js";

const expected = { username: "ops", password: "correct-horse-battery" };
const header = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;

describe("Basic credentials", () => {
  it("accepts exactly the configured pair", () => {
    expect(checkCredentials(header("ops:correct-horse-battery"), expected)).toEqual({ ok: true });
    expect(
      checkCredentials(`basic  ${Buffer.from("ops:correct-horse-battery").toString("base64")}`, expected),
    ).toEqual({
      ok: true,
    });
  });

  it("refuses a wrong password, a wrong user, a prefix and an extension of the password", () => {
    expect(checkCredentials(header("ops:wrong"), expected)).toEqual({
      ok: false,
      reason: "mismatch",
      knownUser: true,
    });
    expect(checkCredentials(header("root:correct-horse-battery"), expected)).toEqual({
      ok: false,
      reason: "mismatch",
      knownUser: false,
    });
    expect(checkCredentials(header("ops:correct-horse"), expected).ok).toBe(false);
    expect(checkCredentials(header("ops:correct-horse-battery!"), expected).ok).toBe(false);
    expect(checkCredentials(header("ops"), expected)).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("tells a missing header from a malformed one", () => {
    expect(checkCredentials(undefined, expected)).toMatchObject({ ok: false, reason: "missing" });
    expect(checkCredentials("Bearer abc", expected)).toMatchObject({ ok: false, reason: "malformed" });
    expect(checkCredentials("Basic ###", expected)).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("splits at the first colon: a password may contain colons", () => {
    expect(parseBasicAuthorization(header("ops:a:b:c"))).toEqual({ username: "ops", password: "a:b:c" });
    expect(checkCredentials(header("ops:a:b:c"), { username: "ops", password: "a:b:c" })).toEqual({
      ok: true,
    });
  });

  it("compares a login form's pair the same way (matchCredentials)", () => {
    expect(matchCredentials({ username: "ops", password: "correct-horse-battery" }, expected)).toEqual({
      ok: true,
    });
    expect(matchCredentials({ username: "ops", password: "correct-horse" }, expected)).toEqual({
      ok: false,
      reason: "mismatch",
      knownUser: true,
    });
    expect(matchCredentials({ username: "", password: "" }, expected)).toEqual({
      ok: false,
      reason: "mismatch",
      knownUser: false,
    });
  });
});
