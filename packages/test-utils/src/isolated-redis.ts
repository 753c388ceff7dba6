import { randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import { ResourceLeakError } from "./leak-error.js";

export const DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379";

/** Anything a test may create that holds Redis connections: BullMQ Worker, Queue, QueueEvents, ... */
export interface ClosableResource {
  close(): Promise<unknown>;
}

export interface IsolatedRedisOptions {
  /** Default redis://127.0.0.1:6379 (the machine's Redis; `scripts/test-prerequisites.sh`, run by npm test, makes sure one answers). */
  readonly url?: string;
}

/**
 * One test's private slice of the shared Redis: a unique BullMQ prefix (every key of the test lives under
 * it), unique queue names, and bookkeeping that lets teardown prove nothing was left running.
 */
export interface IsolatedRedis {
  readonly id: string;
  /** Pass as BullMQ's `prefix` option; BullMQ names its connections after it, which the leak check reads. */
  readonly prefix: string;
  /** Shared connection for Queue/Worker (`maxRetriesPerRequest: null`, as BullMQ requires). Closed at teardown. */
  readonly connection: Redis;
  /** `{ connection, prefix }`: spread into any BullMQ constructor's options. */
  readonly bullmq: { readonly connection: Redis; readonly prefix: string };
  /** A queue name no other test uses. */
  queueName(label?: string): string;
  /** An extra connection; the test must `quit()` it itself, or teardown reports it as a leak. */
  newConnection(options?: RedisOptions): Redis;
  /**
   * Registers a BullMQ Worker/Queue/QueueEvents. Teardown closes it; a Worker still running at teardown is
   * a leak (the test forgot to stop it) and fails the test.
   */
  track<T extends ClosableResource>(resource: T): T;
  /** Every Redis key this test wrote (under its prefix). */
  keys(): Promise<string[]>;
  /** Closes and deletes everything; rejects with ResourceLeakError if the test left something running. */
  cleanup(): Promise<void>;
}

const LEAK_NAME_MARKER = "leakcheck";

export async function createIsolatedRedis(options: IsolatedRedisOptions = {}): Promise<IsolatedRedis> {
  const url = options.url ?? DEFAULT_TEST_REDIS_URL;
  const id = randomUUID().slice(0, 8);
  const prefix = `test-${id}`;
  const tracked: ClosableResource[] = [];
  const extraConnections: Redis[] = [];
  let queueCounter = 0;
  let connectionCounter = 0;

  const admin = new Redis(url, { lazyConnect: true, connectionName: `fixture-admin-${id}` });
  await admin.connect();
  const connection = new Redis(url, { maxRetriesPerRequest: null, connectionName: `fixture-${id}` });

  const runningWorkers = (): string[] =>
    tracked
      .filter(isRunningWorker)
      .map((resource) => `a running BullMQ Worker on queue "${workerQueueName(resource)}"`);

  // BullMQ names its worker and queue-events connections "<prefix>:<base64(queue)>"; our extra
  // connections are "<prefix>:leakcheck:<n>". Anything with our prefix still connected was not closed.
  const openConnections = async (): Promise<string[]> => {
    const clientList = String(await admin.client("LIST"));
    const open: string[] = [];
    for (const line of clientList.split("\n")) {
      const name = /(?:^| )name=(\S*)/.exec(line)?.[1];
      if (name?.startsWith(`${prefix}:`)) open.push(`an open Redis connection named "${name}"`);
    }
    return open;
  };

  /**
   * Connections the test left open. A connection that was just closed can still be listed for a moment (a
   * disconnect is a FIN the server has not read yet), so only one that stays open for a second is a leak.
   */
  const settledOpenConnections = async (): Promise<string[]> => {
    let open = await openConnections();
    for (let tries = 0; open.length > 0 && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      open = await openConnections();
    }
    return open;
  };

  const keysUnderPrefix = async (): Promise<string[]> => {
    const found: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await admin.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      found.push(...batch);
    } while (cursor !== "0");
    return found.sort();
  };

  const deleteKeys = async (): Promise<void> => {
    const keys = await keysUnderPrefix();
    if (keys.length > 0) await admin.unlink(...keys);
  };

  return {
    id,
    prefix,
    connection,
    bullmq: { connection, prefix },
    queueName: (label = "q") => `${label}-${id}-${++queueCounter}`,
    newConnection: (extra = {}) => {
      const conn = new Redis(url, {
        maxRetriesPerRequest: null,
        ...extra,
        connectionName: `${prefix}:${LEAK_NAME_MARKER}:${++connectionCounter}`,
      });
      extraConnections.push(conn);
      return conn;
    },
    track: (resource) => {
      tracked.push(resource);
      return resource;
    },
    keys: keysUnderPrefix,
    cleanup: async () => {
      // A worker still running is a leak even though teardown stops it; a tracked Queue or QueueEvents is
      // the fixture's to close. Connections are checked after that: what is still open was never tracked.
      const leaks = runningWorkers();
      await Promise.allSettled(tracked.map((resource) => resource.close()));
      leaks.push(...(await settledOpenConnections()));
      for (const conn of extraConnections) conn.disconnect();
      await connection.quit().catch(() => connection.disconnect());
      await deleteKeys();
      await admin.quit().catch(() => admin.disconnect());
      if (leaks.length > 0) throw new ResourceLeakError(id, leaks);
    },
  };
}

function isRunningWorker(resource: ClosableResource): boolean {
  const candidate = resource as { isRunning?: unknown; closing?: unknown };
  return typeof candidate.isRunning === "function" && (candidate.isRunning as () => boolean).call(resource);
}

function workerQueueName(resource: ClosableResource): string {
  const name = (resource as { name?: unknown }).name;
  return typeof name === "string" ? name : "?";
}
