/** Thrown at teardown when a test left a worker, queue listener or Redis connection open. */
export class ResourceLeakError extends Error {
  readonly leaks: readonly string[];

  constructor(testId: string, leaks: readonly string[]) {
    super(
      `Test ${testId} left ${leaks.length} resource(s) open: ${leaks.join(", ")}. ` +
        "Close every Worker, QueueEvents and connection the test creates (await worker.close()).",
    );
    this.name = "ResourceLeakError";
    this.leaks = leaks;
  }
}
