import { insertUser } from "~/modules/auth/users.server";
import { createImport, findImport, saveMapping } from "~/modules/imports/imports.server";
import { readCsvFile } from "~/modules/imports/csv.server";
import { suggestMapping } from "~/modules/imports/mapping";
import { jobDefinitions } from "../../server/jobs";
import { runQueuedJobs, startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { ensureOffboardingDefaults } from "~/modules/offboarding/defaults.server";
import { getDb } from "~/utils/db.server";
import { openBenchDatabase } from "./harness";
import { startImport } from "~/modules/imports/start-import.server";

// BENCH_IMPORT_ROWS overrides the size for a quick run.
const ROWS = Number(process.env.BENCH_IMPORT_ROWS) || 10_000;
const DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Customer Success", "Platform", "Mobile"];
const TYPES = ["voluntary", "involuntary", "retirement", "end_of_contract"];

/** A realistic export: every row valid, five checklist templates matching most of them. */
export function generateDeparturesCsv(rows: number, options: { prefix?: string } = {}): string {
  const prefix = options.prefix ?? "E";
  const lines = ["Employee ID;Name;Work email;Department;Notice date;Last working day;Type;Reason"];
  for (let i = 0; i < rows; i++) {
    const month = String(1 + (i % 12)).padStart(2, "0");
    lines.push(
      [
        `${prefix}-${i}`,
        `Person ${i}`,
        `person.${prefix.toLowerCase()}${i}@example.com`,
        DEPARTMENTS[i % DEPARTMENTS.length],
        `01/${month}/2027`,
        `28/${month}/2027`,
        TYPES[i % TYPES.length],
        i % 3 === 0 ? "career_growth" : "",
      ].join(";"),
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * CSV import figures: a 10,000-row file through the whole path (upload parsing, preview analysis,
 * background job in chunks, createDeparture per row with its tasks), then the same file again
 * (everything found as existing).
 */
export async function run() {
  const { handle, dispose } = await openBenchDatabase();
  try {
    process.stdout.write(`database: ${handle.kind}\n`);
    const db = getDb();
    await ensureOffboardingDefaults(db, "Bench Corp");
    await startJobs({ work: false, jobs: jobDefinitions });
    const hr = await insertUser(db, { email: "hr@bench.test", name: "HR", role: "hr_admin" });
    const bytes = new TextEncoder().encode(generateDeparturesCsv(ROWS));

    for (const label of ["first import", "same file again"]) {
      const started = performance.now();
      const read = readCsvFile(bytes);
      const created = await createImport(db, { fileName: "bench.csv", content: read.text, encoding: read.encoding, totalRows: read.csv.rows.length, createdBy: hr.id });
      await saveMapping(db, created.id, suggestMapping(read.csv.headers), "dmy", hr.id);
      const parsedAt = performance.now();
      await startImport(created.id, { actorUserId: hr.id, locale: "en" });
      await runQueuedJobs(["imports.run"]);
      const finished = performance.now();
      const result = await findImport(db, created.id);
      const seconds = (finished - started) / 1000;
      process.stdout.write(
        `${`CSV import, ${label} (${ROWS.toLocaleString("en")} rows)`.padEnd(48)} ${(ROWS / seconds).toFixed(0).padStart(7)} rows/s   ` +
          `${seconds.toFixed(1)} s (upload + mapping ${((parsedAt - started) / 1000).toFixed(1)} s)   ` +
          `status ${result?.status}, created ${result?.created_count}, existing ${result?.existing_count}, rejected ${result?.rejected_count}\n`,
      );
    }
    const tasks = await db.selectFrom("departure_tasks").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    process.stdout.write(`departure tasks created: ${tasks.n}\n`);
  } finally {
    await stopJobs(5_000);
    await dispose();
  }
}
