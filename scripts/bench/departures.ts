import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { benchRow, type BenchRow } from "./bench-rows";
import { measure, openBenchDatabase, report } from "./harness";
import type { WorkloadOptions } from "./workload-options";

/**
 * `npm run bench -- departures` (`imports` is its former name): departures created through
 * `POST /api/v1/departures` (over real HTTP when the app is built, 4 in flight, each expanding the
 * default checklist templates into dated tasks), and a CSV file through the whole import path
 * (upload parsing, mapping, the background job in chunks: each row's leaver account, departure,
 * tasks, exit invitation and audit entry), then the same file again (everything found as existing).
 *
 * The floor of both, measured right after each on the same database: a bare batched INSERT of the
 * same departures and tasks rows (read back, given new ids, and written 500 departures or 1,000
 * tasks per statement in one transaction), i.e. what writing the rows alone costs on this database.
 *
 * Full: 1,000 API departures and 10,000 CSV rows (BENCH_IMPORT_ROWS overrides); `--quick`: 200 and 1,000.
 */

const CONCURRENCY = 4;
/** A token may make 600 requests a minute: the run spreads its calls over several, as several integrations would. */
const REQUESTS_PER_TOKEN = 500;
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

export async function run(options: WorkloadOptions): Promise<BenchRow[]> {
  process.env.LOG_LEVEL ??= "silent";
  const apiCreates = options.quick ? 200 : 1_000;
  const csvRows = options.quick ? 1_000 : Number(process.env.BENCH_IMPORT_ROWS) || 10_000;
  const { handle, dispose } = await openBenchDatabase();
  const { ensureOffboardingDefaults } = await import("~/modules/offboarding/defaults.server");
  const { startJobs, stopJobs } = await import("~/modules/jobs/boss.server");
  const { jobDefinitions } = await import("../../server/jobs");
  const db = handle.db;
  let server: Server | undefined;
  try {
    process.stdout.write(`database: ${handle.kind}\n`);
    await ensureOffboardingDefaults(db, "Bench Corp");
    await startJobs({ work: false, jobs: jobDefinitions });
    const rows: BenchRow[] = [];

    // Departures through the API, then the same rows written bare.
    const api = await createThroughApi(db, apiCreates);
    server = api.server;
    const apiIds = (await db.selectFrom("departures").select("id").where("source", "=", "api").execute()).map((row) => row.id);
    const apiFloor = await bareBatchedInsert(db, apiIds);
    printFloor(apiFloor);
    rows.push(
      benchRow({
        workload: "departures",
        figure: `departures created through POST /api/v1/departures (${api.mode}, ${CONCURRENCY} in flight, ${apiFloor.tasks / apiFloor.departures} tasks each), departures/s`,
        value: api.perSecond,
        unit: "departures/s",
        floor: "bare batched INSERT of the same departures + tasks",
        floorValue: apiFloor.perSecond,
        target: "",
      }),
    );

    // A CSV import, then the same rows written bare.
    const before = new Set((await db.selectFrom("departures").select("id").execute()).map((row) => row.id));
    const imported = await importCsv(db, csvRows);
    const csvIds = (await db.selectFrom("departures").select("id").execute()).map((row) => row.id).filter((id) => !before.has(id));
    const csvFloor = await bareBatchedInsert(db, csvIds);
    printFloor(csvFloor);
    rows.push(
      benchRow({
        workload: "departures",
        figure: `CSV import of ${csvRows.toLocaleString("en")} rows, whole path (parse, map, job: accounts, departures, tasks, invitations, audit), rows/s`,
        value: imported.perSecond,
        unit: "rows/s",
        floor: "bare batched INSERT of the same departures + tasks",
        floorValue: csvFloor.perSecond,
        target: "",
        ...(imported.created === csvRows ? {} : { problem: `${imported.created} of ${csvRows} rows created (status ${imported.status})` }),
      }),
    );
    return rows;
  } finally {
    await stopJobs(5_000);
    if (server) {
      server.closeAllConnections();
      await new Promise((done) => server!.close(done));
    }
    await dispose();
  }
}

async function createThroughApi(db: DB, count: number) {
  const { createApiToken } = await import("~/modules/integrations/api-tokens.server");
  const tokens: string[] = [];
  for (let i = 0; i < Math.ceil(count / REQUESTS_PER_TOKEN); i++) {
    tokens.push((await createApiToken({ name: `Bench ${i}`, createdBy: null }, db)).token);
  }
  const post = await apiPoster();
  // Dates within HR's window of usual dates (by default up to 730 days ahead), else 422 unusual-dates.
  const day = (fromNow: number) => new Date(Date.now() + fromNow * 86_400_000).toISOString().slice(0, 10);
  const body = (i: number) =>
    JSON.stringify({
      employee: { email: `api-${i}@bench.test`, name: `Api Leaver ${i}`, department: i % 3 ? "Engineering" : "Sales" },
      noticeDate: day(30),
      lastDay: day(60),
      externalId: `BENCH-${i}`,
    });
  const creates = await measure(count, CONCURRENCY, async (i) => {
    const status = await post.send(tokens[Math.floor(i / REQUESTS_PER_TOKEN)]!, body(i));
    if (status !== 201) throw new Error(`POST /api/v1/departures answered ${status}`);
  });
  report(`create departure, POST /api/v1/departures (${post.mode})`, creates);
  return { perSecond: creates.perSecond, mode: post.mode, server: post.server };
}

async function importCsv(db: DB, count: number) {
  const { insertUser } = await import("~/modules/auth/users.server");
  const { createImport, findImport, saveMapping } = await import("~/modules/imports/imports.server");
  const { readCsvFile } = await import("~/modules/imports/csv.server");
  const { suggestMapping } = await import("~/modules/imports/mapping");
  const { startImport } = await import("~/modules/imports/start-import.server");
  const { runQueuedJobs } = await import("~/modules/jobs/boss.server");
  const hr = await insertUser(db, { email: "hr@bench.test", name: "HR", role: "hr_admin" });
  const bytes = new TextEncoder().encode(generateDeparturesCsv(count));
  let first: { perSecond: number; created: number; status: string } | undefined;
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
      `${`CSV import, ${label} (${count.toLocaleString("en")} rows)`.padEnd(48)} ${(count / seconds).toFixed(0).padStart(7)} rows/s   ` +
        `${seconds.toFixed(1)} s (upload + mapping ${((parsedAt - started) / 1000).toFixed(1)} s)   ` +
        `status ${result?.status}, created ${result?.created_count}, existing ${result?.existing_count}, rejected ${result?.rejected_count}\n`,
    );
    first ??= { perSecond: count / seconds, created: Number(result?.created_count ?? 0), status: String(result?.status) };
  }
  return first!;
}

/** The columns an INSERT may name (not generated), and which hold JSON (sent as text: the driver would send a JS array as a PostgreSQL array). */
async function insertableColumns(db: DB, table: string): Promise<Array<{ name: string; json: boolean }>> {
  const { rows } = await sql<{ column_name: string; data_type: string }>`
    select column_name, data_type from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER' and identity_generation is null
  `.execute(db);
  return rows.map((row) => ({ name: row.column_name, json: row.data_type === "json" || row.data_type === "jsonb" }));
}

function copyRow(row: Record<string, unknown>, columns: Array<{ name: string; json: boolean }>, changes: Record<string, unknown>) {
  const copy: Record<string, unknown> = {};
  for (const { name, json } of columns) {
    const value = name in changes ? changes[name] : row[name];
    copy[name] = json && value !== null && value !== undefined ? JSON.stringify(value) : value;
  }
  return copy;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * The floor: the departures of `ids` and their tasks, read back and written again with new ids (and
 * a changed external id and email, which are unique) by a bare batched INSERT in one transaction:
 * the same rows, the same tables, indexes and constraints, without anything the app does around them.
 */
async function bareBatchedInsert(db: DB, ids: string[]) {
  const departures = (await db.selectFrom("departures").selectAll().where("id", "in", ids).execute()) as Array<Record<string, unknown>>;
  const tasks = (await db.selectFrom("departure_tasks").selectAll().where("departure_id", "in", ids).execute()) as Array<Record<string, unknown>>;
  const departureColumns = await insertableColumns(db, "departures");
  const taskColumns = await insertableColumns(db, "departure_tasks");
  const newIds = new Map(departures.map((row) => [row.id as string, randomUUID()]));
  const departureCopies = departures.map((row) =>
    copyRow(row, departureColumns, {
      id: newIds.get(row.id as string),
      external_id: row.external_id === null ? null : `${String(row.external_id)}-floor`,
      employee_email: `floor-${String(row.employee_email)}`,
    }),
  );
  const taskCopies = tasks.map((row) => copyRow(row, taskColumns, { id: randomUUID(), departure_id: newIds.get(row.departure_id as string) }));
  const started = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunks(departureCopies, 500)) await trx.insertInto("departures").values(chunk as never).execute();
    for (const chunk of chunks(taskCopies, 1_000)) await trx.insertInto("departure_tasks").values(chunk as never).execute();
  });
  const seconds = (performance.now() - started) / 1000;
  return { departures: departures.length, tasks: tasks.length, seconds, perSecond: departures.length / seconds };
}

function printFloor(floor: Awaited<ReturnType<typeof bareBatchedInsert>>) {
  process.stdout.write(
    `${`bare batched INSERT of the same ${floor.departures.toLocaleString("en")} departures + ${floor.tasks.toLocaleString("en")} tasks`.padEnd(48)} ` +
      `${floor.perSecond.toFixed(0).padStart(7)} departures/s   ${floor.seconds.toFixed(2)} s\n`,
  );
}

/** POSTs a departure over HTTP to the built app, or, without a build, through the route module. */
async function apiPoster(): Promise<{ mode: string; server?: Server; send: (token: string, body: string) => Promise<number> }> {
  const buildPath = resolve("build/index.js");
  if (existsSync(buildPath)) {
    const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
    const { createHttpApp } = await import("../../server/app");
    const { parseEnv } = await import("~/utils/env.server");
    const app = createHttpApp({ build, env: parseEnv({ ...process.env, NODE_ENV: "development", LOG_LEVEL: "silent" }) });
    const server = await new Promise<Server>((done) => {
      const listening = app.listen(0, "127.0.0.1", () => done(listening));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/departures`;
    return {
      mode: "HTTP",
      server,
      send: async (token, body) => {
        const response = await fetch(url, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body });
        await response.arrayBuffer();
        return response.status;
      },
    };
  }
  process.stdout.write("build/index.js is missing (run npm run build for the HTTP figure): calling the route module in-process\n");
  const route = await import("~/routes/api.v1.departures");
  return {
    mode: "in-process",
    send: async (token, body) => {
      const request = new Request("http://localhost/api/v1/departures", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body,
      });
      const response = await route.action({ request, params: {}, context: { nonce: "", requestId: "bench", clientIp: "127.0.0.1", failures: { databaseUnavailable: false } } });
      return response.status;
    },
  };
}
