import { sql } from "kysely";
import type { DB } from "~/utils/db.server";

/**
 * The pages of `npm run bench -- pages` and who opens them. The database is booted and seeded here,
 * in the benchmark's process, exactly as `npm start` does outside production (bootApplication: the
 * demo data, then the demo exit invitations sent); then one session per role is created directly
 * (sign-in is rate-limited and slow on purpose) and the database is closed for the production server
 * to open.
 */

export interface PageVisit {
  target: string;
  path: string;
  /** The Cookie header, for a signed-in visit. */
  cookie?: string;
}

/** sessionCookieName() of a production process (this one is not: it seeds, which production refuses). */
const PRODUCTION_SESSION_COOKIE = "__Host-session";
const USER_AGENT = "autocannon (npm run bench -- pages)";

/** The demo accounts of server/seed.ts the benchmark signs in as. */
const HR_ADMIN = "hr@example.com";
const TASK_OWNER = "it@example.com";
const ALUMNUS = "alex.alumni@example.net";
/** A departure of the demo data with tasks, an exit invitation and a timeline (server/seed.ts). */
const DEPARTURE_SHOWN = "HR-1001";

/**
 * Seeds the database named by `databaseEnv` (DATA_DIR or DATABASE_URL) and returns the pages to
 * measure with their cookies, and what the database is (for the report).
 */
export async function seedAndSignIn<Extra = undefined>(
  databaseEnv: Record<string, string>,
  options: {
    /**
     * A benchmark's own data on top of the demo data, written before the database closes (the feed
     * benchmark's items and tracked link); `alumnusId` is the demo alumnus the sessions sign in as.
     */
    also?: (db: DB, signedIn: { alumnusId: string }) => Promise<Extra>;
  } = {},
): Promise<{ visits: PageVisit[]; database: string; queryCpuMs: number; embedded: boolean; cookies: { alumnus: string }; extra: Extra }> {
  // The app reads its configuration from process.env; this process boots it as `npm start` would in
  // development, the only mode that seeds. Logging stays quiet: the table is the output.
  delete process.env.DATABASE_URL;
  delete process.env.DATA_DIR;
  Object.assign(process.env, databaseEnv, { NODE_ENV: "development", RUN_WORKER: "false", SEED_DEMO_DATA: "true", LOG_LEVEL: "warn" });
  const { getEnv, resetEnvCache } = await import("~/utils/env.server");
  resetEnvCache();
  const { bootApplication, shutdownApplication } = await import("../../server/boot");
  const { jobDefinitions } = await import("../../server/jobs");
  const { getDb } = await import("~/utils/db.server");
  const { findUserByEmail } = await import("~/modules/auth/users.server");
  const { createSession } = await import("~/modules/auth/session.server");
  const { loadExitFlow, pathForStep } = await import("~/modules/exit/flow.server");

  const booted = await bootApplication({ env: getEnv(), work: false, jobs: jobDefinitions });
  try {
    if (!booted.seeded) throw new Error("the scratch database was not seeded with the demo data");
    const db = getDb();
    const demoUser = async (email: string) => {
      const user = await findUserByEmail(db, email);
      if (!user) throw new Error(`the demo data has no ${email}`);
      return user;
    };
    const cookieFor = async (email: string) => {
      const { token } = await createSession(db, await demoUser(email), USER_AGENT);
      return `${PRODUCTION_SESSION_COOKIE}=${token}`;
    };

    // A leaver whose exit survey is open, on the page the flow sends them to.
    const leavers = await db.selectFrom("users").select(["id", "email"]).where("role", "=", "leaver").orderBy("email").execute();
    let leaver: { email: string; path: string } | undefined;
    for (const candidate of leavers) {
      const step = await loadExitFlow(db, candidate.id);
      if (step.kind === "survey") {
        leaver = { email: candidate.email, path: pathForStep(step) };
        break;
      }
    }
    if (!leaver) throw new Error("no demo leaver has an open exit survey");

    const departure = await db.selectFrom("departures").select("id").where("external_id", "=", DEPARTURE_SHOWN).executeTakeFirst();
    if (!departure) throw new Error(`the demo data has no departure ${DEPARTURE_SHOWN}`);

    const hr = await cookieFor(HR_ADMIN);
    const owner = await cookieFor(TASK_OWNER);
    const alumnus = await cookieFor(ALUMNUS);
    const leaverCookie = await cookieFor(leaver.email);
    const visits: PageVisit[] = [
      { target: "visitor /login", path: "/login" },
      // The one-line route again, signed in: what the signed-in shell (the session, HR's navigation)
      // costs before a page does anything.
      { target: "HR /bench/ok (one-line route, signed in)", path: "/bench/ok", cookie: hr },
      { target: "HR /admin", path: "/admin", cookie: hr },
      { target: "HR /admin/departures", path: "/admin/departures", cookie: hr },
      { target: "HR a departure page", path: `/admin/departures/${departure.id}`, cookie: hr },
      { target: "HR /admin/responses", path: "/admin/responses", cookie: hr },
      { target: "HR /admin/outbox", path: "/admin/outbox", cookie: hr },
      { target: "task owner /tasks", path: "/tasks", cookie: owner },
      { target: "HR admin /tasks", path: "/tasks", cookie: hr },
      { target: `leaver ${leaver.path}`, path: leaver.path, cookie: leaverCookie },
      { target: "alumnus /alumni/preferences", path: "/alumni/preferences", cookie: alumnus },
    ];
    const extra = (await options.also?.(db, { alumnusId: (await demoUser(ALUMNUS)).id })) as Extra;
    const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
    const version = rows[0]?.version.split(" ").slice(0, 2).join(" ") ?? "";
    return {
      visits,
      database: `${booted.kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL server"}, ${version}`,
      queryCpuMs: await cpuPerQuery(db),
      embedded: booted.kind === "pglite",
      cookies: { alumnus },
      extra,
    };
  } finally {
    await shutdownApplication();
  }
}

/**
 * The floor of one query: CPU time of this process per `select 1` sent through Kysely, as the app
 * sends its queries. On PGlite the database runs in the process, so this is the whole cost of a
 * query; on PostgreSQL it is the client's share only (the server's is in its own processes).
 */
async function cpuPerQuery(db: DB, count = 2_000): Promise<number> {
  for (let i = 0; i < 200; i++) await sql`select 1`.execute(db);
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await sql`select 1`.execute(db);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}
