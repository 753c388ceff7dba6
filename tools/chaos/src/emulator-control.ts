import type { EmulatorSnapshot, FaultRule, LatencyRule, RequestLogEntry } from "@routing/genesys-emulator";

/** The emulator's control API over HTTP (`/__emulator`), as the suite drives a separate process. */
export class EmulatorControl {
  constructor(private readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`emulator ${method} ${path} answered ${response.status}`);
    const text = await response.text();
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  snapshot = () => this.call<EmulatorSnapshot>("GET", "/snapshot");
  writes = () => this.call<RequestLogEntry[]>("GET", "/writes");
  requests = () => this.call<RequestLogEntry[]>("GET", "/requests");
  now = async () => (await this.call<{ now: number }>("GET", "/now")).now;
  setArrivalRate = (perMinute: number) => this.call<void>("PUT", "/arrival-rate", { perMinute });
  injectFaults = (rule: FaultRule) => this.call<{ id: string }>("POST", "/faults", rule);
  clearFaults = () => this.call<void>("DELETE", "/faults");
  setLatency = (rule: LatencyRule | null) =>
    rule === null ? this.call<void>("DELETE", "/latency") : this.call<void>("PUT", "/latency", rule);
  revokeTokens = () => this.call<void>("POST", "/revoke-tokens");
  rawFrames = (frames: readonly string[]) =>
    this.call<{ sockets: number }>("POST", "/raw-frames", { frames });
}
