import { GenesysCircuitOpenError } from "./errors.js";

export type CircuitState = "closed" | "open" | "half-open";

/** What one HTTP attempt told us about its endpoint. */
export type AttemptVerdict = "success" | "failure" | "neutral";

export interface CircuitBreakerSettings {
  /** Consecutive failed attempts (5xx, 408, timeout, no response) that open an endpoint's circuit; 0 = off. */
  readonly failureThreshold: number;
  /** How long an open circuit fails calls fast before letting one probe through. */
  readonly coolDownMs: number;
  readonly now: () => number;
  readonly onTransition?: (endpoint: EndpointKey, state: CircuitState, consecutiveFailures: number) => void;
}

export interface EndpointKey {
  readonly method: string;
  readonly pathTemplate: string;
}

/** Admission of one call: release() once the call is over, whatever happened. */
export interface CircuitTicket {
  /** The breaker's state for this endpoint now. */
  state(): CircuitState;
  /** Whether a retry of this call may go out (only while the circuit is closed). */
  allowsRetry(): boolean;
  /** Feeds the outcome of one HTTP attempt of this call. */
  record(verdict: AttemptVerdict): void;
  release(): void;
}

export interface CircuitBreakers {
  /** Admits a call or throws GenesysCircuitOpenError (no request is made, no budget spent). */
  admit(endpoint: EndpointKey): CircuitTicket;
}

interface Circuit {
  state: CircuitState;
  consecutiveFailures: number;
  openUntil: number;
  probeInFlight: boolean;
}

/** An attempt's outcome as the breaker sees it: a 4xx proves the endpoint works; 429 says nothing of it. */
export function verdictOf(
  status: number,
  kind: "status" | "timeout" | "network" | "canceled",
): AttemptVerdict {
  if (kind === "canceled") return "neutral";
  if (kind === "timeout" || kind === "network") return "failure";
  if (status === 429) return "neutral";
  if (status === 408 || status >= 500) return "failure";
  return "success";
}

/**
 * One circuit per endpoint (method + path template, never a concrete path), per process. Closed: calls go
 * through and consecutive failures are counted. At `failureThreshold` it opens: calls fail fast with
 * GenesysCircuitOpenError for `coolDownMs`. Then it is half-open: one call (the probe) goes through, the
 * others still fail fast; the probe's first attempt closes the circuit on success or opens it again.
 */
export function createCircuitBreakers(settings: CircuitBreakerSettings): CircuitBreakers {
  const circuits = new Map<string, Circuit>();
  const enabled = settings.failureThreshold > 0;

  const transition = (endpoint: EndpointKey, circuit: Circuit, state: CircuitState): void => {
    if (circuit.state === state) return;
    circuit.state = state;
    settings.onTransition?.(endpoint, state, circuit.consecutiveFailures);
  };

  const open = (endpoint: EndpointKey, circuit: Circuit): void => {
    circuit.openUntil = settings.now() + settings.coolDownMs;
    circuit.probeInFlight = false;
    transition(endpoint, circuit, "open");
  };

  const reject = (endpoint: EndpointKey, circuit: Circuit, retryAfterMs: number): never => {
    throw new GenesysCircuitOpenError({
      method: endpoint.method,
      pathTemplate: endpoint.pathTemplate,
      retryAfterMs: Math.max(1, retryAfterMs),
      consecutiveFailures: circuit.consecutiveFailures,
    });
  };

  return {
    admit(endpoint) {
      const key = `${endpoint.method} ${endpoint.pathTemplate}`;
      let circuit = circuits.get(key);
      if (circuit === undefined) {
        circuit = { state: "closed", consecutiveFailures: 0, openUntil: 0, probeInFlight: false };
        circuits.set(key, circuit);
      }
      const current = circuit;
      let isProbe = false;
      if (enabled && current.state === "open") {
        const left = current.openUntil - settings.now();
        if (left > 0) reject(endpoint, current, left);
        transition(endpoint, current, "half-open");
      }
      if (enabled && current.state === "half-open") {
        // While the probe is out, the others wait about as long as a cool-down would have lasted.
        if (current.probeInFlight) reject(endpoint, current, settings.coolDownMs);
        current.probeInFlight = true;
        isProbe = true;
      }
      let released = false;
      let probeDecided = false;
      return {
        state: () => current.state,
        allowsRetry: () => !enabled || current.state === "closed",
        record(verdict) {
          if (!enabled || verdict === "neutral") return;
          if (verdict === "success") {
            current.consecutiveFailures = 0;
            if (current.state !== "closed") transition(endpoint, current, "closed");
            current.probeInFlight = false;
            probeDecided = true;
            return;
          }
          current.consecutiveFailures += 1;
          if (current.state === "half-open" && isProbe && !probeDecided) {
            probeDecided = true;
            open(endpoint, current);
          } else if (current.state === "closed" && current.consecutiveFailures >= settings.failureThreshold) {
            open(endpoint, current);
          }
        },
        release() {
          if (released) return;
          released = true;
          // A probe that never reached Genesys (aborted while waiting for the budget) decides nothing.
          if (isProbe && !probeDecided && current.state === "half-open") current.probeInFlight = false;
        },
      };
    },
  };
}
