import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { measure, openBenchDatabase, report } from "./harness";

/**
 * Offboarding figures:
 * - departures created per second through the HRIS API (POST /api/v1/departures over real HTTP when
 *   the app is built, else through the route module with real Requests), each expanding the default
 *   checklist templates into dated tasks;
 * - a task owner's inbox (the query the /tasks page runs) with 1,000 and then 100,000 tasks in the
 *   database. Tasks accumulate as done history and other owners' work while the owner's own open
 *   tasks stay the same, so a constant time shows the partial indexes doing their job.
 */

const API_CREATES = 1_000;
const CONCURRENCY = 4;
/** A token may make 600 requests a minute: the run spreads its calls over several, as several integrations would. */
const REQUESTS_PER_TOKEN = 500;
const SMALL_TASKS = 1_000;
const LARGE_TASKS = 100_000;
const TASKS_PER_DEPARTURE = 14;
const INBOX_CALLS = 300;
/** The owner's own open tasks, the same at 1,000 and at 100,000 tasks. */
const OWNER_OPEN_TASKS = 40;

export async function run() {
  process.env.LOG_LEVEL ??= "silent";
  const { handle, dispose } = await openBenchDatabase();
  const { ensureOffboardingDefaults } = await import("~/modules/offboarding/defaults.server");
  const { createApiToken } = await import("~/modules/integrations/api-tokens.server");
  const { inboxQuery, INBOX_LIMIT, listInbox } = await import("~/modules/offboarding/inbox.server");
  /** BENCH_EXPLAIN=1 prints the inbox query's plan at each size: where the time goes. */
  const explainInbox = async (userId: string) => {
    if (!process.env.BENCH_EXPLAIN) return;
    const { rows } = await sql<Record<string, string>>`explain analyze ${inboxQuery(db, userId, INBOX_LIMIT)}`.execute(db);
    process.stdout.write(`${rows.map((row) => Object.values(row)[0]).join("\n")}\n`);
  };
  const { insertUser } = await import("~/modules/auth/users.server");
  const db = handle.db;
  let server: Server | undefined;
  try {
    process.stdout.write(`database: ${handle.kind}\n`);
    await ensureOffboardingDefaults(db, "Acme Corp");

    // 1. Departures through the API ----------------------------------------------------------
    const tokens: string[] = [];
    for (let i = 0; i < Math.ceil(API_CREATES / REQUESTS_PER_TOKEN); i++) {
      tokens.push((await createApiToken({ name: `Bench ${i}`, createdBy: null }, db)).token);
    }
    const post = await apiPoster();
    server = post.server;
    const body = (i: number) =>
      JSON.stringify({
        employee: { email: `api-${i}@bench.test`, name: `Api Leaver ${i}`, department: i % 3 ? "Engineering" : "Sales" },
        noticeDate: "2031-03-03",
        lastDay: "2031-03-28",
        externalId: `BENCH-${i}`,
      });
    const creates = await measure(API_CREATES, CONCURRENCY, async (i) => {
      const status = await post.send(tokens[Math.floor(i / REQUESTS_PER_TOKEN)]!, body(i));
      if (status !== 201) throw new Error(`POST /api/v1/departures answered ${status}`);
    });
    const tasksEach = (await countTasks(db)) / API_CREATES;
    report(`create departure, POST /api/v1/departures (${post.mode}, ${tasksEach} tasks each)`, creates);
    // The CSV import figure (10,000 rows) is the CSV import's own benchmark, reported beside this one.

    // 2. A task owner's inbox as tasks accumulate ---------------------------------------------
    await sql`delete from departure_tasks`.execute(db);
    await sql`delete from departures`.execute(db);
    const owner = await insertUser(db, { email: "inbox-owner@bench.test", name: "Inbox Owner", role: "task_owner" });
    const itTeam = await db.selectFrom("teams").select("id").where("name", "=", "IT").executeTakeFirstOrThrow();
    await db.insertInto("team_members").values({ team_id: itTeam.id, user_id: owner.id }).execute();
    const others = await Promise.all(
      Array.from({ length: 20 }, (_, i) => insertUser(db, { email: `owner-${i}@bench.test`, name: `Owner ${i}`, role: "task_owner" })),
    );
    const leaver = await insertUser(db, { email: "leaver@bench.test", name: "Leaver", role: "leaver" });
    const department = await db.selectFrom("departments").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
    const context = { leaverId: leaver.id, departmentId: department.id, ownerId: owner.id, teamId: itTeam.id, otherIds: others.map((o) => o.id) };

    // Today's work: the owner's open tasks among other owners' open tasks on active departures.
    await insertOwnerWork(db, context, OWNER_OPEN_TASKS);
    const activeDepartures = Math.ceil((SMALL_TASKS - OWNER_OPEN_TASKS) / TASKS_PER_DEPARTURE);
    await insertBulkDepartures(db, context, { from: 0, count: activeDepartures, status: "in_progress" });
    await sql`analyze`.execute(db);
    const smallCount = await countTasks(db);
    const small = await measure(INBOX_CALLS, 1, () => listInbox(db, owner.id, { locale: "en" }));
    const inboxSize = (await listInbox(db, owner.id, { locale: "en" })).tasks.length;
    report(`task owner's inbox, ${smallCount.toLocaleString("en")} tasks in the database`, small);
    await explainInbox(owner.id);

    // Years of history accumulate (completed departures, done tasks, some the owner's); today's
    // open work is the same.
    await insertBulkDepartures(db, context, {
      from: activeDepartures,
      count: Math.ceil((LARGE_TASKS - smallCount) / TASKS_PER_DEPARTURE),
      status: "completed",
    });
    await sql`analyze`.execute(db);
    const largeCount = await countTasks(db);
    const large = await measure(INBOX_CALLS, 1, () => listInbox(db, owner.id, { locale: "en" }));
    report(`task owner's inbox, ${largeCount.toLocaleString("en")} tasks in the database`, large);
    await explainInbox(owner.id);
    if ((await listInbox(db, owner.id, { locale: "en" })).tasks.length !== inboxSize) throw new Error("The owner's inbox changed: the bench data is wrong");
    process.stdout.write(
      `inbox: ${inboxSize} open tasks for the owner; ratio p50 at ${largeCount.toLocaleString("en")} / at ${smallCount.toLocaleString("en")}: ${(large.p50 / small.p50).toFixed(2)} (≈1 means the inbox does not slow down as tasks accumulate)\n`,
    );

    // Stress: the same 100,000 tasks with other owners' open backlog instead of history.
    await sql`update departures set status = 'in_progress' where status = 'completed'`.execute(db);
    const reopened = await sql`
      update departure_tasks set status = 'open'
      where status = 'done' and owner_team_id is distinct from ${itTeam.id} and owner_user_id is distinct from ${owner.id}
    `.execute(db);
    await sql`analyze`.execute(db);
    const openCount = Number((await sql<{ n: number }>`select count(*)::int as n from departure_tasks where status = 'open'`.execute(db)).rows[0]!.n);
    const backlog = await measure(INBOX_CALLS / 3, 1, () => listInbox(db, owner.id, { locale: "en" }));
    report(`task owner's inbox, ${openCount.toLocaleString("en")} of them open (others' backlog)`, backlog);
    void reopened;
  } finally {
    if (server) {
      server.closeAllConnections();
      await new Promise((done) => server!.close(done));
    }
    await dispose();
  }
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

async function countTasks(db: DB) {
  return Number((await sql<{ n: number }>`select count(*)::int as n from departure_tasks`.execute(db)).rows[0]!.n);
}

interface BenchContext {
  leaverId: string;
  departmentId: string;
  ownerId: string;
  teamId: string;
  otherIds: string[];
}

/**
 * `count` departures numbered from `from`, 14 tasks each, in bulk (one statement per 2,000). Two
 * tasks in 14 are history: done, the owner's or their team's. The rest are other people's: open on
 * active departures, done on completed ones. None of them belongs in the owner's inbox.
 */
async function insertBulkDepartures(
  db: DB,
  context: BenchContext,
  options: { from: number; count: number; status: "in_progress" | "completed" },
) {
  const batch = 2_000;
  for (let start = 0; start < options.count; start += batch) {
    const first = options.from + start;
    const last = first + Math.min(batch, options.count - start) - 1;
    await sql`
      with source as (
        select g, gen_random_uuid() as id, date '2031-02-05' + (g % 300) as last_day, ${options.status}::text as status
        from generate_series(${first}::int, ${last}::int) as g
      ), inserted as (
        insert into departures (id, leaver_user_id, employee_email, employee_name, department_id, notice_date, last_day, termination_date, type, status, source)
        select id, ${context.leaverId}, 'bench-' || g || '@bench.test', 'Bench Leaver ' || g, ${context.departmentId},
               last_day - 30, last_day, last_day, 'voluntary', status, 'seed'
        from source
      )
      insert into departure_tasks (departure_id, title_en, category, owner_user_id, owner_team_id, anchor, offset_business_days, due_date, status, position)
      select s.id, 'Bench task ' || t, 'access',
             case when t % 10 <> 0 then (${context.otherIds}::uuid[])[1 + ((s.g + t) % ${context.otherIds.length})]
                  when s.g % 2 = 0 then ${context.ownerId}::uuid end,
             case when t % 10 = 0 and s.g % 2 = 1 then ${context.teamId}::uuid end,
             'last_day', 0, s.last_day - (t % 20),
             case when t % 10 = 0 or s.status = 'completed' then 'done' else 'open' end,
             t
      from source s cross join generate_series(0, ${TASKS_PER_DEPARTURE - 1}) as t
    `.execute(db);
  }
}

/** The owner's own open work: `count` tasks on active departures, half theirs, half their team's. */
async function insertOwnerWork(db: DB, context: BenchContext, count: number) {
  await sql`
    with source as (
      select g, gen_random_uuid() as id from generate_series(0, ${Math.ceil(count / TASKS_PER_DEPARTURE) - 1}) as g
    ), inserted as (
      insert into departures (id, leaver_user_id, employee_email, employee_name, department_id, notice_date, last_day, termination_date, type, status, source)
      select id, ${context.leaverId}, 'owned-' || g || '@bench.test', 'Owned Leaver ' || g, ${context.departmentId},
             date '2031-01-05', date '2031-02-05', date '2031-02-05', 'voluntary', 'in_progress', 'seed'
      from source
    )
    insert into departure_tasks (departure_id, title_en, category, owner_user_id, owner_team_id, anchor, offset_business_days, due_date, status, position)
    select s.id, 'Owner task ' || t, 'access',
           case when t % 2 = 0 then ${context.ownerId}::uuid end,
           case when t % 2 = 1 then ${context.teamId}::uuid end,
           'last_day', 0, date '2031-02-05' - t, 'open', t
    from source s cross join generate_series(0, ${TASKS_PER_DEPARTURE - 1}) as t
    where s.g * ${TASKS_PER_DEPARTURE} + t < ${count}
  `.execute(db);
}
