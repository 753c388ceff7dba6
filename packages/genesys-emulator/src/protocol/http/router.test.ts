import { describe, expect, it } from "vitest";
import { createRouter, DuplicateRouteError, type RouteTemplate } from "./router.js";

const routes: RouteTemplate[] = [
  { method: "PUT", path: "/api/v2/users/{userId}/routingskills/{skillId}" },
  { method: "PUT", path: "/api/v2/users/{userId}/routingskills/bulk" },
  { method: "PATCH", path: "/api/v2/users/{userId}/routingskills/bulk" },
  { method: "GET", path: "/api/v2/routing/queues" },
];

describe("router", () => {
  it("prefers static segments over parameters whatever the declaration order", () => {
    const router = createRouter(routes);
    const bulk = router.lookup("PUT", "/api/v2/users/u1/routingskills/bulk");
    expect(bulk.kind === "found" && bulk.route.path).toBe("/api/v2/users/{userId}/routingskills/bulk");
    const single = router.lookup("PUT", "/api/v2/users/u1/routingskills/s%2F1");
    expect(single).toMatchObject({ kind: "found", params: { userId: "u1", skillId: "s/1" } });
  });

  it("tells a wrong method from an unknown path", () => {
    const router = createRouter(routes);
    expect(router.lookup("DELETE", "/api/v2/routing/queues")).toEqual({
      kind: "method-not-allowed",
      allowed: ["GET"],
    });
    expect(router.lookup("GET", "/api/v2/nothing")).toEqual({ kind: "not-found" });
  });

  it("refuses a route declared twice", () => {
    expect(() => createRouter([...routes, { method: "GET", path: "/api/v2/routing/queues" }])).toThrow(
      DuplicateRouteError,
    );
  });
});
