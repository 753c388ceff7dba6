import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/index.js";

describe("createLogger", () => {
  it("writes JSON lines with the service name and blanks secrets wherever they sit", async () => {
    const destination = new PassThrough();
    const lines: string[] = [];
    destination.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").trim().split("\n")));
    const logger = createLogger({ service: "worker", level: "info", destination });
    logger.info(
      {
        clientSecret: "s3cret-value",
        request: { headers: { authorization: "Bearer tok-123" } },
        token: { accessToken: "tok-456" },
        password: "pw",
      },
      "calling Genesys",
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(JSON.parse(line)).toMatchObject({ service: "worker", msg: "calling Genesys", level: 30 });
    for (const secret of ["s3cret-value", "tok-123", "tok-456", '"pw"']) expect(line).not.toContain(secret);
  });
});
