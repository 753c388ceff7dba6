import type { Logger } from "pino";
import type { MetricStore } from "./analytics/metric-store.js";
import type { ContactCentre } from "./contact-centre/contact-centre.js";
import type { EmulatorControl } from "./control/control.js";
import type { MessageFlows } from "./message-flows/message-flows.js";
import type { ResolvedEmulatorOptions } from "./options.js";
import type { RateLimiter } from "./protocol/auth/rate-limiter.js";
import type { TokenStore } from "./protocol/auth/token-store.js";
import type { FaultInjector } from "./protocol/faults/fault-injector.js";
import type { LatencyInjector } from "./protocol/faults/latency.js";
import type { RequestLog } from "./protocol/http/request-log.js";
import type { ChannelRegistry } from "./protocol/notifications/channel-registry.js";
import type { SocketHub } from "./protocol/notifications/socket-hub.js";
import type { TopicCatalog } from "./protocol/notifications/topic-catalog.js";
import type { Clock } from "./time/clock.js";

/** Everything a route handler may use: the emulator's state, wired once in startEmulator. */
export interface EmulatorServices {
  readonly options: ResolvedEmulatorOptions;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly tokens: TokenStore;
  readonly rateLimiter: RateLimiter;
  readonly channels: ChannelRegistry;
  readonly hub: SocketHub;
  /** The topics a subscription may name (the contact-centre model publishes on them). */
  readonly topicCatalog: TopicCatalog;
  readonly centre: ContactCentre;
  readonly conversationMetrics: MetricStore;
  readonly surveyMetrics: MetricStore;
  readonly faults: FaultInjector;
  readonly latency: LatencyInjector;
  readonly requestLog: RequestLog;
  readonly control: EmulatorControl;
  readonly messageFlows: MessageFlows;
  /** "host:port" for URLs the emulator hands out when the request carried no Host header. */
  readonly publicAuthority: () => string;
}
