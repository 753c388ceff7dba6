import type { IncomingMessage } from "node:http";
import { ApiError, badRequest } from "./api-error.js";

/** Genesys bodies here are small; anything bigger is a mistake worth a clear 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function readRawBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (tooLarge) {
        reject(
          new ApiError({
            status: 413,
            code: "request.entity.too.large",
            messageWithParams: "The request body is over the size limit of {limit} bytes",
            messageParams: { limit: String(MAX_BODY_BYTES) },
          }),
        );
        return;
      }
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    request.on("error", reject);
  });
}

const SECRET_FIELDS = new Set(["client_secret", "password", "refresh_token", "assertion"]);

/** A form body as an object, with secrets replaced so it can be logged. */
export function parseForm(raw: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(raw)) fields[name] = value;
  return fields;
}

export function redactForm(fields: Record<string, string>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields))
    redacted[name] = SECRET_FIELDS.has(name) ? "[redacted]" : value;
  return redacted;
}

export function parseJsonBody(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw badRequest("bad.request", "The request body is not valid JSON: {reason}", {
      reason: error instanceof Error ? error.message : "unparseable",
    });
  }
}
