import { processCpuMs } from "../../../scripts/bench/child-processes";

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The page benchmark's CPU-per-response column reads a server's CPU time from /proc. */
describe("processCpuMs", () => {
  test.runIf(process.platform === "linux")("grows with the CPU a process spends", () => {
    const before = processCpuMs(process.pid);
    expect(before).toBeGreaterThan(0);
    // 150 ms of CPU, as Node counts it (not of wall time: on a busy machine the process may be
    // descheduled for most of a wall-clock interval); /proc counts in 10 ms ticks.
    const start = process.cpuUsage();
    let spin = 0;
    while (cpuMsSince(start) < 150) spin++;
    expect(spin).toBeGreaterThan(0);
    expect(processCpuMs(process.pid)! - before!).toBeGreaterThanOrEqual(100);
  });

  test("is null for a process that does not exist", () => {
    expect(processCpuMs(2 ** 30)).toBeNull();
    expect(processCpuMs(undefined)).toBeNull();
  });
});
