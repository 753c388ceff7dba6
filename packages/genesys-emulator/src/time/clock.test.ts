import { describe, expect, it } from "vitest";
import { ClockModeError, createClock } from "./clock.js";

const manual = () => createClock({ mode: "manual", startMs: 1000, onTimerError: () => {} });

describe("manual clock", () => {
  it("runs due timers in time order, ties in scheduling order, only when advanced", async () => {
    const clock = manual();
    const ran: string[] = [];
    clock.schedule(30, () => ran.push(`c@${clock.now()}`));
    clock.schedule(10, () => ran.push(`a@${clock.now()}`));
    clock.schedule(10, () => ran.push(`b@${clock.now()}`));
    expect(ran).toEqual([]);
    await clock.advance(20);
    expect(ran).toEqual(["a@1010", "b@1010"]);
    expect(clock.now()).toBe(1020);
    await clock.advance(100);
    expect(ran).toEqual(["a@1010", "b@1010", "c@1030"]);
    expect(clock.now()).toBe(1120);
  });

  it("runs timers scheduled by timers within the same advance", async () => {
    const clock = manual();
    const ticks: number[] = [];
    const tick = (): void => {
      ticks.push(clock.now());
      clock.schedule(100, tick);
    };
    clock.schedule(100, tick);
    await clock.advance(350);
    expect(ticks).toEqual([1100, 1200, 1300]);
  });

  it("cancels timers, survives a throwing timer and stops after dispose", async () => {
    const errors: unknown[] = [];
    const clock = createClock({ mode: "manual", startMs: 0, onTimerError: (error) => errors.push(error) });
    const ran: number[] = [];
    const cancelled = clock.schedule(5, () => ran.push(5));
    clock.schedule(6, () => {
      throw new Error("boom");
    });
    clock.schedule(7, () => ran.push(7));
    clock.cancel(cancelled);
    await clock.advance(10);
    expect(ran).toEqual([7]);
    expect(errors).toHaveLength(1);
    clock.schedule(1, () => ran.push(99));
    clock.dispose();
    await clock.advance(10);
    expect(ran).toEqual([7]);
  });

  it("rejects a negative advance", async () => {
    await expect(manual().advance(-1)).rejects.toThrow(/advance/);
  });
});

describe("real clock", () => {
  it("fires on real time and refuses advance", async () => {
    const clock = createClock({ mode: "real", startMs: 0, onTimerError: () => {} });
    const fired = new Promise<number>((resolve) => clock.schedule(20, () => resolve(Date.now())));
    const began = Date.now();
    expect((await fired) - began).toBeGreaterThanOrEqual(19);
    await expect(clock.advance(10)).rejects.toBeInstanceOf(ClockModeError);
    clock.dispose();
  });
});
