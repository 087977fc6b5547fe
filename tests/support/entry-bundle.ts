import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

/**
 * The portal's entry points (server, worker, CLI) bundled once per test run, for the tests that
 * start them in a child process. `node --import tsx server/index.ts` resolves and transforms every
 * module through tsx's loader at each start: about 2.7 s of CPU before the first line of main()
 * runs, against 1 s for the bundle of the same sources. Tests that are about the real commands
 * (`npm start` on a new folder, `npm run cli -- --help`, the import order of job modules) still
 * start them with tsx; TEST_SPAWN=tsx makes every helper do so (to debug with source lines).
 *
 * Dependencies stay in node_modules (PGlite finds its wasm files there), so the bundle lives in
 * the checkout, where Node resolves them.
 */
export const ENTRY_POINTS = {
  server: "server/index.ts",
  worker: "scripts/worker.ts",
  cli: "scripts/cli.ts",
  // Not an entry point of the portal: `npm start`'s start with what lets browser test files share it.
  "e2e-portal": "tests/e2e/support/portal-server.ts",
  // Not an entry point of the portal either: the newsletter engine alone, for its crash test.
  "newsletter-sender": "tests/support/newsletter-sender.ts",
} as const;

export type EntryPoint = keyof typeof ENTRY_POINTS;

const BUNDLE_DIR = resolve("tests/.tmp/entry-bundle");

export async function buildEntryBundles(): Promise<void> {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  await build({
    entryPoints: ENTRY_POINTS,
    outdir: BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    alias: { "~": "./app" },
    jsx: "automatic",
    logLevel: "warning",
  });
}

/** The arguments for `node` that start this entry point: its bundle, or the source under tsx. */
export function nodeArgumentsFor(entry: EntryPoint, options: { via?: "bundle" | "tsx" } = {}): string[] {
  const via = options.via ?? (process.env.TEST_SPAWN === "tsx" ? "tsx" : "bundle");
  return via === "tsx" ? ["--import", "tsx", ENTRY_POINTS[entry]] : [join(BUNDLE_DIR, `${entry}.js`)];
}
