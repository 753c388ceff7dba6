import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import zlib from "node:zlib";

/** What came back from the wire, whatever the status. */
export interface WireResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8 text, decompressed; "" when there was none. */
  readonly text: string;
}

/** An attempt that got no (complete) response. `code`/`message` are what the low-level error said. */
export class WireError extends Error {
  override readonly name = "WireError";
  constructor(
    readonly kind: "network" | "timeout" | "canceled",
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface WireAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export function createWireAgents(maxSockets: number): WireAgents {
  // lifo and a free-socket timeout as Node's global agent: the least recently used sockets are the ones
  // the server may be closing, so they are left to expire rather than reused into an ECONNRESET.
  const options = { keepAlive: true, maxSockets, scheduling: "lifo", timeout: 5_000 } as const;
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

function tooLarge(limit: number): WireError {
  return new WireError("network", "ERR_RESPONSE_TOO_LARGE", `response body exceeds ${limit} bytes`);
}

function decodeBody(raw: Buffer, encoding: string | undefined, limit: number): string {
  let body = raw;
  if (raw.length > 0 && encoding !== undefined) {
    // We never ask for compression (inflating costs more CPU than the bytes saved on small JSON), but a
    // server may compress anyway; the output cap keeps a small compressed body from inflating unbounded.
    try {
      switch (encoding.trim().toLowerCase()) {
        case "gzip":
        case "x-gzip":
        case "deflate":
          body = zlib.unzipSync(raw, { maxOutputLength: limit });
          break;
        case "br":
          body = zlib.brotliDecompressSync(raw, { maxOutputLength: limit });
          break;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(limit);
      throw new WireError("network", code, (error as Error).message);
    }
  }
  const text = body.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * One attempt on the wire: resolves with any response that arrived whole, rejects with a WireError
 * otherwise. Redirects are never followed (one could carry the Authorization header to another host).
 * The timeout covers the whole attempt, queueing for a socket and reading the body included.
 */
export function sendOnce(request: WireRequest, agents: WireAgents): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const { signal, maxResponseBytes: limit } = request;
    if (signal?.aborted) {
      reject(new WireError("canceled", "ERR_CANCELED", "canceled"));
      return;
    }
    const url = new URL(request.url);
    const secure = url.protocol === "https:";
    if (!secure && url.protocol !== "http:") {
      reject(new WireError("network", "ERR_UNSUPPORTED_PROTOCOL", `unsupported protocol ${url.protocol}`));
      return;
    }
    let settled = false;
    let req: http.ClientRequest | undefined;
    const finish = (error: WireError | undefined, response?: WireResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (error === undefined) {
        resolve(response as WireResponse);
        return;
      }
      req?.destroy();
      reject(error);
    };
    const onAbort = (): void => finish(new WireError("canceled", "ERR_CANCELED", "canceled"));
    const timer = setTimeout(
      () => finish(new WireError("timeout", "ECONNABORTED", `timeout of ${request.timeoutMs}ms exceeded`)),
      request.timeoutMs,
    );
    signal?.addEventListener("abort", onAbort, { once: true });

    const options: http.RequestOptions = {
      method: request.method,
      // URL keeps IPv6 brackets in hostname; the socket layer wants the bare address.
      hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      headers: request.headers,
      agent: secure ? agents.https : agents.http,
    };
    const onResponse = (res: http.IncomingMessage): void => {
      const declared = Number(res.headers["content-length"]);
      if (declared > limit) {
        finish(tooLarge(limit));
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > limit) finish(tooLarge(limit));
        else chunks.push(chunk);
      });
      res.on("end", () => {
        if (settled) return;
        try {
          const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
          const text = decodeBody(raw, res.headers["content-encoding"], limit);
          finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, text });
        } catch (error) {
          finish(error as WireError);
        }
      });
      res.on("error", (error: NodeJS.ErrnoException) =>
        finish(new WireError("network", error.code, error.message)),
      );
      res.on("close", () => {
        if (!res.complete) finish(new WireError("network", "ECONNRESET", "response stream was aborted"));
      });
    };
    req = secure ? https.request(options, onResponse) : http.request(options, onResponse);
    req.on("error", (error: NodeJS.ErrnoException) =>
      finish(new WireError("network", error.code, error.message)),
    );
    req.end(request.body);
  });
}
