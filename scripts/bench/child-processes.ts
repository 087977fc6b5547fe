import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { minimalRemixBuild, portalProbeBuild, repositoryRoot } from "./builds";

/**
 * The servers the page benchmark measures, each in a process of its own so that the load generator
 * (autocannon, in the benchmark's process) never shares an event loop with what it measures.
 */

export interface Child {
  name: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. Safe to call twice. */
  stop: () => Promise<void>;
  /** CPU time (user + system) the process has used so far, in ms; null where /proc is missing. */
  cpuMs: () => number | null;
  /** The process's resident memory now, in KiB; null where /proc is missing. */
  rssKb: () => number | null;
  /** The process id (the soak reads its memory from /proc). */
  pid: number | undefined;
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on every Linux build in use). */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process from /proc/<pid>/stat, in ms (Linux only). */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/** Resident memory of a process from /proc/<pid>/status (VmRSS), in KiB (Linux only). */
export function processRssKb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address !== "object") throw new Error("no free port");
  return address.port;
}

function lastLines(file: string, count = 30): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-count).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts `node <args>` with its output in `logFile` and waits until `readyPath` answers 2xx. Throws
 * with the end of the log when it exits first or does not answer within `timeoutMs`.
 */
export async function startNodeProcess(options: {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath: string;
  logFile: string;
  cwd: string;
  /** How long it may take to answer; on the embedded database at a load average of 25 the portal took more than 120 s to open its data folder. */
  timeoutMs?: number;
  /** Called as soon as the process exists, before it is ready: an interruption must stop it too. */
  onSpawn: (stop: () => Promise<void>) => void;
}): Promise<Child> {
  const { name, args, env, port, readyPath, logFile, cwd, timeoutMs = 300_000, onSpawn } = options;
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", log, log] });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const stop = async () => {
    if (!running()) return;
    child.kill("SIGTERM");
    const forced = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
    if (forced && running()) {
      child.kill("SIGKILL");
      await exited;
    }
  };

  onSpawn(stop);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!running()) {
      throw new Error(`${name} exited (code ${child.exitCode ?? child.signalCode}) before answering. End of ${logFile}:\n${lastLines(logFile)}`);
    }
    try {
      const response = await fetch(`${origin}${readyPath}`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not answer ${readyPath} within ${timeoutMs / 1000} s. End of ${logFile}:\n${lastLines(logFile)}`);
    }
    await sleep(200);
  }
  return { name, origin, stop, cpuMs: () => processCpuMs(child.pid), rssKb: () => processRssKb(child.pid), pid: child.pid };
}

/**
 * What a benchmark run started, undone in reverse order: at the end of the run, on failure, and on
 * Ctrl-C or SIGTERM (then the process exits with 130). `release` undoes everything and stops
 * listening for the signals.
 */
export function cleanupStack() {
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
      await cleanup().catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`));
    }
  };
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  return {
    push: (cleanup: () => Promise<void>) => void cleanups.push(cleanup),
    release: async () => {
      await cleanUp();
      process.off("SIGINT", interrupted);
      process.off("SIGTERM", interrupted);
    },
  };
}

/** Where a benchmark's servers run from, log to, and what they are stopped by. */
export interface BenchServers {
  /** The benchmark's environment before it changed it (seeding rewrites process.env). */
  inheritedEnv: NodeJS.ProcessEnv;
  /** A folder for the servers' logs. */
  logs: string;
  cleanups: ReturnType<typeof cleanupStack>;
}

/**
 * The start every server workload shares: the environment as it was before seeding rewrites
 * process.env (without the benchmark's own database: each server is given its database), a folder
 * for the servers' logs, and the cleanup stack that stops the servers and removes the folder.
 *
 *   const servers = benchServers("bench-pages");
 *   try { … startPortal(servers, scratch.env) … } finally { await servers.cleanups.release(); }
 */
export function benchServers(label: string): BenchServers {
  const inheritedEnv = { ...process.env };
  delete inheritedEnv.DATABASE_URL;
  delete inheritedEnv.DATA_DIR;
  const cleanups = cleanupStack();
  const logs = mkdtempSync(join(tmpdir(), `alumni-${label}-`));
  cleanups.push(async () => rmSync(logs, { recursive: true, force: true }));
  return { inheritedEnv, logs, cleanups };
}

/** Starts `node <args>` on a free port with its log in `servers.logs`, stopped by the cleanup stack. */
export async function startServer(servers: BenchServers, name: string, args: string[], env: Record<string, string>, readyPath: string): Promise<Child> {
  const port = await freePort();
  process.stderr.write(`starting ${name}…\n`);
  return startNodeProcess({
    name,
    args,
    env: { ...servers.inheritedEnv, ...env, PORT: String(port) },
    port,
    readyPath,
    logFile: join(servers.logs, `${name.replaceAll(/\W+/g, "-")}.log`),
    cwd: repositoryRoot,
    onSpawn: (stop) => servers.cleanups.push(stop),
  });
}

/**
 * The portal as `npm start` runs it in production (server/index.ts under tsx), from the probe build,
 * on the scratch database of `databaseEnv`. `BENCH_CPU_PROF=<folder>` writes a V8 CPU profile of it
 * there when it stops (open it in Chrome's DevTools, or `npx tsx scripts/bench/profile-summary.ts <file>`).
 */
export function startPortal(servers: BenchServers, databaseEnv: Record<string, string>): Promise<Child> {
  const folder = process.env.BENCH_CPU_PROF;
  const profiling = folder ? ["--cpu-prof", `--cpu-prof-dir=${folder}`] : [];
  return startServer(
    servers,
    "portal",
    [...profiling, "--import", "tsx", "server/index.ts"],
    {
      ...databaseEnv,
      NODE_ENV: "production",
      SERVER_BUILD_PATH: portalProbeBuild,
      HOST: "127.0.0.1",
      // Production insists on these; nothing here sends mail or is reached over HTTPS.
      APP_URL: "https://portal.bench.invalid",
      APP_SECRET: randomBytes(32).toString("hex"),
      ALLOW_OUTBOX_IN_PRODUCTION: "true",
      // The embedded database is what `npm run bench` measures by default (DATABASE_URL: PostgreSQL).
      ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: "true",
      // The queue's worker would run beside the pages; the floor apps have none.
      RUN_WORKER: "false",
      SEED_DEMO_DATA: "false",
    },
    "/healthz",
  );
}

/** The minimal Remix app (scripts/bench/minimal-remix/, built by ensureMinimalRemixBuild), in production mode. */
export function startMinimalRemix(servers: BenchServers, env: Record<string, string> = {}): Promise<Child> {
  return startServer(
    servers,
    "minimal Remix app",
    ["scripts/bench/minimal-remix/server.js"],
    { NODE_ENV: "production", MINIMAL_REMIX_BUILD: minimalRemixBuild, ...env },
    "/bench/ok",
  );
}
