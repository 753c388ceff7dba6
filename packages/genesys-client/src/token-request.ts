import { toGenesysError } from "./error-mapping.js";
import { GenesysAuthError } from "./errors.js";
import { type HttpExecutor, HttpFailure } from "./http-executor.js";
import type { Redactor } from "./redaction.js";
import type { RetryPolicy } from "./retry-policy.js";
import type { StoredToken } from "./token-store.js";

export const TOKEN_PATH = "/oauth/token";

export interface TokenRequestOptions {
  readonly loginBaseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly executor: HttpExecutor;
  readonly redactor: Redactor;
  readonly retryPolicy: RetryPolicy;
  readonly now: () => number;
}

export type RequestToken = (signal?: AbortSignal) => Promise<StoredToken>;

/** The client-credentials grant exactly as Genesys documents it: Basic auth and a form body. */
export function createTokenRequester(options: TokenRequestOptions): RequestToken {
  const { executor, redactor, now } = options;
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`, "utf8").toString("base64");
  const errorContext = {
    method: "POST",
    pathTemplate: TOKEN_PATH,
    redactor,
    retryPolicy: options.retryPolicy,
    now,
  };

  return async (signal) => {
    const requestedAt = now();
    let result: Awaited<ReturnType<HttpExecutor["send"]>>;
    try {
      result = await executor.send(
        {
          method: "POST",
          url: `${options.loginBaseUrl}${TOKEN_PATH}`,
          pathTemplate: TOKEN_PATH,
          // Minting a token twice is harmless, so a lost response may be retried.
          idempotent: true,
          headers: {
            Authorization: `Basic ${basic}`,
            "Content-Type": "application/x-www-form-urlencoded",
          },
          data: "grant_type=client_credentials",
          signal,
        },
        { attempts: 0 },
      );
    } catch (error) {
      if (error instanceof HttpFailure) throw toGenesysError(error, errorContext, true);
      throw error;
    }
    const token = parseTokenResponse(result.data, requestedAt);
    if (token === undefined) {
      throw new GenesysAuthError({
        message: "The token response has no usable access_token/expires_in",
        status: result.status,
        code: "token.response.invalid",
        method: "POST",
        pathTemplate: TOKEN_PATH,
        retryable: false,
      });
    }
    redactor.remember(token.accessToken);
    return token;
  };
}

function parseTokenResponse(data: unknown, requestedAtMs: number): StoredToken | undefined {
  if (data === null || typeof data !== "object") return undefined;
  const record = data as Record<string, unknown>;
  const accessToken = record.access_token;
  const expiresIn = record.expires_in;
  if (typeof accessToken !== "string" || accessToken === "") return undefined;
  if (typeof expiresIn !== "number" || !Number.isFinite(expiresIn) || expiresIn <= 0) return undefined;
  // Measured from when we asked, so our idea of the expiry is never later than Genesys'.
  return { accessToken, issuedAtMs: requestedAtMs, expiresAtMs: requestedAtMs + expiresIn * 1000 };
}
