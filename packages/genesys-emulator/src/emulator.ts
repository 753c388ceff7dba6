import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createMetricStore } from "./analytics/metric-store.js";
import { createContactCentre } from "./contact-centre/contact-centre.js";
import { isSupportedTopic } from "./contact-centre/topics.js";
import { createEmulatorControl, type EmulatorControl } from "./control/control.js";
import { createMessageFlows, type MessageFlows } from "./message-flows/message-flows.js";
import { type EmulatorOptions, resolveOptions } from "./options.js";
import { createRateLimiter } from "./protocol/auth/rate-limiter.js";
import { createTokenStore } from "./protocol/auth/token-store.js";
import { createFaultInjector } from "./protocol/faults/fault-injector.js";
import { createLatencyInjector } from "./protocol/faults/latency.js";
import { createRequestHandler } from "./protocol/http/request-handler.js";
import { createRequestLog } from "./protocol/http/request-log.js";
import { createRouter } from "./protocol/http/router.js";
import { createChannelRegistry } from "./protocol/notifications/channel-registry.js";
import { createSocketHub, type SocketHub } from "./protocol/notifications/socket-hub.js";
import { createRandomStream } from "./random/prng.js";
import { ROUTE_TABLE } from "./routes/route-table.js";
import type { EmulatorServices } from "./services.js";
import { createClock } from "./time/clock.js";

export interface RunningEmulator {
  /** e.g. "http://127.0.0.1:54321": REST under /api/v2/... */
  readonly apiBaseUrl: string;
  /** The same server: POST {loginBaseUrl}/oauth/token */
  readonly loginBaseUrl: string;
  readonly port: number;
  readonly control: EmulatorControl;
  /** Architect message flows calling a bot through the Bot Connector, and the NLU stub (message-flows/). */
  readonly messageFlows: MessageFlows;
  /** Mixed with the seed into the ids this run mints: the seed and this replay the run (options.runId). */
  readonly runId: string;
  /** Closes every socket and timer; idempotent. */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/** Starts the emulator and resolves once it listens. Options are validated first (EmulatorOptionsError). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = resolveOptions(options);
  const { logger, seed, runId } = settings;
  const stream = (name: string) => createRandomStream(seed, name);
  // Ids a run mints must not repeat those of an earlier run of the seed (Genesys ids never repeat: a
  // restart would otherwise hand out conversation ids whose decisions an earlier run already took).
  const runStream = (name: string) => createRandomStream(seed, `${name}#${runId}`);
  const clock = createClock({
    mode: settings.clock,
    startMs: settings.clock === "manual" ? settings.clockStartMs : Date.now(),
    onTimerError: (error) => logger.error({ err: error }, "emulator timer failed"),
  });

  const tokens = createTokenStore({
    clock,
    credentials: settings.credentials,
    tokenLifetimeSeconds: settings.tokenLifetimeSeconds,
  });
  const rateLimiter = createRateLimiter(settings.rateLimit);
  const channels = createChannelRegistry({
    clock,
    ids: runStream("channels"),
    limits: {
      ttlMs: settings.notifications.channelTtlMs,
      maxChannelsPerClient: settings.notifications.maxChannelsPerClient,
      maxTopicsPerChannel: settings.notifications.maxTopicsPerChannel,
    },
  });
  const requestLog = createRequestLog();
  // The hub is created after the server exists, but the contact centre publishes through this indirection.
  let hub: SocketHub | undefined;
  const conversationMetrics = createMetricStore();
  const surveyMetrics = createMetricStore();
  const centre = createContactCentre({
    clock,
    options: settings.contactCentre,
    random: {
      organisation: stream("organisation"),
      arrivals: stream("arrivals"),
      behaviour: stream("behaviour"),
      ids: runStream("ids"),
      surveys: stream("surveys"),
    },
    publish: (topic, body) => hub?.publish(topic, body),
    conversationMetrics,
    surveyMetrics,
  });
  const messageFlows = createMessageFlows({ centre, ids: runStream("message-flows"), logger });
  const faults = createFaultInjector();
  const latency = createLatencyInjector(stream("latency"));

  const server = createServer();
  let address: AddressInfo | undefined;
  const publicAuthority = (): string => `${urlHost(settings.host)}:${address?.port ?? settings.port}`;

  const socketHub = createSocketHub({
    clock,
    registry: channels,
    heartbeatIntervalMs: settings.notifications.heartbeatIntervalMs,
    correlationIds: runStream("frames"),
    closingGraceMs: settings.notifications.socketClosingGraceMs,
    logger,
    logUpgrade: (path, status) => requestLog.add({ at: clock.now(), method: "GET", path, status }),
  });
  hub = socketHub;

  tokens.onInvalidated((record, reason) => {
    // Only a revoked token takes its channels with it (v2.system.token_revoked.{id}). A token that merely
    // expires leaves them alone: the Notification Service guide
    // (https://developer.genesys.cloud/notificationsalerts/notifications/) ends a channel after 24 h without a
    // resubscription or by the 20-channel limit, and says nothing of the creating token's expiry.
    if (reason === "revoked") channels.closeChannelsOfRevokedToken(record.tokenId);
    rateLimiter.forget(record.tokenId);
  });

  const control = createEmulatorControl({
    clock,
    tokens,
    channels,
    hub: socketHub,
    centre,
    faults,
    latency,
    requestLog,
    clientIds: settings.credentials.map((pair) => pair.clientId),
  });

  const services: EmulatorServices = {
    options: settings,
    logger,
    clock,
    tokens,
    rateLimiter,
    channels,
    hub: socketHub,
    topicCatalog: { isSupported: isSupportedTopic },
    centre,
    conversationMetrics,
    surveyMetrics,
    faults,
    latency,
    requestLog,
    control,
    messageFlows,
    publicAuthority,
  };

  const handleRequest = createRequestHandler(services, createRouter(ROUTE_TABLE));
  server.on("request", handleRequest);
  server.on("upgrade", (request, socket, head) => socketHub.handleUpgrade(request, socket, head));
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  address = server.address() as AddressInfo;
  const baseUrl = `http://${urlHost(settings.host)}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      handleRequest.close();
      messageFlows.dispose();
      centre.dispose();
      channels.dispose();
      socketHub.close();
      tokens.dispose();
      clock.dispose();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    apiBaseUrl: baseUrl,
    loginBaseUrl: baseUrl,
    port: address.port,
    runId,
    control,
    messageFlows,
    close,
  };
}
