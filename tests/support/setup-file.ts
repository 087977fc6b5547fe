import { afterEach, beforeEach, vi } from "vitest";

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
