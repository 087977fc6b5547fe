import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Every job module can be the first module a process imports: putting a job on the queue
 * (boss.server) never imports a handler, so there is no cycle for import order to trip on. Before,
 * importing a job module first threw "Cannot access 'taskRemindersJob' before initialization".
 * Each import runs in a fresh Node process (as the server or a script would load it): the test
 * runner's own module loader is more forgiving with cycles.
 */
const JOB_FILES = readdirSync(resolve("app/modules"), { recursive: true, encoding: "utf8" })
  .filter((file) => /-job\.server\.ts$/.test(file))
  .map((file) => `./app/modules/${file}`);

describe("job modules", () => {
  it("are all found", () => {
    expect(JOB_FILES.length).toBeGreaterThanOrEqual(7);
  });

  it.each(JOB_FILES)("load first, in a fresh process: %s", (file) => {
    const script = `const loaded = await import(${JSON.stringify(file)}); if (!Object.values(loaded).some((v) => typeof v?.handler === "function")) throw new Error("no job");`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "silent" } });
    expect(run.stderr).not.toMatch(/before initialization/);
    expect(run.status, run.stderr).toBe(0);
  });
});
