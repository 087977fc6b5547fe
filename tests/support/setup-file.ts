import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { resetEnvCache } from "~/utils/env.server";

/**
 * An unexpected console.error fails the test that caused it (React warnings, unhandled render
 * errors). A test that expects one can mock console.error itself.
 */
let errors: unknown[][] = [];
let original: typeof console.error;

beforeEach(() => {
  errors = [];
  original = console.error;
  console.error = (...args: unknown[]) => {
    errors.push(args);
    original(...args);
  };
});

afterEach(() => {
  const wasMocked = vi.isMockFunction(console.error);
  console.error = original;
  if (!wasMocked && errors.length > 0) {
    throw new Error(`console.error was called during the test:\n${errors.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
});

/**
 * Test files share worker processes (vitest.config.ts): what one file changed in process.env, or a
 * fake clock it left running, must not reach the next file. Each file ends with the environment it
 * started with.
 */
const environmentAtStart = { ...process.env };
afterAll(() => {
  vi.useRealTimers();
  for (const name of Object.keys(process.env)) if (!(name in environmentAtStart)) delete process.env[name];
  Object.assign(process.env, environmentAtStart);
  resetEnvCache();
});
