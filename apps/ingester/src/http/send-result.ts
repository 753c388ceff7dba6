import type { Response } from "express";
import type { HttpResult } from "./http-result.js";

/** Sends `result` unless an answer already left (then there is nobody left to tell). */
export function sendResult(response: Response, result: HttpResult): void {
  if (response.headersSent) return;
  response.status(result.status);
  for (const [name, value] of Object.entries(result.headers ?? {})) response.set(name, value);
  if (result.contentType === undefined) {
    response.json(result.body);
    return;
  }
  response.type(result.contentType).send(String(result.body));
}
