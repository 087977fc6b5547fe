import { cpus, loadavg, totalmem } from "node:os";
import { sql } from "kysely";
import { createApiToken } from "~/modules/integrations/api-tokens.server";
import { rebuildMetrics } from "~/modules/metrics/rebuild.server";
import { readEnpsDashboard } from "~/modules/responses/enps-dashboard.server";
import type { EnpsDashboardFilters } from "~/modules/responses/enps-dashboard";
import { ensureRootDepartment } from "~/modules/offboarding/departments.server";
import { defaultExitSurveyDefinition } from "~/modules/surveys/defaults.server";
import { createDb, migrateToLatest, setDatabaseHandle, type DatabaseHandle } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { ensurePortalProbeBuild } from "./builds";
import { benchServers, startPortal, startServer, type Child } from "./child-processes";
import { createScratchDatabase, measure } from "./harness";
import { benchRow, type BenchRow } from "./bench-rows";
import type { WorkloadOptions } from "./workload-options";

/**
 * `npm run bench -- dashboard [--quick]` (issue 13; `analytics` is its former name): the eNPS
 * dashboard's loader and `GET /api/v1/metrics/enps` at 10,000, 100,000 and 1,000,000 confidential
 * responses across 200 departments × 36 months. Both read the rollups, so their times should stay
 * flat as the raw rows grow; each is printed beside a floor measured in the same run (the loader
 * beside a bare `select 1` through the same Kysely instance, the endpoint beside a bare node:http
 * answer), p50 and p95 over repeated runs. The one table gets each size's slowest filter
 * combination by p95. On the embedded database the loader is measured and the API is not (the
 * portal would need the data folder this process holds open).
 *
 * `--quick` stops at 10,000 responses, with 10 timed runs per combination instead of 40; on the
 * embedded database the full run stops at 100,000.
 */

const SIZES = [10_000, 100_000, 1_000_000];
const MONTHS = 36;
/** 1 root + 19 divisions + 180 teams. */
const DIVISIONS = 19;
const TEAMS_PER_DIVISION = 180 / DIVISIONS;
/** --quick: the smallest size, and fewer timed runs of each filter combination. */
const QUICK_SIZES = [10_000];
/**
 * On the embedded database the fixture and the rebuild at 1,000,000 responses take longer than the
 * rest of the benchmark together (100,000 took 92 s and 45 s on the busy 2-core machine): the full
 * run stops at 100,000 there and says the million is PostgreSQL only.
 */
const EMBEDDED_SIZES = [10_000, 100_000];
const RUNS = 40;
const QUICK_RUNS = 10;

export async function run(options: WorkloadOptions): Promise<BenchRow[]> {
  const embedded = !process.env.DATABASE_URL;
  const sizes = options.quick ? QUICK_SIZES : embedded ? EMBEDDED_SIZES : SIZES;
  const runs = options.quick ? QUICK_RUNS : RUNS;
  const processes = benchServers("bench-analytics");
  const { cleanups } = processes;
  const loadAtStart = loadavg();
  const rows: BenchRow[] = [];
  try {
    const scratch = await createScratchDatabase();
    cleanups.push(scratch.dispose);
    const handle = await createDb("DATABASE_URL" in scratch.env ? { databaseUrl: scratch.env.DATABASE_URL } : { dataDir: scratch.env.DATA_DIR });
    cleanups.push(() => handle.close());
    await migrateToLatest(handle.db);
    setDatabaseHandle(handle);
    resetEnvCache();

    const fixture = await seedStructure(handle);
    const { token } = await createApiToken({ name: "analytics benchmark", createdBy: null }, handle.db);
    // The API is measured through the portal in a process of its own, which the embedded database
    // (one process at a time, open here) cannot serve: on PGlite the loader alone is measured.
    let servers: { bare: Child; portal: Child } | null = null;
    if (!embedded) {
      await ensurePortalProbeBuild();
      const bare = await startServer(processes, "bare node:http", ["scripts/bench/bare-http-server.js"], {}, "/");
      const portal = await startPortal(processes, scratch.env as Record<string, string>);
      servers = { bare, portal };
    }

    process.stdout.write(`\n| responses | seed | rollup rebuild | rollup rows | ${"loader / API".padEnd(12)} | filters | p50 ms | p95 ms | floor p50 ms | ratio p50 |\n|---|---|---|---|---|---|---|---|---|---|\n`);
    let seeded = 0;
    for (const size of sizes) {
      const seedMs = await timed(() => addResponses(handle, fixture, seeded, size - seeded));
      seeded = size;
      const rebuild = await timed(() => rebuildRollups(handle));
      const rollups = await handle.db.selectFrom("enps_rollups").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
      const prefix = `| ${size.toLocaleString("en")} | ${(seedMs / 1000).toFixed(1)} s | ${(rebuild / 1000).toFixed(1)} s | ${rollups.n.toLocaleString("en")} |`;
      const responses = `${size.toLocaleString("en")} responses`;
      const loader = await measureLoader(handle, fixture, prefix, runs);
      rows.push(
        benchRow({
          workload: "dashboard",
          figure: `dashboard loader p95, ${responses} (slowest filter: ${loader.label})`,
          value: loader.p95,
          unit: "ms",
          floor: "bare select 1, same Kysely, p95",
          floorValue: loader.floorP95,
          target: "< 50 ms from the rollups (T4)",
        }),
      );
      const api = servers ? await measureApi(servers.bare, servers.portal, token, fixture, prefix, runs) : null;
      rows.push(
        benchRow({
          workload: "dashboard",
          figure: `GET /api/v1/metrics/enps p95, ${responses}${api ? ` (slowest filter: ${api.label})` : ""}`,
          value: api?.p95 ?? null,
          unit: "ms",
          floor: "bare node:http answer, p95",
          floorValue: api?.floorP95 ?? null,
          target: "< 200 ms end to end (T4)",
          ...(api ? {} : { note: "PostgreSQL only: the portal's process cannot open the embedded database this one holds" }),
        }),
      );
    }
    for (const size of SIZES.filter((size) => !sizes.includes(size))) {
      const note = options.quick ? "full run only" : "PostgreSQL only: the fixture alone takes many minutes on the embedded database";
      rows.push(benchRow({ workload: "dashboard", figure: `dashboard loader p95, ${size.toLocaleString("en")} responses`, value: null, unit: "ms", target: "< 50 ms from the rollups (T4)", note }));
    }

    const cpu = cpus();
    process.stdout.write(
      [
        "",
        `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
        `Database: ${await serverVersion(handle, embedded)}`,
        `Load average (1, 5, 15 min): ${loadAtStart.map((v) => v.toFixed(2)).join(", ")} at the start, ${loadavg().map((v) => v.toFixed(2)).join(", ")} at the end`,
        "",
      ].join("\n"),
    );
    return rows;
  } finally {
    setDatabaseHandle(undefined);
    await cleanups.release();
  }
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

async function serverVersion(handle: DatabaseHandle, embedded: boolean): Promise<string> {
  const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(handle.db);
  return `${embedded ? "PGlite, " : ""}PostgreSQL ${rows[0]!.v}`;
}

interface Fixture {
  surveyId: string;
  versionId: string;
  rootId: string;
  divisionIds: string[];
  departmentIds: string[];
}

/**
 * BENCHMARK FIXTURE, not demo data: a department tree of 200 and one confidential exit survey,
 * written straight into the tables. The demo (server/seed-enps-demo.ts) and the tests go through
 * the real departure, invitation and submit path; at a million responses that path would take hours,
 * and what is measured here is the reading of rollups, not the writing of responses.
 */
async function seedStructure(handle: DatabaseHandle): Promise<Fixture> {
  const db = handle.db;
  const root = await ensureRootDepartment(db, "Bench Corp");
  const divisions = await db
    .insertInto("departments")
    .values(Array.from({ length: DIVISIONS }, (_, i) => ({ name: `Division ${i + 1}`, parent_id: root.id })))
    .returning("id")
    .execute();
  const teams = await db
    .insertInto("departments")
    .values(divisions.flatMap((division, d) => Array.from({ length: Math.round(TEAMS_PER_DIVISION * (d + 1)) - Math.round(TEAMS_PER_DIVISION * d) }, (_, t) => ({ name: `Team ${d + 1}.${t + 1}`, parent_id: division.id }))))
    .returning("id")
    .execute();
  const definition = JSON.stringify(defaultExitSurveyDefinition("Bench Corp"));
  const survey = await db
    .insertInto("surveys")
    .values({ kind: "exit", name_en: "Exit survey", name_fr: "Questionnaire de départ", confidentiality: "confidential", draft: definition, invite_days_before_last_day: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await db.insertInto("survey_versions").values({ survey_id: survey.id, version: 1, confidentiality: "confidential", definition }).returning("id").executeTakeFirstOrThrow();
  await db.updateTable("surveys").set({ current_version_id: version.id }).where("id", "=", survey.id).execute();
  return {
    surveyId: survey.id,
    versionId: version.id,
    rootId: root.id,
    divisionIds: divisions.map((d) => d.id),
    departmentIds: [root.id, ...divisions.map((d) => d.id), ...teams.map((t) => t.id)],
  };
}

const COMMENTS = [
  "Salaries are well below the market and the yearly review never closed the gap.",
  "My manager micromanaged everything and never trusted the team.",
  "Great place to learn, I will miss the team a lot.",
  "The workload is not sustainable, half the team is close to burnout.",
  "Keep the mentoring programme, it made a real difference.",
  "Le télétravail a été réduit sans concertation. C'est dommage.",
  "Une équipe formidable et une vraie bienveillance au quotidien.",
  "La charge de travail est intenable, plusieurs collègues sont épuisés.",
];

/**
 * BENCHMARK FIXTURE: `count` responses in one set-based statement (generate_series), numbered from
 * `from` so that sizes grow by adding rows: a month among the last 36 (in turn), a department among
 * the 200 and a departure type drawn at random (independently of the month, so that the rollups get
 * every department × month × type they would in real data), a locale, a score whose mean drifts with
 * the month, and a comment on one response in ten. Chunked so that no statement holds more than 250,000 rows.
 */
async function addResponses(handle: DatabaseHandle, fixture: Fixture, from: number, count: number) {
  const chunk = 250_000;
  for (let start = from; start < from + count; start += chunk) {
    const end = Math.min(from + count, start + chunk) - 1;
    await sql`
      insert into survey_responses (survey_id, survey_version_id, confidentiality, submitted_at, period_month, department_id, departure_type, locale, enps_score, answers)
      select ${fixture.surveyId}::uuid, ${fixture.versionId}::uuid, 'confidential', month + interval '10 days', month, departments[1 + floor(random() * cardinality(departments))::int],
        (array['voluntary', 'voluntary', 'voluntary', 'involuntary', 'retirement', 'end_of_contract'])[1 + floor(random() * 6)::int],
        case when g % 3 = 0 then 'fr' else 'en' end, score,
        jsonb_strip_nulls(jsonb_build_object('reasons', jsonb_build_array((array['career_growth', 'compensation', 'manager', 'workload', 'culture'])[1 + g % 5]), 'enps', score,
          'change', case when g % 10 = 0 then (${sql`array[${sql.join(COMMENTS)}]`}::text[])[1 + (g / 10) % ${COMMENTS.length}] end))
      from generate_series(${start}::int, ${end}::int) g,
        lateral (select (date_trunc('month', now()) - ((g % ${MONTHS}) * interval '1 month'))::date as month) m,
        lateral (select least(10, greatest(0, round(5.5 + 2.5 * ((g % ${MONTHS})::numeric / ${MONTHS}) + 2.2 * (random() + random() + random() - 1.5) * 1.15)))::smallint as score) s,
        (select ${sql`${fixture.departmentIds}`}::uuid[] as departments) d
    `.execute(handle.db);
  }
  await sql`analyze survey_responses`.execute(handle.db);
}

/** The metrics helper's rebuild (the same as `npm run cli -- metrics:rebuild`). */
async function rebuildRollups(handle: DatabaseHandle) {
  await rebuildMetrics(handle.db);
  await sql`analyze`.execute(handle.db);
}

/** The slowest filter combination by p95, and the floor's p95. */
interface Slowest {
  label: string;
  p95: number;
  floorP95: number;
}

function slowest(results: Array<{ label: string; p95: number }>, floorP95: number): Slowest {
  const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  return { ...worst, floorP95 };
}

async function measureLoader(handle: DatabaseHandle, fixture: Fixture, prefix: string, runs: number): Promise<Slowest> {
  const floor = await measure(runs, 1, () => sql`select 1`.execute(handle.db));
  const results: Array<{ label: string; p95: number }> = [];
  for (const [label, filters] of filterCombinations(fixture)) {
    await readEnpsDashboard(handle.db, filters);
    const result = await measure(runs, 1, () => readEnpsDashboard(handle.db, filters));
    results.push({ label, p95: result.p95 });
    process.stdout.write(`${prefix} loader | ${label} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} | ${floor.p50.toFixed(2)} (select 1) | ${(result.p50 / floor.p50).toFixed(0)} |\n`);
  }
  return slowest(results, floor.p95);
}

async function measureApi(bare: Child, portal: Child, token: string, fixture: Fixture, prefix: string, runs: number): Promise<Slowest> {
  const floor = await measure(runs, 1, async () => (await fetch(`${bare.origin}/`)).arrayBuffer());
  const results: Array<{ label: string; p95: number }> = [];
  for (const [label, , query] of filterCombinations(fixture)) {
    const url = `${portal.origin}/api/v1/metrics/enps${query}`;
    const headers = { authorization: `Bearer ${token}`, accept: "application/json" };
    const first = await fetch(url, { headers });
    if (!first.ok) throw new Error(`GET ${url} answered ${first.status}: ${await first.text()}`);
    await first.arrayBuffer();
    const result = await measure(runs, 1, async () => {
      const response = await fetch(url, { headers });
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
      await response.arrayBuffer();
    });
    results.push({ label, p95: result.p95 });
    process.stdout.write(`${prefix} API | ${label} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} | ${floor.p50.toFixed(2)} (node:http) | ${(result.p50 / floor.p50).toFixed(0)} |\n`);
  }
  return slowest(results, floor.p95);
}

/**
 * The filter combinations timed at each size: [label, loader filters (the dashboard's query: months
 * as their first day), API query string (months as YYYY-MM, as the page's form sends them)].
 */
function filterCombinations(fixture: Fixture): Array<[string, EnpsDashboardFilters, string]> {
  const now = new Date();
  const month = (ago: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - ago, 1)).toISOString().slice(0, 7);
  const division = fixture.divisionIds[3]!;
  const period = (ago: number) => ({ fromMonth: `${month(ago)}-01`, toMonth: `${month(0)}-01` });
  return [
    ["everything, 36 months", period(MONTHS - 1), `?from=${month(MONTHS - 1)}&to=${month(0)}`],
    ["last 12 months", period(11), `?from=${month(11)}&to=${month(0)}`],
    ["one division's subtree, 12 months", { ...period(11), departmentId: division }, `?from=${month(11)}&to=${month(0)}&department=${division}`],
    [
      "subtree + voluntary + survey, 12 months",
      { ...period(11), departmentId: division, departureType: "voluntary", surveyId: fixture.surveyId },
      `?from=${month(11)}&to=${month(0)}&department=${division}&departureType=voluntary&survey=${fixture.surveyId}`,
    ],
  ];
}
