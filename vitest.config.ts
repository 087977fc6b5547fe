import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const TEST_FILES = ["tests/**/*.test.{ts,tsx}", "app/**/*.test.{ts,tsx}"];

/**
 * Test files that replace a module with vi.mock(): the module is replaced for the whole process,
 * so such a file gets a process of its own, loaded from scratch.
 */
function filesThatMockModules(): string[] {
  return ["tests", "app"].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((file) => /\.test\.tsx?$/.test(file))
      .map((file) => join(dir, file))
      .filter((file) => /\bvi\.(mock|doMock)\(/.test(readFileSync(file, "utf8"))),
  );
}
const MOCKING_FILES = filesThatMockModules();

/**
 * Files that run several portal processes (web processes and workers) on one database at the same
 * time: only PostgreSQL allows that. The embedded database belongs to the one process that opened
 * its folder (it is locked), so on the PGlite pass these files are not collected at all rather than
 * reported as skipped: there is nothing they could prove there. `.ci/run` runs the PostgreSQL pass.
 */
const POSTGRES_ONLY_FILES = [
  "tests/integration/platform/scale-out.test.ts",
  "tests/integration/platform/worker-crash.test.ts",
  // This one starts a PostgreSQL cluster of its own (it stops it to prove recovery) and needs no
  // database of the run: in both passes it would do the same work twice.
  "tests/integration/platform/database-outage.test.ts",
];
const ON_POSTGRES = Boolean(process.env.DATABASE_URL);
const NOT_ON_THIS_DATABASE = ON_POSTGRES ? [] : POSTGRES_ONLY_FILES;

/**
 * The files that take longest, slowest first (measured: docs/benchmarks.md, "Test suite"). They
 * start first so that the two workers finish together: one of them started last would keep one
 * worker busy alone at the end. Vitest's own order is kept for every other file (failed first, then
 * slowest first from its cache of the last run, else larger files first): a fresh checkout (CI) has
 * no cache, and file size says nothing about these (the 10,000-row import is a short file).
 */
const SLOWEST_FILES = [
  // PostgreSQL pass only (POSTGRES_ONLY_FILES below): each starts four portal processes.
  "tests/integration/platform/worker-crash.test.ts",
  "tests/integration/platform/scale-out.test.ts",
  "tests/integration/newsletter/crash.test.ts",
  "tests/integration/newsletter/send.test.ts",
  "tests/integration/imports/large-file.test.ts",
  "tests/e2e/exit-flow.test.ts",
  "tests/e2e/touch-targets.test.ts",
  "tests/e2e/foundation.test.ts",
  "tests/integration/platform/server-start.test.ts",
  "tests/unit/jobs/import-order.test.ts",
  "tests/integration/platform/demo-seed.test.ts",
  "tests/e2e/outbox-preview.test.ts",
  "tests/integration/platform/input-fuzz.test.ts",
  "tests/e2e/magic-link.test.ts",
  "tests/e2e/a11y-check.test.ts",
  "tests/e2e/offboarding.test.ts",
  "tests/integration/auth/sign-in-throttle.test.ts",
  "tests/integration/imports/import.test.ts",
  "tests/integration/cli/cli.test.ts",
];

class SlowestFirstSequencer extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = SLOWEST_FILES.indexOf(relative(this.ctx.config.root, spec.moduleId));
      return index === -1 ? SLOWEST_FILES.length : index;
    };
    // Array sort is stable: files off the list keep vitest's order among themselves.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    globals: true,
    environment: "node",
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-file.ts"],
    // PGlite starts in seconds and argon2 is slow by design: generous, not infinite.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // expect.poll() waits 1 s by default: a browser test polling a page that a loaded CI machine
    // answers in 1.5 s failed there (the eNPS dashboard's Legal filter). Playwright's own waits are 10 s.
    expect: { poll: { timeout: 10_000 } },
    pool: "forks",
    maxWorkers: 2,
    // The slowest files first, so that both workers end together (SLOWEST_FILES above).
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      {
        // Files run one after another in each worker process, which keeps its loaded modules: loading
        // the application again for every file cost about 2.5 s of CPU per file (230 s a run).
        // tests/support/setup-file.ts gives each file the environment the run started with.
        extends: true,
        test: { name: "shared", include: TEST_FILES, exclude: [...configDefaults.exclude, ...MOCKING_FILES, ...NOT_ON_THIS_DATABASE], isolate: false },
      },
      ...(MOCKING_FILES.length ? [{ extends: true as const, test: { name: "isolated", include: MOCKING_FILES, isolate: true } }] : []),
    ],
  },
});
