import type { RouteDefinition, RouteResponse } from "../http/route.js";

/** Genesys login answers OAuth errors in the OAuth style, not as an ErrorBody. */
function oauthError(status: number, error: string, description: string): RouteResponse {
  return {
    status,
    body: { error, description, error_description: description },
    headers: { "cache-control": "no-store" },
  };
}

function readBasicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? "");
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator <= 0) return undefined;
  return { clientId: decoded.slice(0, separator), clientSecret: decoded.slice(separator + 1) };
}

export const oauthRoutes: RouteDefinition[] = [
  {
    method: "POST",
    path: "/oauth/token",
    auth: "none",
    handler({ headers, body, services }) {
      const credentials = readBasicCredentials(headers.authorization);
      const clientId =
        credentials === undefined
          ? undefined
          : services.tokens.authenticateClient(credentials.clientId, credentials.clientSecret);
      if (clientId === undefined) {
        return oauthError(
          401,
          "invalid_client",
          credentials === undefined
            ? "client authentication failed: send Authorization: Basic base64(clientId:clientSecret)"
            : "client authentication failed",
        );
      }
      const contentType = headers["content-type"]?.toLowerCase() ?? "";
      if (!contentType.startsWith("application/x-www-form-urlencoded")) {
        return {
          ...oauthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded"),
          loggedCaller: { clientId },
        };
      }
      const grantType =
        typeof body === "object" && body !== null ? (body as Record<string, unknown>).grant_type : undefined;
      if (grantType === undefined) {
        return {
          ...oauthError(400, "invalid_request", "grant_type is required"),
          loggedCaller: { clientId },
        };
      }
      if (grantType !== "client_credentials") {
        return {
          ...oauthError(400, "unsupported_grant_type", `grant_type ${String(grantType)} is not supported`),
          loggedCaller: { clientId },
        };
      }
      const minted = services.tokens.mint(clientId);
      return {
        status: 200,
        body: { access_token: minted.accessToken, token_type: "bearer", expires_in: minted.expiresInSeconds },
        headers: { "cache-control": "no-store" },
        loggedCaller: { clientId, tokenId: minted.record.tokenId },
      };
    },
  },
];
