import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest, slowest first (measured: docs/benchmarks.md, "Test suite"). They
 * start first so that the two workers finish together: one of them started last would keep one
 * worker busy alone at the end. Vitest's own order is kept for every other file (failed first, then
 * slowest first from its cache of the last run, else larger files first): a fresh checkout (CI) has
 * no cache, and file size says nothing about these (the 10,000-row import is a short file).
 */
export const SLOWEST_FILES = [
  "tests/e2e/exit-flow.test.ts",
  "tests/integration/imports/large-file.test.ts",
  "tests/e2e/foundation.test.ts",
  "tests/integration/platform/demo-seed.test.ts",
  "tests/integration/platform/server-start.test.ts",
  "tests/integration/cli/cli.test.ts",
  "tests/e2e/offboarding.test.ts",
  "tests/integration/platform/input-fuzz.test.ts",
  "tests/integration/cli/api-token.test.ts",
  "tests/unit/jobs/import-order.test.ts",
  "tests/integration/responses/anonymous-releases-property.test.ts",
  "tests/integration/imports/import.test.ts",
];

export default class SlowestFirstSequencer extends BaseSequencer {
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
