import { afterEach } from "vitest";
import WebSocket from "ws";
import {
  DEFAULT_EMULATOR_CREDENTIALS,
  type EmulatorCredentials,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from "../src/index.js";

/**
 * Starts emulators on port 0 and closes them (and every test WebSocket) after each test, so test files can
 * run in parallel and leave nothing open. Call once at the top of a test file.
 */
export function useEmulators(): (options?: EmulatorOptions) => Promise<RunningEmulator> {
  const running: RunningEmulator[] = [];
  afterEach(async () => {
    closeAllTestSockets();
    await Promise.all(running.splice(0).map((emulator) => emulator.close()));
  });
  return async (options = {}) => {
    const emulator = await startEmulator({ port: 0, ...options });
    running.push(emulator);
    return emulator;
  };
}

export function basicAuth(credentials: EmulatorCredentials = DEFAULT_EMULATOR_CREDENTIALS): string {
  return `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64")}`;
}

export function requestToken(
  emulator: RunningEmulator,
  credentials: EmulatorCredentials = DEFAULT_EMULATOR_CREDENTIALS,
): Promise<Response> {
  return fetch(`${emulator.loginBaseUrl}/oauth/token`, {
    method: "POST",
    headers: { authorization: basicAuth(credentials), "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
}

export async function getToken(
  emulator: RunningEmulator,
  credentials: EmulatorCredentials = DEFAULT_EMULATOR_CREDENTIALS,
): Promise<string> {
  const response = await requestToken(emulator, credentials);
  if (response.status !== 200) throw new Error(`token request failed with ${response.status}`);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A plain fetch against the API; the body is parsed JSON (undefined when empty). */
export async function api<T = unknown>(
  emulator: RunningEmulator,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  const response = await fetch(`${emulator.apiBaseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === "" ? undefined : JSON.parse(text)) as T,
  };
}

export interface Frame {
  topicName: string;
  version?: string;
  eventBody: unknown;
  metadata?: { CorrelationId: string };
}

export interface TestSocket {
  socket: WebSocket;
  frames: Frame[];
  /** Resolves with the first frame (already received or later) matching the predicate. */
  waitFor(predicate: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  closed: Promise<{ code: number; reason: string }>;
}

const openSockets = new Set<WebSocket>();

function closeAllTestSockets(): void {
  for (const socket of openSockets) socket.terminate();
  openSockets.clear();
}

export function connect(connectUri: string): Promise<TestSocket> {
  const socket = new WebSocket(connectUri);
  openSockets.add(socket);
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  socket.on("message", (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const waiter of [...waiters]) waiter();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on("close", (code, reason) => {
      openSockets.delete(socket);
      resolve({ code, reason: reason.toString() });
    });
  });
  const waitFor = (predicate: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = frames.find(predicate);
        if (found === undefined) return false;
        waiters.delete(onFrame);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const onFrame = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        waiters.delete(onFrame);
        reject(
          new Error(
            `no matching frame within ${timeoutMs} ms; ${frames.length} frames, the last: ${frames
              .slice(-10)
              .map((f) => f.topicName)
              .join(", ")}`,
          ),
        );
      }, timeoutMs);
      if (!check()) waiters.add(onFrame);
    });
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ socket, frames, waitFor, closed }));
    socket.once("error", reject);
  });
}

/** Creates a channel, subscribes it to the topics and connects to it. */
export async function openChannel(
  emulator: RunningEmulator,
  token: string,
  topics: readonly string[],
): Promise<TestSocket & { channelId: string }> {
  const channel = await api<{ id: string; connectUri: string }>(
    emulator,
    token,
    "POST",
    "/api/v2/notifications/channels",
  );
  if (channel.status !== 200) throw new Error(`channel creation failed with ${channel.status}`);
  if (topics.length > 0) {
    const subscribed = await api(
      emulator,
      token,
      "PUT",
      `/api/v2/notifications/channels/${channel.body.id}/subscriptions`,
      topics.map((id) => ({ id })),
    );
    if (subscribed.status !== 200) throw new Error(`subscription failed with ${subscribed.status}`);
  }
  const connected = await connect(channel.body.connectUri);
  return { ...connected, channelId: channel.body.id };
}

const isPong = (frame: Frame): boolean =>
  frame.topicName === "channel.metadata" && (frame.eventBody as { message?: string }).message === "pong";

/**
 * Resolves once every frame the server sent before now has arrived: the pong to a ping travels behind them
 * on the same socket.
 */
export async function flush(socket: TestSocket): Promise<void> {
  const pongsBefore = socket.frames.filter(isPong).length;
  socket.socket.send(JSON.stringify({ message: "ping" }));
  await socket.waitFor(() => socket.frames.filter(isPong).length > pongsBefore);
}
