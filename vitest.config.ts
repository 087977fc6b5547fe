import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import SlowestFirstSequencer from "./tests/support/sequencer";

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
    pool: "forks",
    maxWorkers: 2,
    // The slowest files first, so that both workers end together (tests/support/sequencer.ts).
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      {
        // Files run one after another in each worker process, which keeps its loaded modules: loading
        // the application again for every file cost about 2.5 s of CPU per file (230 s a run).
        // tests/support/setup-file.ts gives each file the environment the run started with.
        extends: true,
        test: { name: "shared", include: TEST_FILES, exclude: [...configDefaults.exclude, ...MOCKING_FILES], isolate: false },
      },
      ...(MOCKING_FILES.length ? [{ extends: true as const, test: { name: "isolated", include: MOCKING_FILES, isolate: true } }] : []),
    ],
  },
});
