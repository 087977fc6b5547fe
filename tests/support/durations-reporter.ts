import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/**
 * Where each test file's time goes, slowest first: `npm run test:durations -- [files]`.
 * Columns (milliseconds): import = loading the file and everything it imports (vitest's
 * "collect"), setup = the setup files, hooks = beforeAll/afterAll/beforeEach/afterEach (the
 * database copy, a server or a browser starting), tests = the tests themselves, total = the four.
 * DURATIONS_JSON=<path> also writes the rows as JSON, to compare two runs.
 */
interface Row {
  file: string;
  import: number;
  setup: number;
  hooks: number;
  tests: number;
  total: number;
  count: number;
}

export default class DurationsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const rows: Row[] = testModules.map((module) => {
      const diagnostic = module.diagnostic();
      let tests = 0;
      let count = 0;
      for (const test of module.children.allTests()) {
        tests += test.diagnostic()?.duration ?? 0;
        count += 1;
      }
      const hooks = Math.max(0, diagnostic.duration - tests);
      const row = {
        file: relative(process.cwd(), module.moduleId),
        import: diagnostic.collectDuration,
        setup: diagnostic.setupDuration,
        hooks,
        tests,
        total: 0,
        count,
      };
      row.total = row.import + row.setup + row.hooks + row.tests;
      return row;
    });
    rows.sort((a, b) => b.total - a.total);
    const sum = (key: keyof Omit<Row, "file">) => rows.reduce((total, row) => total + row[key], 0);
    const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(7);
    const lines = [
      `${"total s".padStart(7)} ${"import".padStart(7)} ${"setup".padStart(7)} ${"hooks".padStart(7)} ${"tests".padStart(7)} ${"n".padStart(4)}  file`,
      ...rows.map(
        (row) =>
          `${seconds(row.total)} ${seconds(row.import)} ${seconds(row.setup)} ${seconds(row.hooks)} ${seconds(row.tests)} ${String(row.count).padStart(4)}  ${row.file}`,
      ),
      `${seconds(sum("total"))} ${seconds(sum("import"))} ${seconds(sum("setup"))} ${seconds(sum("hooks"))} ${seconds(sum("tests"))} ${String(sum("count")).padStart(4)}  (${rows.length} files, summed over workers)`,
    ];
    process.stdout.write(`\nTime per test file, slowest first (seconds):\n${lines.join("\n")}\n`);
    if (process.env.DURATIONS_JSON) writeFileSync(process.env.DURATIONS_JSON, JSON.stringify(rows, null, 2));
  }
}
