import { describe, expect, it } from "vitest";
import { GENESYS_REGIONS, GenesysClientOptionsError, resolveBaseUrls } from "../src/index.js";

describe("resolveBaseUrls", () => {
  it("knows exactly the SDK's PureCloudRegionHosts (v259), edee1.eusc-pure.cloud included", () => {
    // platform-client-sdk-javascript build/src/purecloud-platform-client-v2/PureCloudRegionHosts.js (v259.0.0).
    const sdkRegionHosts = {
      us_east_1: "mypurecloud.com",
      eu_west_1: "mypurecloud.ie",
      ap_southeast_2: "mypurecloud.com.au",
      ap_northeast_1: "mypurecloud.jp",
      eu_central_1: "mypurecloud.de",
      us_west_2: "usw2.pure.cloud",
      ca_central_1: "cac1.pure.cloud",
      ap_northeast_2: "apne2.pure.cloud",
      eu_west_2: "euw2.pure.cloud",
      ap_south_1: "aps1.pure.cloud",
      us_east_2: "use2.us-gov-pure.cloud",
      sa_east_1: "sae1.pure.cloud",
      me_central_1: "mec1.pure.cloud",
      ap_northeast_3: "apne3.pure.cloud",
      eu_central_2: "euc2.pure.cloud",
      mx_central_1: "mxc1.pure.cloud",
      ap_southeast_1: "apse1.pure.cloud",
      eusc_de_east_1: "edee1.eusc-pure.cloud",
    };
    expect([...GENESYS_REGIONS].sort()).toEqual(Object.values(sdkRegionHosts).sort());
    expect(resolveBaseUrls({ region: "edee1.eusc-pure.cloud" })).toEqual({
      apiBaseUrl: "https://api.edee1.eusc-pure.cloud",
      loginBaseUrl: "https://login.edee1.eusc-pure.cloud",
    });
  });

  it("maps every documented region to its api and login hosts", () => {
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
