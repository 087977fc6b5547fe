import { spawn } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import { runCli as runCliProgramme } from "../../scripts/cli-programme";
import { isQueueRunning } from "~/modules/jobs/boss.server";
import { isDatabaseOpen } from "~/utils/db.server";
import { createScratchDatabase, type ScratchDatabase } from "./database";
import { nodeArgumentsFor } from "./entry-bundle";
import { withProcessEnv } from "./environment";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A run that boots the application in a child process is slow on a busy machine. */
export const CLI_TIMEOUT = 120_000;

/**
 * `npm run cli -- <args>` against a scratch database of the test file's own, created before its
 * tests and dropped after them. By default the CLI's programme (scripts/cli-programme.ts) runs in
 * this process with the scratch database in its environment, and its exit code and streams are
 * captured: a child process per command cost about 3 s of CPU. `via: "tsx"` (as `npm run cli` runs
 * it) or `via: "bundle"` spawns the real entry point instead, for what only a process shows (the
 * entry point itself, another process owning the data folder).
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
    run: (args: string[], extraEnv: Record<string, string> = {}, options: { via?: "in-process" | "bundle" | "tsx" } = {}) =>
      options.via && options.via !== "in-process"
        ? spawnCli(database().env, args, extraEnv, options.via)
        : runCliInProcess(database().env, args, extraEnv),
  };
}

/** The environment a CLI run sees: this process's, pointed at `database`. */
function cliEnvironment(database: ScratchDatabase["env"], extraEnv: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...database, ...extraEnv };
  // The embedded scratch copy is chosen by DATA_DIR: an inherited DATABASE_URL would win over it.
  if (!database.DATABASE_URL) delete env.DATABASE_URL;
  return env;
}

/**
 * Runs the CLI's programme in this process, with process.env pointed at `database` for the run (the
 * modules it calls read the environment themselves) and restored after it. The programme opens and
 * closes the process's database and job queue: a file that has its own (useTestDatabase) must spawn.
 */
export async function runCliInProcess(database: ScratchDatabase["env"], args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
  if (isDatabaseOpen() || isQueueRunning()) {
    throw new Error("runCliInProcess: this process already has a database or job queue open; spawn the CLI instead (via: \"bundle\")");
  }
  let stdout = "";
  let stderr = "";
  const code = await withProcessEnv(cliEnvironment(database, extraEnv), () =>
    runCliProgramme(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    }),
  );
  return { code, stdout, stderr };
}

/** The CLI's entry point in a child process: its bundle, or `via: "tsx"` exactly as `npm run cli` runs it. */
export function spawnCli(database: ScratchDatabase["env"], args: string[], extraEnv: Record<string, string> = {}, via?: "bundle" | "tsx"): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...cliEnvironment(database, extraEnv), NODE_ENV: "development", LOG_LEVEL: "silent", ...extraEnv };
    const child = spawn(process.execPath, [...nodeArgumentsFor("cli", { via }), ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A command that needs no database (sentiment:score) run in this process with `input` as its standard
 * input: no scratch database, no environment of its own.
 */
export async function runCliWithInput(args: string[], input: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCliProgramme(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: [input],
  });
  return { code, stdout, stderr };
}

/** The same in a child process, with `input` piped to its standard input (`via` as spawnCli). */
export function spawnCliWithInput(args: string[], input: string, via?: "bundle" | "tsx"): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", LOG_LEVEL: "silent" };
    const child = spawn(process.execPath, [...nodeArgumentsFor("cli", { via }), ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
