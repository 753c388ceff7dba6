import { PassThrough } from "node:stream";
import { pino } from "pino";
import { Registry } from "prom-client";
import { createHttpApp, type HttpAppOptions } from "../src/create-http-app.js";
import { ERROR_CODE_PATTERN, type ErrorBody } from "../src/http-error.js";
import { type HttpServer, listen } from "../src/listen.js";

export interface TestServer {
  readonly server: HttpServer;
  readonly registry: Registry;
  /** Every log line so far, parsed. */
  logs(): Record<string, unknown>[];
  logText(): string;
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** A kit app on a free port of 127.0.0.1, with its logs captured. */
export async function serve<Services>(
  options: Omit<HttpAppOptions<Services>, "logger" | "registry" | "service">,
): Promise<TestServer> {
  const lines: string[] = [];
  const destination = new PassThrough();
  destination.on("data", (chunk: Buffer) =>
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean)),
  );
  const logger = pino({ level: "debug" }, destination);
  const registry = new Registry();
  const app = createHttpApp({ ...options, logger, registry, service: "test" });
  const server = await listen(app, { port: 0, host: "127.0.0.1" });
  return {
    server,
    registry,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    logText: () => lines.join("\n"),
    request: (path, init) => fetch(`${server.url}${path}`, init),
    close: () => server.close(),
  };
}

/** The error body of an answer, checked for the one shape and the one spelling of codes. */
export async function errorOf(response: Response): Promise<ErrorBody["error"]> {
  const body = (await response.json()) as ErrorBody;
  if (!ERROR_CODE_PATTERN.test(body.error.code))
    throw new Error(`code "${body.error.code}" is not kebab-case`);
  if (!("field" in body.error)) throw new Error("the error body has no field");
  return body.error;
}
