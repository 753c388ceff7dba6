import { type ClientEventObserver, GENESYS_ENDPOINTS, REQUEST_LANES } from "@routing/genesys-client";
import { Counter, Gauge, type Registry } from "prom-client";

const CIRCUIT_STATES = ["opened", "half-open", "closed"] as const;

/**
 * Turns the Genesys client's resilience events into Prometheus series: circuit breakers (state per endpoint,
 * transitions, calls failed fast), retries given up for lack of budget, and tokens replaced before sending or
 * after a 401. Labels are closed sets: the client's endpoints (method, path TEMPLATE, GENESYS_ENDPOINTS),
 * its budget lanes and fixed reasons; every combination starts at 0, so the first circuit opening or 401
 * replay after a start is an increase Prometheus can see.
 */
export function genesysClientEventMetrics(registry: Registry): ClientEventObserver {
  const registers = [registry];
  const circuitOpen = new Gauge({
    name: "genesys_circuit_open",
    help: "1 while the circuit of a Genesys endpoint (method + path template) is open or half-open, else 0",
    labelNames: ["method", "path"] as const,
    registers,
  });
  const transitions = new Counter({
    name: "genesys_circuit_transitions_total",
    help: "Circuit breaker state changes per Genesys endpoint (opened, half-open, closed)",
    labelNames: ["method", "path", "state"] as const,
    registers,
  });
  const rejected = new Counter({
    name: "genesys_circuit_rejections_total",
    help: "Calls failed fast (no request, GenesysCircuitOpenError) because their endpoint's circuit was open, by budget lane",
    labelNames: ["lane"] as const,
    registers,
  });
  const retriesSkipped = new Counter({
    name: "genesys_retries_skipped_total",
    help: "Failed attempts not retried in-process (budget = no room in the lane now, circuit = it opened), by budget lane",
    labelNames: ["lane", "reason"] as const,
    registers,
  });
  const tokens = new Counter({
    name: "genesys_token_replacements_total",
    help: "Requests that switched to a new token: before sending (expiring) or after a 401 (rejected = a 401 replay)",
    labelNames: ["lane", "reason"] as const,
    registers,
  });
  const tokenRejections = new Counter({
    name: "genesys_token_rejections_total",
    help: "Calls that kept getting 401 with new tokens (GenesysTokenRejectedError, retried by the queue), by budget lane",
    labelNames: ["lane"] as const,
    registers,
  });
  for (const { method, pathTemplate: path } of GENESYS_ENDPOINTS) {
    circuitOpen.set({ method, path }, 0);
    for (const state of CIRCUIT_STATES) transitions.inc({ method, path, state }, 0);
  }
  for (const lane of REQUEST_LANES) {
    rejected.inc({ lane }, 0);
    tokenRejections.inc({ lane }, 0);
    for (const reason of ["budget", "circuit"]) retriesSkipped.inc({ lane, reason }, 0);
    for (const reason of ["expiring", "rejected"]) tokens.inc({ lane, reason }, 0);
  }
  return (event) => {
    switch (event.kind) {
      case "circuit-opened":
      case "circuit-half-open":
      case "circuit-closed": {
        const state = event.kind.slice("circuit-".length);
        transitions.inc({ method: event.method, path: event.pathTemplate, state });
        circuitOpen.set({ method: event.method, path: event.pathTemplate }, state === "closed" ? 0 : 1);
        return;
      }
      case "circuit-rejected":
        rejected.inc({ lane: event.lane });
        return;
      case "retry-skipped":
        retriesSkipped.inc({ lane: event.lane, reason: event.reason });
        return;
      case "token-replaced":
        tokens.inc({ lane: event.lane, reason: event.reason });
        return;
      case "token-rejected":
        tokenRejections.inc({ lane: event.lane });
        return;
    }
  };
}
