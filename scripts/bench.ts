import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchResults, crashedRow, describeRun, failuresOf, formatBenchTable, resultsFileName, type BenchResults, type BenchRow } from "./bench/bench-rows";
import { repositoryRoot } from "./bench/builds";
import { describeDatabase, describeMachine, loadAverage } from "./bench/machine";
import { chooseWorkloads, WORKLOADS } from "./bench/workloads";

/**
 * `npm run bench [-- <workload>…] [--quick]` (issue 15): every workload of the earlier issues, each
 * figure beside a floor measured in the same run, printed as one table and written as JSON under
 * bench/results/. On the embedded database (PGlite) in scratch folders, or on PostgreSQL when
 * DATABASE_URL is set (in scratch databases created and dropped on that server). Figures are
 * printed, not judged; the command exits 1 when a workload crashed or a figure cannot be trusted
 * (a page that did not answer 2xx), 2 on an unknown workload.
 *
 * --quick: small sizes, each workload in under a minute (CI runs it to keep the command working).
 * --duration <s>, --warmup <s>, --connections <n>: the load of the HTTP workloads (pages, redirect,
 * memory); --only <text[,text…]>: the pages whose name contains one of the texts.
 * --table <file>: print the table of a results file again (for the README), and run nothing.
 */
const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    duration: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    table: { type: "string" },
  },
});

if (values.table) {
  const saved = JSON.parse(readFileSync(values.table, "utf8")) as BenchResults;
  const minutes = Math.round((Date.parse(saved.finishedAt) - Date.parse(saved.startedAt)) / 60_000);
  process.stdout.write(`Run of ${saved.startedAt.slice(0, 16).replace("T", " ")} UTC, ${minutes} min\n${describeRun(saved, saved)}\n\n${formatBenchTable(saved.rows)}\n`);
  process.exit(0);
}

const choice = chooseWorkloads(positionals);
if ("unknown" in choice) {
  process.stderr.write(`Unknown benchmark "${choice.unknown}". Available: ${Object.keys(WORKLOADS).join(", ")}\n`);
  process.exit(2);
}

const startedAt = new Date();
const loadAtStart = loadAverage();
const database = await describeDatabase();
const machine = describeMachine();
process.stdout.write(`${database.kind === "pglite" ? "embedded PGlite" : "PostgreSQL"}: ${database.version}\n`);

const rows: BenchRow[] = [];
const folder = join(repositoryRoot, "bench/results");
mkdirSync(folder, { recursive: true });
const file = join(folder, resultsFileName(startedAt, database.kind, { quick: values.quick, partial: positionals.length > 0 }));
/** The results so far, written after every workload: an interrupted run keeps what it measured. */
const save = (): BenchResults => {
  const results = benchResults({
    startedAt,
    finishedAt: new Date(),
    quick: values.quick,
    workloads: choice.chosen,
    database,
    machine,
    loadAverage: { start: loadAtStart, end: loadAverage() },
    rows,
  });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return results;
};

for (const name of choice.chosen) {
  process.stdout.write(`\n## ${name}: ${WORKLOADS[name]!.describe}\n`);
  // Suites boot the app in this process and rewrite process.env for it (the database to seed):
  // each one starts from the environment the command was given.
  const env = { ...process.env };
  const started = performance.now();
  try {
    rows.push(...(await WORKLOADS[name]!.run({ ...values, quick: values.quick })));
  } catch (error) {
    process.stderr.write(`\n${name} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    rows.push(crashedRow(name, error));
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    const { setDatabaseHandle } = await import("~/utils/db.server");
    const { resetEnvCache } = await import("~/utils/env.server");
    setDatabaseHandle(undefined);
    resetEnvCache();
  }
  process.stdout.write(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  save();
}
const results = save();

process.stdout.write(`\n## The whole benchmark\n\n${describeRun(results, { quick: values.quick })}\n\n${formatBenchTable(rows)}\n\nWritten to ${file}\n`);
const failures = failuresOf(rows);
if (failures.length) {
  process.stderr.write(`\nERROR: ${failures.length} figure(s) cannot be trusted:\n${failures.map((failure) => `  - ${failure}`).join("\n")}\n`);
}
// A suite may also have said its figures are untrustworthy through process.exitCode.
process.exit(failures.length ? 1 : (process.exitCode ?? 0));
