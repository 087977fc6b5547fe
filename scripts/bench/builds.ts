import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The two Remix builds the page benchmark serves, rebuilt only when a source is newer than the
 * build: the portal with its one-line probe route (BENCH_PROBE_ROUTE=1, see remix.config.js) and the
 * minimal Remix app (scripts/bench/minimal-remix/). Both go to the gitignored .bench/ folder.
 */

export const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

export const portalProbeBuild = join(repositoryRoot, ".bench/portal-probe/index.js");
export const minimalRemixBuild = join(repositoryRoot, ".bench/minimal-remix/index.js");
export const minimalRemixFolder = join(repositoryRoot, "scripts/bench/minimal-remix");

const remixCli = join(dirname(createRequire(import.meta.url).resolve("@remix-run/dev/package.json")), "dist/cli.js");

/** The newest modification time of a file or of any file under a folder. */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules") continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

async function remixBuild(cwd: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [remixCli, "build"], {
    cwd,
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.once("error", reject).once("exit", resolve));
  if (code !== 0) throw new Error(`remix build in ${cwd} failed (exit ${code}):\n${output}`);
}

async function ensureBuilt(label: string, build: string, sources: string[], cwd: string, env: Record<string, string> = {}) {
  const builtAt = existsSync(build) ? statSync(build).mtimeMs : 0;
  const changedAt = Math.max(...sources.map((source) => newestChange(join(repositoryRoot, source))));
  if (builtAt > changedAt) return;
  process.stdout.write(`building ${label}…\n`);
  await remixBuild(cwd, env);
}

/** The portal as `npm run build` makes it, plus `/bench/ok`; everything the server bundle is made of counts. */
export function ensurePortalProbeBuild() {
  return ensureBuilt(
    "the portal with its /bench/ok probe route",
    portalProbeBuild,
    ["app", "db", "emails", "remix.config.js", "scripts/bench/probe-route.tsx", "package-lock.json"],
    repositoryRoot,
    { BENCH_PROBE_ROUTE: "1" },
  );
}

export function ensureMinimalRemixBuild() {
  return ensureBuilt("the minimal Remix app", minimalRemixBuild, ["scripts/bench/minimal-remix", "package-lock.json"], minimalRemixFolder);
}

/** Both builds the server workloads start: the portal with its probe route, and the minimal Remix app. */
export async function ensureBenchBuilds(): Promise<void> {
  await ensurePortalProbeBuild();
  await ensureMinimalRemixBuild();
}
