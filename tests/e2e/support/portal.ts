import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import pg from "pg";
import { startFakeResend } from "../../fakes/resend";
import { nodeArgumentsFor } from "../../support/entry-bundle";
import { copyTemplate } from "../../support/template";

/**
 * The built portal (`remix build` output) running as a child process, as `npm start` runs it (its
 * entry point bundled: tests/support/entry-bundle.ts), on a free port with its own empty database
 * (so it seeds the demo accounts) and its email going to a fake Resend server the test can read.
 * The embedded database starts as a copy of the tests' migrated template: creating a new one costs
 * 4 s of CPU, and tests/integration/platform/server-start.test.ts proves that a new folder works.
 */

export type FakeResend = Awaited<ReturnType<typeof startFakeResend>>;

export interface RunningPortal {
  /** http://localhost:<port>, also the portal's APP_URL (links in emails point here). */
  url: string;
  fakeResend: FakeResend;
  /** Server log lines at level error or fatal since the last call; empties the list. */
  takeServerErrors(): string[];
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const ROOT = resolve(".");
const BOOT_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;
const OUTPUT_LIMIT = 400;

/** A port nobody is listening on right now (the OS picks it). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function uniqueSuffix() {
  return `${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A fresh PostgreSQL database next to DATABASE_URL's, for the server under test only. */
async function createPostgresDatabase(baseUrl: string) {
  const name = `e2e_${uniqueSuffix()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export async function startPortal(): Promise<RunningPortal> {
  if (!existsSync(join(ROOT, "build/index.js"))) {
    throw new Error("build/index.js is missing: browser tests drive the built app. Run `npx remix build` (npm test does it in pretest).");
  }
  const dataDir = process.env.DATABASE_URL ? undefined : copyTemplate();
  const cleanups: Array<() => Promise<void> | void> = [
    () => {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  ];
  const runCleanups = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`[e2e] cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    cleanups.length = 0;
  };

  try {
    const fakeResend = await startFakeResend();
    cleanups.push(() => fakeResend.close());

    let databaseUrl: string | undefined;
    if (process.env.DATABASE_URL) {
      const database = await createPostgresDatabase(process.env.DATABASE_URL);
      databaseUrl = database.url;
      cleanups.push(() => database.drop());
    }

    const port = await freePort();
    const url = `http://localhost:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // Not "test": the logger goes silent under NODE_ENV=test and a failing boot would say nothing.
      NODE_ENV: "development",
      LOG_LEVEL: "warn",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      RESEND_API_KEY: fakeResend.apiKey,
      RESEND_BASE_URL: fakeResend.url,
      SEED_DEMO_DATA: "true",
      RUN_WORKER: "true",
    };
    delete env.DATABASE_URL;
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    // Vitest's own variables would otherwise leak into the app (some libraries change behaviour).
    for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];

    // `node` itself rather than `npx`: one process (the pid we signal is the server's).
    const child = spawn(process.execPath, nodeArgumentsFor("server"), {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let serverErrors: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > OUTPUT_LIMIT) lines.shift();
        // pino levels: 50 error, 60 fatal.
        if (/"level":(50|60)\b/.test(line)) serverErrors.push(line);
      }
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));
    // If the test process dies without running afterAll, do not leave a server behind.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    cleanups.push(async () => {
      process.off("exit", killOnExit);
      await stopChild(child, exited);
    });

    const output = () => lines.join("\n");
    await waitUntilReady(url, exited, output);
    // A 404 from the /healthz probe on a build without that route is not a failure of any test.
    serverErrors = [];

    return {
      url,
      fakeResend,
      output,
      takeServerErrors() {
        const taken = serverErrors;
        serverErrors = [];
        return taken;
      },
      stop: runCleanups,
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timedOut = Symbol("timeout");
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    exited,
    new Promise<typeof timedOut>((r) => (timer = setTimeout(() => r(timedOut), STOP_GRACE_MS))),
  ]);
  clearTimeout(timer);
  if (outcome === timedOut) {
    process.stderr.write(`[e2e] the portal did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM; killing it\n`);
    child.kill("SIGKILL");
    await exited;
  }
}

/** Polls /healthz (or, on a build without it, the home page) until the portal answers. */
async function waitUntilReady(url: string, exited: Promise<number | null>, output: () => string) {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      const log = output();
      process.stderr.write(`[e2e] the portal exited with code ${exitCode} while starting. Its output:\n${log}\n`);
      throw new Error(`The portal exited with code ${exitCode} before it was ready:\n${log}`);
    }
    try {
      const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (health.ok) return;
      if (health.status === 404) {
        const home = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000), redirect: "manual" });
        if (home.status < 500) return;
        lastProblem = `/ answered ${home.status}`;
      } else {
        lastProblem = `/healthz answered ${health.status}`;
      }
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const log = output();
  process.stderr.write(`[e2e] the portal was not ready after ${BOOT_TIMEOUT_MS / 1000} s (${lastProblem}). Its output:\n${log}\n`);
  throw new Error(`The portal was not ready after ${BOOT_TIMEOUT_MS / 1000} s (${lastProblem}):\n${log}`);
}
