import { describe, expect, it } from "vitest";
import { GENESYS_REGIONS, GenesysClientOptionsError, resolveBaseUrls } from "../src/index.js";

describe("resolveBaseUrls", () => {
  it("maps every documented region to its api and login hosts", () => {
    expect(GENESYS_REGIONS).toHaveLength(17);
    for (const region of GENESYS_REGIONS) {
      expect(resolveBaseUrls({ region })).toEqual({
        apiBaseUrl: `https://api.${region}`,
        loginBaseUrl: `https://login.${region}`,
      });
    }
    expect(resolveBaseUrls({ region: "usw2.pure.cloud" }).apiBaseUrl).toBe("https://api.usw2.pure.cloud");
    expect(resolveBaseUrls({ region: "mypurecloud.com.au" }).loginBaseUrl).toBe(
      "https://login.mypurecloud.com.au",
    );
  });

  it("lets explicit base URLs override the region, one at a time", () => {
    expect(resolveBaseUrls({ region: "mypurecloud.de", apiBaseUrl: "http://127.0.0.1:4010/" })).toEqual({
      apiBaseUrl: "http://127.0.0.1:4010",
      loginBaseUrl: "https://login.mypurecloud.de",
    });
    expect(resolveBaseUrls({ apiBaseUrl: "http://localhost:1", loginBaseUrl: "http://localhost:2" })).toEqual(
      {
        apiBaseUrl: "http://localhost:1",
        loginBaseUrl: "http://localhost:2",
      },
    );
  });

  it("rejects an unknown region with an error naming the option", () => {
    const attempt = () => resolveBaseUrls({ region: "mypurecloud.moon" });
    expect(attempt).toThrow(GenesysClientOptionsError);
    expect(attempt).toThrow(/"region".*unknown Genesys region "mypurecloud.moon"/);
  });

  it("requires a region or both base URLs", () => {
    expect(() => resolveBaseUrls({})).toThrow(/region/);
    expect(() => resolveBaseUrls({ apiBaseUrl: "http://localhost:1" })).toThrow(/loginBaseUrl/);
  });

  it("rejects base URLs that are not plain http(s) origins", () => {
    expect(() => resolveBaseUrls({ region: "mypurecloud.ie", apiBaseUrl: "not a url" })).toThrow(
      /"apiBaseUrl"/,
    );
    expect(() => resolveBaseUrls({ region: "mypurecloud.ie", loginBaseUrl: "ftp://x" })).toThrow(
      /"loginBaseUrl"/,
    );
    expect(() => resolveBaseUrls({ region: "mypurecloud.ie", apiBaseUrl: "https://u:p@host" })).toThrow(
      /credentials/,
    );
  });
});
