import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../e2e/support/portal";
import { nodeArgumentsFor } from "./entry-bundle";

/**
 * The portal's own processes as an operator runs them beyond one machine: web processes
 * (`npm start` with RUN_WORKER=false: server/index.ts) and job workers (`npm run worker`:
 * scripts/worker.ts), each a child process of its own (their bundles, tests/support/entry-bundle.ts;
 * TEST_SPAWN=tsx starts the sources under tsx), all on one PostgreSQL database. Their log lines
 * (pino JSON) are kept, to read what each process did.
 */

export interface PortalProcess {
  name: string;
  kind: "web" | "worker";
  child: ChildProcess;
  /** The web process's address (http://127.0.0.1:port); empty for a worker. */
  url: string;
  /** The log lines printed so far, parsed (lines that are not JSON are kept as `{ msg: line }`). */
  logs(): Array<Record<string, unknown> & { msg?: string; level?: number }>;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`): the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  /** SIGKILL, as a crash (out of memory, a lost machine): no shutdown runs. */
  kill(): Promise<void>;
}

export interface ProcessOptions {
  name: string;
  /** The variables every process of the deployment shares (DATABASE_URL, APP_URL, APP_SECRET, Resend…). */
  env: Record<string, string>;
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", LOG_LEVEL: "info", SEED_DEMO_DATA: "false", ...extra };
  // Vitest's own variables would otherwise reach the app (some libraries change behaviour).
  for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
  return env;
}

/** Every process started here and not yet ended: killAllStarted() ends them when a test gives up. */
const running = new Set<PortalProcess>();

/** SIGKILLs every process started here that still runs (an afterAll's safety net: a failed start leaves no orphan). */
export async function killAllStarted(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill()));
}

function launch(kind: "web" | "worker", name: string, env: NodeJS.ProcessEnv, url: string): PortalProcess {
  const child = spawn(process.execPath, nodeArgumentsFor(kind === "web" ? "server" : "worker"), { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const parsed: Array<Record<string, unknown>> = [];
  let partial = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output += text;
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        parsed.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        parsed.push({ msg: line });
      }
    }
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((done) => child.once("close", (code) => done(code)));
  const stop = async (graceMs = 30_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  const started: PortalProcess = { name, kind, child, url, logs: () => parsed as ReturnType<PortalProcess["logs"]>, output: () => output, exited, stop, kill };
  running.add(started);
  void exited.then(() => running.delete(started));
  return started;
}

async function until(what: string, process: PortalProcess, ready: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null || process.child.signalCode !== null) {
      throw new Error(`${process.name} ended before ${what}:\n${process.output()}`);
    }
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${process.name}: no ${what} within ${timeoutMs} ms:\n${process.output()}`);
}

/** A web process with RUN_WORKER=false on a free port; resolves once /healthz answers 200. */
export async function startWebProcess(options: ProcessOptions, timeoutMs = 120_000): Promise<PortalProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const web = launch("web", options.name, childEnv({ ...options.env, RUN_WORKER: "false", PORT: String(port), HOST: "127.0.0.1" }), url);
  await until("answer on /healthz", web, async () => {
    try {
      return (await fetch(`${url}/healthz`)).status === 200;
    } catch {
      return false;
    }
  }, timeoutMs);
  return web;
}

/** A worker process (`npm run worker`); resolves once it logged that it started. */
export async function startWorkerProcess(options: ProcessOptions, timeoutMs = 120_000): Promise<PortalProcess> {
  const worker = launch("worker", options.name, childEnv(options.env), "");
  await until("start", worker, () => worker.logs().some((line) => line.msg === "worker started"), timeoutMs);
  return worker;
}

/**
 * Polls `probe` until it returns a value (not undefined or false), every `everyMs`. Past the deadline
 * it fails with `what` and what `explain` says of the state (the processes' logs, the queue).
 */
export async function waitForPortal<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs: number; everyMs: number; explain: () => Promise<string> | string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${options.timeoutMs} ms${await options.explain()}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs));
  }
}
