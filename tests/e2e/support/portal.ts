import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import pg from "pg";
import { startFakeResend } from "../../fakes/resend";
import { nodeArgumentsFor } from "../../support/entry-bundle";
import { copyTemplate } from "../../support/template";
import type { PortalAnswer, PortalRequest } from "./portal-server";

/**
 * The built portal running as a child process, started as `npm start` starts it (server/serve.ts,
 * through tests/e2e/support/portal-server.ts, bundled: tests/support/entry-bundle.ts), on a free
 * port with its own database and its email going to a fake Resend server the test can read.
 *
 * One portal per vitest worker process, shared by the browser test files that worker runs: a start
 * costs about 3 s of CPU. Each file acquires it in its beforeAll and gets it as a new start leaves
 * it: the first file after the start itself, every later one after a reset (the portal empties its
 * tables with the queue stopped, this process clears the fake Resend's inbox, then the portal runs
 * its start-up steps again: defaults, demo data, queue, the demo's exit invitations). Files of a
 * worker run one after the other, so one never resets it under another. The portal stops when this
 * process ends (its IPC channel closes).
 *
 * The embedded database starts as a copy of the tests' migrated template: creating a new one costs
 * 4 s of CPU, and tests/integration/platform/server-start.test.ts proves that a new folder works.
 * On PostgreSQL the portal gets a database of its own.
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
  /** The id of the account with this address in the portal's database (a demo account), or null. */
  userIdOf(email: string): Promise<string | null>;
}

const ROOT = resolve(".");
const BOOT_TIMEOUT_MS = 90_000;
const RESET_TIMEOUT_MS = 60_000;
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

interface SharedPortal {
  url: string;
  fakeResend: FakeResend;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  takeServerErrors(): string[];
  request(request: PortalRequest): Promise<PortalAnswer>;
}

let shared: Promise<SharedPortal> | undefined;

/** The portal of this worker process, as a new start leaves it (started now, or reset). */
export async function acquirePortal(): Promise<RunningPortal> {
  if (!existsSync(join(ROOT, "build/index.js"))) {
    throw new Error("build/index.js is missing: browser tests drive the built app. Run `npx remix build` (npm test does it in pretest).");
  }
  let portal = shared ? await shared.catch(() => undefined) : undefined;
  if (portal && (portal.child.exitCode !== null || portal.child.signalCode !== null)) portal = undefined;
  if (portal) {
    try {
      await resetPortal(portal);
    } catch (error) {
      // A portal that could not be reset is of no use to the next file either: the next one starts anew.
      shared = undefined;
      await stopChild(portal.child, portal.exited);
      throw error;
    }
  } else {
    shared = startSharedPortal();
    shared.catch(() => (shared = undefined));
    portal = await shared;
  }
  const running = portal;
  const userIdOf = async (email: string) => {
    const answer = await running.request({ type: "userId", email });
    if (answer.type !== "userId") throw new Error(`The portal could not look up ${email}: ${answer.type === "failed" ? answer.message : answer.type}`);
    return answer.id;
  };
  return { url: portal.url, fakeResend: portal.fakeResend, output: portal.output, takeServerErrors: portal.takeServerErrors, userIdOf };
}

/** Empties the portal's database, then its start-up steps run again; the fake inbox is cleared in between. */
async function resetPortal(portal: SharedPortal) {
  const emptied = await portal.request({ type: "empty" });
  if (emptied.type !== "emptied") throw new Error(`The portal could not be emptied: ${emptied.type === "failed" ? emptied.message : emptied.type}`);
  // The queue is stopped: no email of the previous file can still arrive, nor any error it caused be
  // logged. What the start-up steps log from here on is the next file's to see.
  portal.fakeResend.reset();
  portal.takeServerErrors();
  const prepared = await portal.request({ type: "prepare" });
  if (prepared.type !== "prepared" || !prepared.seeded) {
    throw new Error(`The portal did not seed its demo data again: ${prepared.type === "failed" ? prepared.message : JSON.stringify(prepared)}\n${portal.output()}`);
  }
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
  return { name, url: url.toString() };
}

async function startSharedPortal(): Promise<SharedPortal> {
  const dataDir = process.env.DATABASE_URL ? undefined : copyTemplate();
  let database: { name: string; url: string } | undefined;
  let fakeResend: FakeResend | undefined;
  try {
    fakeResend = await startFakeResend();
    // It lives as long as this worker process, and must not keep it from ending.
    fakeResend.unref();
    if (process.env.DATABASE_URL) database = await createPostgresDatabase(process.env.DATABASE_URL);

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
      RESEND_API_KEY: fakeResend.apiKey,
      RESEND_BASE_URL: fakeResend.url,
      SEED_DEMO_DATA: "true",
      RUN_WORKER: "true",
    };
    delete env.DATABASE_URL;
    if (dataDir) Object.assign(env, { DATA_DIR: dataDir, E2E_SCRATCH_DATA_DIR: dataDir });
    if (database) Object.assign(env, { DATABASE_URL: database.url, E2E_SCRATCH_DATABASE: database.name, E2E_ADMIN_DATABASE_URL: process.env.DATABASE_URL });
    // Vitest's own variables would otherwise leak into the app (some libraries change behaviour).
    for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];

    // `node` itself rather than `npx`: one process (the pid we signal is the server's). The IPC
    // channel carries the resets, and its closing tells the portal that this process ended.
    const child = spawn(process.execPath, nodeArgumentsFor("e2e-portal"), {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    // Neither the child nor its pipes keep this worker process alive: it ends when vitest is done.
    child.unref();
    child.channel?.unref();
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
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on("data", collect);
      (stream as unknown as { unref?: () => void }).unref?.();
    }
    const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));
    const output = () => lines.join("\n");

    let pending: Promise<unknown> = Promise.resolve();
    const request = (message: PortalRequest) => {
      const answered = pending.then(() => exchange(child, exited, message, output));
      pending = answered.catch(() => {});
      return answered;
    };

    try {
      await waitUntilReady(url, exited, output);
    } catch (error) {
      await stopChild(child, exited);
      throw error;
    }
    // A 404 from the /healthz probe on a build without that route is not a failure of any test.
    serverErrors = [];

    return {
      url,
      fakeResend,
      child,
      exited,
      output,
      takeServerErrors() {
        const taken = serverErrors;
        serverErrors = [];
        return taken;
      },
      request,
    };
  } catch (error) {
    // The portal removes its own database when it stops; this covers a start that never got that far.
    await fakeResend?.close().catch(() => {});
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (database) await dropPostgresDatabase(process.env.DATABASE_URL!, database.name).catch(() => {});
    throw error;
  }
}

async function dropPostgresDatabase(baseUrl: string, name: string) {
  const dropper = new pg.Client({ connectionString: baseUrl });
  await dropper.connect();
  try {
    await dropper.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await dropper.end();
  }
}

/** Sends one request over the IPC channel and waits for its answer (or the portal's exit). */
function exchange(child: ChildProcess, exited: Promise<number | null>, message: PortalRequest, output: () => string): Promise<PortalAnswer> {
  return new Promise<PortalAnswer>((resolveAnswer, reject) => {
    const timer = setTimeout(() => finish(new Error(`The portal did not answer "${message.type}" within ${RESET_TIMEOUT_MS / 1000} s:\n${output()}`)), RESET_TIMEOUT_MS);
    const onMessage = (answer: PortalAnswer) => finish(undefined, answer);
    let done = false;
    function finish(error?: Error, answer?: PortalAnswer) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.off("message", onMessage);
      if (error) reject(error);
      else resolveAnswer(answer!);
    }
    child.on("message", onMessage);
    void exited.then((code) => finish(new Error(`The portal exited with code ${code} during "${message.type}":\n${output()}`)));
    child.send(message, (error) => {
      if (error) finish(error);
    });
  });
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
