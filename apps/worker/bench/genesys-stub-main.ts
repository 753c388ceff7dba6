/**
 * A trivial Genesys for the throughput bench, in a process of its own so that its work is not the
 * worker's: canned answers (recorded from the emulator by the bench) by method and path, ids as {id}, the
 * query ignored; `PATCH /api/v2/routing/conversations/{id}` answers its own body, as Genesys answers the
 * updated attributes. Anything else is a 404. Canned answers come as a JSON file (first argument); it prints
 * one line once listening and counts what it answered (`GET /__stub/count`).
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const canned = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as Record<string, unknown>;
const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
let answered = 0;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const path = (request.url ?? "").split("?")[0] ?? "";
    const key = `${request.method} ${path.replace(ID, "{id}")}`;
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (key === "GET /__stub/count") return send(200, { answered });
    answered++;
    if (key === "PATCH /api/v2/routing/conversations/{id}") {
      return send(200, JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"));
    }
    const body = canned[key];
    if (body === undefined) return send(404, { status: 404, code: "not.found", message: `stub: no ${key}` });
    return send(200, body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(
    JSON.stringify({ msg: "stub listening", port: typeof address === "object" ? address?.port : 0 }),
  );
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
