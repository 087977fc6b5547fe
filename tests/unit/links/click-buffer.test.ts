import { createClickBuffer, type Click } from "~/modules/links/click-buffer.server";

function click(n: number): Click {
  return { linkId: `link-${n % 3}`, clickedAt: new Date(Date.UTC(2026, 11, 7, 9, 0, 0, n)), ipHash: `hash-${n}` };
}

/** A sink that records every batch, and can be told to fail or to hang until released. */
function sink() {
  const batches: Click[][] = [];
  let failures = 0;
  let gate: Promise<void> | undefined;
  let open: () => void = () => {};
  return {
    batches,
    written: () => batches.flat(),
    failNext(times: number) {
      failures = times;
    },
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = undefined;
      open();
    },
    write: async (clicks: readonly Click[]) => {
      if (gate) await gate;
      if (failures > 0) {
        failures--;
        throw new Error("database down");
      }
      batches.push([...clicks]);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the click buffer", () => {
  it("writes nothing before a second has passed, then every waiting click in one insert", async () => {
    vi.useFakeTimers();
    const target = sink();
    const buffer = createClickBuffer({ write: target.write });
    for (let n = 0; n < 3; n++) buffer.add(click(n));
    await vi.advanceTimersByTimeAsync(999);
    expect(target.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(target.batches).toEqual([[click(0), click(1), click(2)]]);
    expect(buffer.pending()).toBe(0);
  });

  it("writes at once when 500 clicks are waiting, without waiting for the timer", async () => {
    vi.useFakeTimers();
    const target = sink();
    const buffer = createClickBuffer({ write: target.write });
    for (let n = 0; n < 499; n++) buffer.add(click(n));
    await vi.advanceTimersByTimeAsync(0);
    expect(target.batches).toHaveLength(0);
    buffer.add(click(499));
    await vi.advanceTimersByTimeAsync(0);
    expect(target.batches.map((batch) => batch.length)).toEqual([500]);
    expect(target.written()).toEqual(Array.from({ length: 500 }, (_, n) => click(n)));
  });

  it("writes everything waiting at a tick in several inserts of at most maxRowsPerInsert, not one per second", async () => {
    vi.useFakeTimers();
    const target = sink();
    const buffer = createClickBuffer({ write: target.write, maxRowsPerInsert: 100 });
    for (let n = 0; n < 250; n++) buffer.add(click(n));
    await vi.advanceTimersByTimeAsync(1000);
    const tick = Date.now();
    await vi.runAllTimersAsync();
    // The inserts after the first followed at once (setImmediate), not at the next ticks.
    expect(Date.now() - tick).toBeLessThan(1000);
    expect(target.batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(target.written()).toEqual(Array.from({ length: 250 }, (_, n) => click(n)));
  });

  it("takes new clicks while a flush is in progress and writes them in the next one", async () => {
    vi.useFakeTimers();
    const target = sink();
    const buffer = createClickBuffer({ write: target.write });
    target.hold();
    for (let n = 0; n < 500; n++) buffer.add(click(n));
    await vi.advanceTimersByTimeAsync(0);
    // The first insert hangs; clicks keep arriving and are accepted at once.
    for (let n = 500; n < 520; n++) buffer.add(click(n));
    expect(buffer.pending()).toBe(20);
    target.release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(target.batches.map((batch) => batch.length)).toEqual([500, 20]);
    expect(target.written()).toEqual(Array.from({ length: 520 }, (_, n) => click(n)));
  });

  it("keeps the clicks of a failed flush and writes them, in order, at the next tick", async () => {
    vi.useFakeTimers();
    const target = sink();
    const buffer = createClickBuffer({ write: target.write });
    target.failNext(2);
    for (let n = 0; n < 5; n++) buffer.add(click(n));
    await vi.advanceTimersByTimeAsync(1000);
    buffer.add(click(5));
    await vi.advanceTimersByTimeAsync(1000);
    expect(target.batches).toHaveLength(0);
    expect(buffer.pending()).toBe(6);
    await vi.advanceTimersByTimeAsync(1000);
    expect(target.written()).toEqual(Array.from({ length: 6 }, (_, n) => click(n)));
    expect(buffer.pending()).toBe(0);
  });

  it("does not retry at every click while the database fails, only at each tick", async () => {
    vi.useFakeTimers();
    const target = sink();
    let attempts = 0;
    const buffer = createClickBuffer({
      batchSize: 10,
      write: async (clicks) => {
        attempts++;
        await target.write(clicks);
      },
    });
    target.failNext(1_000);
    for (let n = 0; n < 10; n++) buffer.add(click(n));
    await vi.advanceTimersByTimeAsync(0);
    for (let n = 10; n < 200; n++) buffer.add(click(n));
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(attempts).toBe(2);
    expect(buffer.pending()).toBe(200);
  });

  it("refuses clicks beyond its bound while the database is down, keeps every click it took, and takes clicks again once written", async () => {
    vi.useFakeTimers();
    const target = sink();
    const buffer = createClickBuffer({ write: target.write, maxPending: 100, batchSize: 1_000 });
    target.failNext(1);
    const taken = Array.from({ length: 150 }, (_, n) => buffer.add(click(n)));
    expect(taken.filter(Boolean)).toHaveLength(100);
    expect(taken.slice(100).some(Boolean)).toBe(false);
    expect(buffer.pending()).toBe(100);
    expect(buffer.refused()).toBe(50);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(target.written()).toEqual(Array.from({ length: 100 }, (_, n) => click(n)));
    expect(buffer.add(click(150))).toBe(true);
  });

  it("flushNow writes everything, also what a running flush holds, in inserts of at most maxRowsPerInsert", async () => {
    const target = sink();
    const buffer = createClickBuffer({ write: target.write, maxRowsPerInsert: 400 });
    target.hold();
    for (let n = 0; n < 1_000; n++) buffer.add(click(n));
    const flushed = buffer.flushNow();
    target.release();
    await flushed;
    expect(buffer.pending()).toBe(0);
    expect(target.written()).toEqual(Array.from({ length: 1_000 }, (_, n) => click(n)));
    expect(Math.max(...target.batches.map((batch) => batch.length))).toBeLessThanOrEqual(400);
  });

  it("flushNow rejects when a write fails, and keeps the clicks for the next attempt", async () => {
    const target = sink();
    const buffer = createClickBuffer({ write: target.write });
    for (let n = 0; n < 3; n++) buffer.add(click(n));
    target.failNext(1);
    await expect(buffer.flushNow()).rejects.toThrow("database down");
    expect(buffer.pending()).toBe(3);
    await buffer.flushNow();
    expect(target.written()).toEqual([click(0), click(1), click(2)]);
    buffer.stop();
  });

  it("loses no click under random arrivals, failures and flushes", async () => {
    vi.useFakeTimers();
    const target = sink();
    const buffer = createClickBuffer({ write: target.write, batchSize: 50 });
    let sent = 0;
    for (let round = 0; round < 40; round++) {
      if (round % 7 === 3) target.failNext(1);
      for (let n = 0; n < (round * 37) % 120; n++) buffer.add(click(sent++));
      await vi.advanceTimersByTimeAsync((round * 173) % 1300);
    }
    vi.useRealTimers();
    await buffer.flushNow();
    expect(target.written()).toEqual(Array.from({ length: sent }, (_, n) => click(n)));
  });

  it("hashes each raw IP when a flush takes it, once per distinct IP, and writes no raw IP", async () => {
    vi.useFakeTimers();
    const target = sink();
    const hashed: string[] = [];
    const buffer = createClickBuffer({ write: target.write, hashIp: (ip) => (hashed.push(ip), `hash(${ip})`) });
    const at = new Date(Date.UTC(2026, 11, 7, 9));
    for (const ip of ["203.0.113.7", "203.0.113.7", "198.51.100.1", null]) buffer.add({ linkId: "link-1", clickedAt: at, ip });
    expect(hashed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(hashed).toEqual(["203.0.113.7", "198.51.100.1"]);
    expect(target.written().map((click) => click.ipHash)).toEqual(["hash(203.0.113.7)", "hash(203.0.113.7)", "hash(198.51.100.1)", null]);
    expect(JSON.stringify(target.written())).not.toContain("203.0.113.7\"");
  });

  it("keeps no raw IP past the first flush, also while the database fails", async () => {
    vi.useFakeTimers();
    const target = sink();
    const hashed: string[] = [];
    const buffer = createClickBuffer({ write: target.write, hashIp: (ip) => (hashed.push(ip), `hash(${ip})`), maxRowsPerInsert: 2 });
    const at = new Date(Date.UTC(2026, 11, 7, 9));
    target.failNext(1);
    for (let n = 0; n < 5; n++) buffer.add({ linkId: "link-1", clickedAt: at, ip: `192.0.2.${n}` });
    await vi.advanceTimersByTimeAsync(1000);
    expect(target.batches).toHaveLength(0);
    // The first write failed, yet every waiting IP was hashed when the flush started: the batch that
    // failed and the three behind it.
    expect(hashed).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(3000);
    expect(hashed).toHaveLength(5);
    expect(target.written().map((click) => click.ipHash)).toEqual([0, 1, 2, 3, 4].map((n) => `hash(192.0.2.${n})`));
    expect(target.written().every((click) => (click as { ip?: unknown }).ip === undefined)).toBe(true);
  });
});
