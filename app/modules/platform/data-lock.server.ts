import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * The embedded database can be opened by one process only. The owner writes its pid into
 * DATA_DIR/owner.pid; another process that finds a live owner refuses to open the files.
 */
export class DataDirectoryBusyError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (the running portal). ` +
        `Stop it first (Ctrl+C in its terminal, or kill ${pid}), or run this command against PostgreSQL with DATABASE_URL.`,
    );
    this.name = "DataDirectoryBusyError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Claims the data folder for this process; returns a function that releases it. */
export function claimDataDirectory(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, "owner.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        // A process that claims folders one after another (tests run the CLI in process) must not
        // collect one exit listener per claim.
        process.off("exit", release);
        rmSync(lockPath, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
        throw new DataDirectoryBusyError(dataDir, pid);
      }
      // The previous owner died without cleaning up: take over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not claim ${dataDir}`);
}
