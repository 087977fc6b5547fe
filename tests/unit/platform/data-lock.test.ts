import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claimDataDirectory, DataDirectoryBusyError } from "~/modules/platform/data-lock.server";

describe("claiming the embedded data folder", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "lock-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("records this process as the owner and frees the folder on release", () => {
    const release = claimDataDirectory(dir);
    expect(readFileSync(join(dir, "owner.pid"), "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, "owner.pid"))).toBe(false);
  });

  it("refuses a folder owned by another live process and says how to proceed", () => {
    // The parent of this test process is alive for the whole test.
    writeFileSync(join(dir, "owner.pid"), String(process.ppid));
    let caught: unknown;
    try {
      claimDataDirectory(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataDirectoryBusyError);
    expect((caught as Error).message).toMatch(new RegExp(`in use by process ${process.ppid}.*Stop it first`));
  });

  it("takes over a folder whose previous owner died", () => {
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    writeFileSync(join(dir, "owner.pid"), dead);
    const release = claimDataDirectory(dir);
    expect(readFileSync(join(dir, "owner.pid"), "utf8")).toBe(String(process.pid));
    release();
  });
});
