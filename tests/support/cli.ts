import { spawn } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "./database";
import { nodeArgumentsFor } from "./entry-bundle";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Each run boots the application in a child process: slow on a busy machine. */
export const CLI_TIMEOUT = 120_000;

/**
 * `npm run cli -- <args>` as a child process (the real entry point, exit code and streams) against a
 * scratch database of the test file's own, created before its tests and dropped after them.
 */
export function useCli() {
  let scratch: ScratchDatabase | undefined;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    await scratch?.cleanup();
  });
  const database = () => {
    if (!scratch) throw new Error("useCli(): the scratch database exists only once the tests run");
    return scratch;
  };
  return {
    /** The database the CLI works on: open() it to check what a command wrote. */
    get scratch() {
      return database();
    },
    /** Runs the bundled CLI; `via: "tsx"` runs it exactly as `npm run cli` does. */
    run: (args: string[], extraEnv: Record<string, string> = {}, options: { via?: "bundle" | "tsx" } = {}) =>
      runCli(database(), args, extraEnv, options.via),
  };
}

function runCli(scratch: ScratchDatabase, args: string[], extraEnv: Record<string, string>, via?: "bundle" | "tsx"): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", LOG_LEVEL: "silent", ...scratch.env, ...extraEnv };
    // The embedded scratch copy is chosen by DATA_DIR: an inherited DATABASE_URL would win over it.
    if (!scratch.env.DATABASE_URL) delete env.DATABASE_URL;
    const child = spawn(process.execPath, [...nodeArgumentsFor("cli", { via }), ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
