import { GenesysApiError, isPermanentGenesysError } from "../errors.js";
import { createDeliveryQueue } from "./delivery-queue.js";
import { classifyFrame, type NotificationEvent } from "./frames.js";
import { createHandoverDedupe } from "./handover-dedupe.js";
import { reconnectDelayMs, waitMs } from "./reconnect-delay.js";
import {
  createSocketSession,
  NORMAL_CLOSURE,
  type SessionEnding,
  type SocketSession,
} from "./socket-session.js";
import type { NotificationChannelStatus, NotificationStreamCounters } from "./stats.js";
import { GenesysNotificationStreamError, type GenesysNotificationStreamErrorCode } from "./stream-error.js";
import type { NotificationGap, NotificationGapReason, ResolvedStreamOptions } from "./stream-options.js";

/** Both copies of one event arrive within moments of each other; this is ample on a loaded host. */
const HANDOVER_DEDUPE_WINDOW_MS = 5_000;

/**
 * One chunk of topics (at most 1,000) and the Genesys channel that carries it. A channel is replaced, never
 * repaired: after a drop its id may be gone, so every (re)connect creates a channel, subscribes and opens a
 * socket. Only the socket in `current` decides about handovers and reconnects; old sockets still deliver
 * whatever they receive until they are closed.
 */
export interface ChannelSlot {
  readonly index: number;
  readonly topicCount: number;
  readonly status: NotificationChannelStatus;
  readonly channelId: string | undefined;
  readonly consecutiveFailures: number;
  readonly failingSince: number | undefined;
  readonly expiresAt: number | undefined;
  /** Resolves once the first socket is open; rejects (`channel-stopped` or `closed`) if that never happens. */
  start(): Promise<void>;
  /** Stops retrying, closes every socket (code 1000) and waits for the deliveries already received. */
  close(): Promise<void>;
}

export interface ChannelSlotDependencies {
  readonly index: number;
  readonly topics: readonly string[];
  readonly options: ResolvedStreamOptions;
  readonly counters: NotificationStreamCounters;
  readonly report: (error: GenesysNotificationStreamError) => void;
  readonly onStatusChange: () => void;
  /** Called when a new socket has taken over (first open, reconnect, handover), with its channel id. */
  readonly onOpen?: (channelId: string) => void;
}

interface LostSocket {
  readonly since: number;
  readonly reason: NotificationGapReason;
  readonly code: number;
}

/** A socket replaced by a handover: kept until it proves it overlapped with its replacement, then closed. */
interface RetiringSocket {
  readonly replacementOpenedAt: number;
  /** The pong answering the ping sent once the replacement was open (pongs come in ping order). */
  readonly awaitedPongs: number;
  /** `duplicatesDropped` of the slot when the handover began. */
  readonly duplicatesBefore: number;
  overlapProven: boolean;
  readonly giveUpTimer: NodeJS.Timeout;
}

/** Every call the stream makes draws from the budget's `notifications` lane (never starved by workers). */
const LANE = "notifications";

/** setTimeout fires at once above this. */
const MAX_TIMER_MS = 2_147_483_647;

/** What the slot remembers about the channel behind a socket. */
interface ChannelFacts {
  /** Wall-clock ms when the channel was created. */
  readonly createdAt: number;
  /** Genesys' `expires`, as epoch ms; undefined when it was missing or already past (clock skew). */
  readonly expiresAt: number | undefined;
  /** When the token the channel was created with expires (with `tokens` only). */
  readonly tokenExpiresAt: number | undefined;
}

/** A 404 on the channel's own path means the channel vanished (evicted, expired): a new one fixes that. */
function isChannelGone(error: unknown): boolean {
  return (
    error instanceof GenesysApiError && error.status === 404 && error.pathTemplate.includes("{channelId}")
  );
}

/**
 * A failure that repeating cannot cure (a rejected topic, rejected credentials). It stops a channel only at
 * start-up, where it is a configuration error to report loudly; once the stream has run, the same answer
 * may be passing (an expired secret being rotated, a flapping login host) and is retried with capped
 * backoff, counted in `connectRejections` (issue #9.1).
 */
function isPermanentFailure(error: unknown): boolean {
  return isPermanentGenesysError(error) && !isChannelGone(error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createChannelSlot(deps: ChannelSlotDependencies): ChannelSlot {
  const { index, topics, options, counters } = deps;
  const abort = new AbortController();
  const dedupe = createHandoverDedupe({ now: options.now, windowMs: HANDOVER_DEDUPE_WINDOW_MS });

  let status: NotificationChannelStatus = "connecting";
  let current: SocketSession | undefined;
  /** Replaced by a handover and asked to close. */
  const retiring = new Map<SocketSession, RetiringSocket>();
  /** Created and not open yet. */
  const opening = new Set<SocketSession>();
  let replacing: Promise<void> | undefined;
  /** The socket that announced v2.system.socket_closing and is being replaced. */
  let handoverFrom: SocketSession | undefined;
  /** Set while no socket works after an unplanned loss; becomes the gap once a new socket is open. */
  let lost: LostSocket | undefined;
  let attempt = 0;
  let duplicatesDropped = 0;
  const pongsReceived = new WeakMap<SocketSession, number>();
  let duplicatesBeforeHandover = 0;
  let currentHasSpoken = false;
  let closing = false;
  let closed: Promise<void> | undefined;
  /** Whether a socket of this slot was ever open: before that, a permanent failure stops the slot. */
  let everOpened = false;
  let consecutiveFailures = 0;
  let failingSince: number | undefined;
  const facts = new WeakMap<SocketSession, ChannelFacts>();
  let expiresAt: number | undefined;
  /** Renewal of the current channel's subscriptions and its move to a new token. */
  let renewTimer: NodeJS.Timeout | undefined;
  let tokenTimer: NodeJS.Timeout | undefined;

  const clearChannelTimers = (): void => {
    clearTimeout(renewTimer);
    clearTimeout(tokenTimer);
    renewTimer = undefined;
    tokenTimer = undefined;
  };

  /** setTimeout within its range (a channel lives a day; a longer wait would fire at once). */
  const after = (ms: number, run: () => void): NodeJS.Timeout =>
    setTimeout(run, Math.max(0, Math.min(ms, MAX_TIMER_MS)));

  let settleFirstOpen: ((error?: GenesysNotificationStreamError) => void) | undefined;
  const firstOpen = new Promise<void>((resolve, reject) => {
    settleFirstOpen = (error) => {
      settleFirstOpen = undefined;
      if (error === undefined) resolve();
      else reject(error);
    };
  });
  // Nobody may be waiting for it (close() before start()).
  firstOpen.catch(() => {});

  const streamError = (code: GenesysNotificationStreamErrorCode, message: string, cause?: unknown) =>
    new GenesysNotificationStreamError({
      code,
      message: `Notification channel ${index}: ${message}`,
      channelIndex: index,
      channelId: current?.channelId,
      cause,
    });

  const report = (code: GenesysNotificationStreamErrorCode, message: string, cause?: unknown): void =>
    deps.report(streamError(code, message, cause));

  const delivery = createDeliveryQueue((error) =>
    report("callback-failed", `delivery failed: ${messageOf(error)}`, error),
  );

  const setStatus = (next: NotificationChannelStatus): void => {
    if (status === next) return;
    status = next;
    deps.onStatusChange();
  };

  const deliverEvent = (event: NotificationEvent): void => {
    delivery.push(async () => {
      counters.events++;
      try {
        await options.onEvent(event);
      } catch (error) {
        counters.eventHandlerErrors++;
        report("event-handler-failed", `onEvent failed for ${event.topicName}: ${messageOf(error)}`, error);
      }
    });
  };

  // Queued with the events, so the consumer hears of the gap before any event of the new socket.
  const deliverGap = (gap: NotificationGap): void => {
    const { onGap } = options;
    delivery.push(async () => {
      if (onGap === undefined) return;
      try {
        await onGap(gap);
      } catch (error) {
        report("callback-failed", `onGap failed: ${messageOf(error)}`, error);
      }
    });
  };

  const reportGap = (
    since: number,
    until: number,
    reason: NotificationGapReason,
    closeCode: number | undefined,
  ): void => {
    counters.gaps++;
    deliverGap({
      topics,
      from: new Date(Math.min(since, until)),
      to: new Date(until),
      reason,
      channelIndex: index,
      closeCode,
    });
  };

  const stop = (error: unknown): void => {
    if (status === "stopped") return;
    clearChannelTimers();
    setStatus("stopped");
    const stopped = streamError(
      "channel-stopped",
      `stopped after a permanent error: ${messageOf(error)}`,
      error,
    );
    deps.report(stopped);
    settleFirstOpen?.(stopped);
    // A stopped channel holds no socket; closing on purpose is not a loss, so no reconnect follows.
    void current?.close();
    for (const session of opening) void session.close();
  };

  /**
   * Make-before-break, checked: the client may learn late that the server already dropped the old socket
   * (a busy host reads the close frame late), and events published between that drop and the new socket's
   * opening went nowhere. So the old socket is pinged once the new one is open; its pong (or an event that
   * arrives on both sockets) proves the server still served it then. Only after that proof, or after
   * `closeTimeoutMs` without it, is it closed; without proof its end is reported as a gap (handleEnd).
   */
  const retire = (session: SocketSession, replacementOpenedAt: number): void => {
    session.ping();
    retiring.set(session, {
      replacementOpenedAt,
      awaitedPongs: session.pingsSent,
      duplicatesBefore: duplicatesBeforeHandover,
      overlapProven: false,
      giveUpTimer: setTimeout(() => void session.close(), options.closeTimeoutMs),
    });
  };

  const noteOverlap = (session: SocketSession): void => {
    const retired = retiring.get(session);
    if (retired === undefined || retired.overlapProven) return;
    retired.overlapProven = true;
    clearTimeout(retired.giveUpTimer);
    // Its close handshake still delivers whatever it had already received.
    void session.close();
  };

  const adopt = (session: SocketSession): void => {
    if (closing || status === "stopped") {
      void session.close();
      return;
    }
    const previous = current;
    const openedAt = session.openedAt ?? options.now();
    current = session;
    currentHasSpoken = false;
    if (previous?.isOpen) {
      retire(previous, openedAt);
      counters.handovers++;
    } else if (lost !== undefined) {
      counters.reconnects++;
      reportGap(lost.since, openedAt, lost.reason, lost.code);
    }
    lost = undefined;
    handoverFrom = undefined;
    everOpened = true;
    consecutiveFailures = 0;
    failingSince = undefined;
    clearChannelTimers();
    const channel = facts.get(session);
    expiresAt = channel?.expiresAt;
    if (channel !== undefined) {
      scheduleRenewal(session, channel);
      scheduleTokenHandover(session, channel);
    }
    setStatus("open");
    settleFirstOpen?.();
    deps.onOpen?.(session.channelId);
  };

  /**
   * Genesys: a channel lives 24 h unless its subscriptions are PUT again (a PUT restarts the clock; the
   * answer does not say until when, so the channel's first lifetime is assumed again).
   */
  function scheduleRenewal(session: SocketSession, channel: ChannelFacts): void {
    if (channel.expiresAt === undefined) return;
    const lifetimeMs = channel.expiresAt - channel.createdAt;
    const ahead = Math.min(options.subscriptionRenewAheadMs, lifetimeMs / 2);
    const renewAt = (expiry: number) => expiry - ahead;
    const renew = async (expiry: number, failures: number): Promise<void> => {
      if (session !== current || closing) return;
      try {
        await options.notifications.putSubscriptions(session.channelId, topics, {
          signal: abort.signal,
          lane: LANE,
        });
        if (session !== current) return;
        counters.resubscriptions++;
        const next = options.now() + lifetimeMs;
        expiresAt = next;
        renewTimer = after(renewAt(next) - options.now(), () => void renew(next, 0));
      } catch (error) {
        if (closing || session !== current) return;
        report("resubscribe-failed", `renewing the subscriptions failed: ${messageOf(error)}`, error);
        if (isChannelGone(error) || options.now() >= expiry) {
          abandonCurrent(session.lastAliveAt, "socket-closed");
          return;
        }
        const delay = reconnectDelayMs(failures, options.backoff, options.random, error);
        renewTimer = after(Math.min(delay, expiry - options.now()), () => void renew(expiry, failures + 1));
      }
    };
    renewTimer = after(
      renewAt(channel.expiresAt) - options.now(),
      () => void renew(channel.expiresAt ?? 0, 0),
    );
  }

  /** An expired token closes the channels created with it: move to a new token (and channel) first. */
  function scheduleTokenHandover(session: SocketSession, channel: ChannelFacts): void {
    if (channel.tokenExpiresAt === undefined) return;
    const ahead = Math.min(options.tokenHandoverAheadMs, (channel.tokenExpiresAt - channel.createdAt) / 4);
    tokenTimer = after(channel.tokenExpiresAt - ahead - options.now(), () => {
      if (session !== current || closing) return;
      counters.tokenHandovers++;
      beginHandover(session);
    });
  }

  /** Gives up the current socket on purpose and replaces it as after a loss (a gap from `since`). */
  function abandonCurrent(since: number, reason: NotificationGapReason): void {
    const session = current;
    if (session === undefined) return;
    current = undefined;
    clearChannelTimers();
    if (session === handoverFrom) dedupe.end();
    lost = { since, reason, code: NORMAL_CLOSURE };
    setStatus("reconnecting");
    void session.close();
    replaceSocket("reconnect");
  }

  /** `v2.system.no_longer_subscribed`: the socket stays, its topics are gone; PUT them again. */
  async function resubscribe(session: SocketSession, since: number): Promise<void> {
    try {
      await options.notifications.putSubscriptions(session.channelId, topics, {
        signal: abort.signal,
        lane: LANE,
      });
      if (closing || session !== current) return;
      counters.resubscriptions++;
      reportGap(since, options.now(), "no-longer-subscribed", undefined);
    } catch (error) {
      if (closing || session !== current) return;
      report(
        "resubscribe-failed",
        `subscribing again failed, replacing the channel: ${messageOf(error)}`,
        error,
      );
      abandonCurrent(since, "no-longer-subscribed");
    }
  }

  /** `v2.system.token_revoked`: drop the shared token, then move to a new channel (Genesys closes this one). */
  async function onTokenRevoked(session: SocketSession): Promise<void> {
    counters.tokenRevocations++;
    try {
      await options.tokens?.invalidateAccessToken();
    } catch (error) {
      report("callback-failed", `dropping the revoked token failed: ${messageOf(error)}`, error);
    }
    beginHandover(session);
  }

  const handleEnd = (session: SocketSession, ending: SessionEnding): void => {
    const retired = retiring.get(session);
    if (retired !== undefined) {
      retiring.delete(session);
      clearTimeout(retired.giveUpTimer);
      dedupe.end();
      const overlapProven = retired.overlapProven || duplicatesDropped > retired.duplicatesBefore;
      if (!overlapProven) {
        reportGap(session.lastAliveAt, retired.replacementOpenedAt, "handover-too-slow", ending.code);
      }
      return;
    }
    if (session !== current) return;
    current = undefined;
    clearChannelTimers();
    const wasHandingOver = session === handoverFrom;
    if (wasHandingOver) dedupe.end();
    if (closing || ending.requested || status === "stopped") return;
    lost = {
      since: session.lastAliveAt,
      reason: wasHandingOver ? "handover-too-slow" : ending.reason,
      code: ending.code,
    };
    setStatus("reconnecting");
    replaceSocket("reconnect");
  };

  const handleText = (session: SocketSession, text: string): void => {
    if (session === current && !currentHasSpoken) {
      // The socket demonstrably works: the next loss starts the backoff from the beginning again.
      currentHasSpoken = true;
      attempt = 0;
    }
    const frame = classifyFrame(text);
    switch (frame.kind) {
      case "heartbeat":
        counters.heartbeats++;
        return;
      case "pong": {
        counters.pongs++;
        const pongs = (pongsReceived.get(session) ?? 0) + 1;
        pongsReceived.set(session, pongs);
        const retired = retiring.get(session);
        if (retired !== undefined && pongs >= retired.awaitedPongs) noteOverlap(session);
        return;
      }
      case "metadata":
        return;
      case "socket-closing":
        beginHandover(session);
        return;
      case "token-revoked":
        if (session === current) void onTokenRevoked(session);
        return;
      case "no-longer-subscribed":
        // A retired socket's channel may lose its topics while it is being closed: nothing to do then.
        if (session !== current || (frame.channelId !== undefined && frame.channelId !== session.channelId))
          return;
        counters.noLongerSubscribed++;
        void resubscribe(session, options.now());
        return;
      case "system":
        return;
      case "invalid":
        counters.invalidFrames++;
        report("invalid-frame", `a frame ${frame.problem}; skipped`);
        return;
      case "event":
        if (!dedupe.admit(session, text)) {
          duplicatesDropped++;
          counters.duplicatesDropped++;
          // Both sockets received this event: they overlapped, the handover lost nothing.
          for (const retired of retiring.keys()) noteOverlap(retired);
          return;
        }
        deliverEvent(frame.event);
        return;
    }
  };

  const openSession = async (): Promise<void> => {
    const createdAt = options.now();
    const channel = await options.notifications.createChannel({ signal: abort.signal, lane: LANE });
    if (closing) return;
    if (typeof channel?.id !== "string" || typeof channel.connectUri !== "string") {
      throw new Error("the created channel has no id or connectUri");
    }
    // The token that created the channel is the client's current one: cached, so this costs no request.
    const tokenExpiresAt = await options.tokens?.accessTokenExpiresAt(abort.signal).catch(() => undefined);
    const expires = typeof channel.expires === "string" ? Date.parse(channel.expires) : Number.NaN;
    // Connecting and subscribing at the same time saves a round trip, which counts during a handover:
    // Genesys will not keep the old socket open for ever.
    const session = createSocketSession({
      channel,
      createWebSocket: options.createWebSocket,
      pingIntervalMs: options.pingIntervalMs,
      silenceTimeoutMs: options.silenceTimeoutMs,
      closeTimeoutMs: options.closeTimeoutMs,
      now: options.now,
      onText: handleText,
      onPingSent: () => {
        counters.pingsSent++;
      },
      onSocketError: (_session, error) => report("socket-error", `socket error: ${error.message}`, error),
      onEnd: handleEnd,
    });
    facts.set(session, {
      createdAt,
      // A channel that looks expired already (a skewed clock) gets no renewal timer rather than a busy one.
      expiresAt: Number.isFinite(expires) && expires > createdAt ? expires : undefined,
      tokenExpiresAt,
    });
    opening.add(session);
    try {
      await Promise.all([
        options.notifications.putSubscriptions(channel.id, topics, { signal: abort.signal, lane: LANE }),
        session.opened,
      ]);
      if (!session.isOpen) throw new Error(`the socket of channel ${channel.id} closed while subscribing`);
    } catch (error) {
      void session.close();
      throw error;
    } finally {
      opening.delete(session);
    }
    adopt(session);
  };

  const replaceLoop = async (waitFirst: boolean): Promise<void> => {
    let mustWait = waitFirst;
    let lastError: unknown;
    while (!closing && status !== "stopped") {
      if (mustWait) {
        await waitMs(reconnectDelayMs(attempt, options.backoff, options.random, lastError), abort.signal);
        attempt++;
        if (closing) return;
      }
      mustWait = true;
      try {
        await openSession();
        return;
      } catch (error) {
        if (closing) return;
        lastError = error;
        const permanent = isPermanentFailure(error);
        if (permanent && !everOpened) {
          stop(error);
          return;
        }
        counters.connectFailures++;
        consecutiveFailures++;
        failingSince ??= options.now();
        if (permanent) {
          counters.connectRejections++;
          report("connect-rejected", `connect rejected, retrying with backoff: ${messageOf(error)}`, error);
        } else {
          report("connect-failed", `connect failed, retrying: ${messageOf(error)}`, error);
        }
      }
    }
  };

  /** One replacement at a time: a drop during a handover simply lets the handover's attempt finish. */
  function replaceSocket(trigger: "initial" | "handover" | "reconnect"): void {
    if (replacing !== undefined) return;
    // A handover starts at once (the old socket is still working); a reconnect backs off first.
    replacing = replaceLoop(trigger === "reconnect").finally(() => {
      replacing = undefined;
    });
  }

  function beginHandover(session: SocketSession): void {
    if (session !== current || session === handoverFrom || closing || status === "stopped") return;
    handoverFrom = session;
    duplicatesBeforeHandover = duplicatesDropped;
    dedupe.begin();
    replaceSocket("handover");
  }

  return {
    index,
    topicCount: topics.length,
    get status() {
      return status;
    },
    get channelId() {
      return current?.channelId;
    },
    get consecutiveFailures() {
      return consecutiveFailures;
    },
    get failingSince() {
      return failingSince;
    },
    get expiresAt() {
      return current === undefined ? undefined : expiresAt;
    },
    start() {
      if (closing) return Promise.reject(streamError("closed", "the stream was closed"));
      replaceSocket("initial");
      return firstOpen;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        clearChannelTimers();
        abort.abort();
        settleFirstOpen?.(streamError("closed", "the stream was closed before the channel opened"));
        const sessions = [current, ...retiring.keys(), ...opening].filter(
          (session): session is SocketSession => session !== undefined,
        );
        await Promise.all(sessions.map((session) => session.close()));
        await replacing?.catch(() => {});
        // Frames received before the sockets closed are still delivered: nothing received is dropped.
        await delivery.drained();
        setStatus("closed");
      })();
      return closed;
    },
  };
}
