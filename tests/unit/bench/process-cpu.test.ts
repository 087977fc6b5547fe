import { processCpuMs } from "../../../scripts/bench/child-processes";

/** The page benchmark's CPU-per-response column reads a server's CPU time from /proc. */
describe("processCpuMs", () => {
  test.runIf(process.platform === "linux")("grows with the CPU a process spends", () => {
    const before = processCpuMs(process.pid);
    expect(before).toBeGreaterThan(0);
    const until = performance.now() + 150;
    let spin = 0;
    while (performance.now() < until) spin++;
    expect(spin).toBeGreaterThan(0);
    // 150 ms of busy work; /proc counts in 10 ms ticks, and the process may be descheduled.
    expect(processCpuMs(process.pid)! - before!).toBeGreaterThanOrEqual(50);
  });

  test("is null for a process that does not exist", () => {
    expect(processCpuMs(2 ** 30)).toBeNull();
    expect(processCpuMs(undefined)).toBeNull();
  });
});
