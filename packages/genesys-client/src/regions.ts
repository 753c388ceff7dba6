import { GenesysClientOptionsError } from "./errors.js";

/**
 * Every Genesys Cloud environment domain (`{env}` in `https://api.{env}`), by AWS region: the values of
 * `PureCloudRegionHosts` in platform-client-sdk-javascript v259
 * (`build/src/purecloud-platform-client-v2/PureCloudRegionHosts.js`), in its order.
 */
export const GENESYS_REGIONS = [
  "mypurecloud.com", // us_east_1
  "mypurecloud.ie", // eu_west_1
  "mypurecloud.com.au", // ap_southeast_2
  "mypurecloud.jp", // ap_northeast_1
  "mypurecloud.de", // eu_central_1
  "usw2.pure.cloud", // us_west_2
  "cac1.pure.cloud", // ca_central_1
  "apne2.pure.cloud", // ap_northeast_2
  "euw2.pure.cloud", // eu_west_2
  "aps1.pure.cloud", // ap_south_1
  "use2.us-gov-pure.cloud", // us_east_2 (FedRAMP)
  "sae1.pure.cloud", // sa_east_1
  "mec1.pure.cloud", // me_central_1
  "apne3.pure.cloud", // ap_northeast_3
  "euc2.pure.cloud", // eu_central_2
  "mxc1.pure.cloud", // mx_central_1
  "apse1.pure.cloud", // ap_southeast_1
  "edee1.eusc-pure.cloud", // eusc_de_east_1 (EU sovereign cloud)
] as const;

export type GenesysRegion = (typeof GENESYS_REGIONS)[number];

export interface GenesysBaseUrls {
  readonly apiBaseUrl: string;
  readonly loginBaseUrl: string;
}

export function isGenesysRegion(value: unknown): value is GenesysRegion {
  return typeof value === "string" && (GENESYS_REGIONS as readonly string[]).includes(value);
}

/**
 * Resolves the API and login hosts. Explicit base URLs win over the region so the emulator and tests
 * can point anywhere; without them the region is required.
 */
export function resolveBaseUrls(input: {
  readonly region?: string | undefined;
  readonly apiBaseUrl?: string | undefined;
  readonly loginBaseUrl?: string | undefined;
}): GenesysBaseUrls {
  if (input.region !== undefined && !isGenesysRegion(input.region)) {
    throw new GenesysClientOptionsError(
      "region",
      `unknown Genesys region "${input.region}"; expected one of: ${GENESYS_REGIONS.join(", ")}`,
    );
  }
  const fromRegion = input.region === undefined ? undefined : regionBaseUrls(input.region);
  const apiBaseUrl = input.apiBaseUrl ?? fromRegion?.apiBaseUrl;
  const loginBaseUrl = input.loginBaseUrl ?? fromRegion?.loginBaseUrl;
  if (apiBaseUrl === undefined || loginBaseUrl === undefined) {
    const missing = apiBaseUrl === undefined ? "apiBaseUrl" : "loginBaseUrl";
    throw new GenesysClientOptionsError(
      "region",
      `either "region" or both "apiBaseUrl" and "loginBaseUrl" are required ("${missing}" is missing)`,
    );
  }
  return {
    apiBaseUrl: normaliseBaseUrl("apiBaseUrl", apiBaseUrl),
    loginBaseUrl: normaliseBaseUrl("loginBaseUrl", loginBaseUrl),
  };
}

function regionBaseUrls(region: GenesysRegion): GenesysBaseUrls {
  return { apiBaseUrl: `https://api.${region}`, loginBaseUrl: `https://login.${region}` };
}

function normaliseBaseUrl(option: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GenesysClientOptionsError(option, `"${value}" is not an absolute URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new GenesysClientOptionsError(option, `must use http or https, got "${url.protocol}"`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new GenesysClientOptionsError(option, "must not contain credentials, a query or a fragment");
  }
  return url.href.replace(/\/+$/, "");
}
