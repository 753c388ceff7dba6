import type { IncomingHttpHeaders } from "node:http";
import { type CredentialCheck, type Credentials, checkCredentials } from "./credentials.js";
import { HttpError } from "./http-error.js";

/** What an authenticator sees of a request: it runs before the body is read. */
export interface AuthRequest {
  readonly method: string;
  /** The full path as requested (mounts included), without the query string. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly remoteAddress: string | undefined;
}

/** Returns when the request may pass; throws an HttpError (401, 403) when it may not. */
export type Authenticator = (request: AuthRequest) => void | Promise<void>;

export interface BasicAuthRefusal {
  readonly reason: Exclude<CredentialCheck, { ok: true }>["reason"];
  /** Whether the supplied username was the configured one (never what was supplied). */
  readonly knownUser: boolean;
  readonly path: string;
  readonly remoteAddress: string | undefined;
}

export interface BasicAuthOptions {
  /** Shown by the browser's login prompt. */
  readonly realm: string;
  readonly credentials: Credentials;
  /** Told of every refusal (to log and count it); never given what was supplied. */
  readonly onRefused?: (refusal: BasicAuthRefusal) => void;
}

/**
 * HTTP Basic auth. A refusal is a 401 `unauthorized` with the Basic challenge, so a browser asks for the
 * login. The comparison takes the same time whatever was supplied (see checkCredentials).
 */
export function basicAuth(options: BasicAuthOptions): Authenticator {
  const challenge = `Basic realm="${options.realm}", charset="UTF-8"`;
  return (request) => {
    const authorization = request.headers.authorization;
    const check = checkCredentials(authorization, options.credentials);
    if (check.ok) return;
    options.onRefused?.({
      reason: check.reason,
      knownUser: check.knownUser,
      path: request.path,
      remoteAddress: request.remoteAddress,
    });
    throw new HttpError(401, "unauthorized", "valid credentials are required (HTTP Basic auth)", {
      field: "authorization",
      headers: { "WWW-Authenticate": challenge },
    });
  };
}
