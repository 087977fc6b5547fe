import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { hashPassword } from "~/modules/auth/password.server";
import { createDb } from "../../../db/index";
import { createScratchDatabase } from "../../support/database";
import { bootInProcess } from "../../support/boot-in-process";
import { runCliInProcess } from "../../support/cli";
import { nodeArgumentsFor, type EntryPoint } from "../../support/entry-bundle";
import { TEST_TMP } from "../../support/template";

/**
 * Issue 8, safe defaults: the demo data depends on whether this database was ever seeded, not on
 * whether start-up found it new, and start-up announces only the demo sign-ins that work.
 * Replays the review: `npm run cli -- migrate` first (which creates the database), then `npm start`.
 * Runs on the embedded database, or on PostgreSQL when DATABASE_URL is set.
 *
 * The first start is the real server in a child process (it proves that `npm start` seeds and
 * prints the sign-ins); the CLI commands and the later starts run the same programmes in this
 * process (the CLI's, and the server's boot and start-up banner): a process each cost about 3 s of CPU.
 */

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

function childEnv(database: Record<string, string>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", LOG_LEVEL: "warn", ...database, ...extra };
  if (!database.DATABASE_URL) delete env.DATABASE_URL;
  delete env.RESEND_API_KEY;
  return env;
}

function run(entry: EntryPoint, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...nodeArgumentsFor(entry), ...args], { env });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  return { child, output: () => output, exited };
}

/** Starts the portal, waits until it is healthy, stops it, and returns what it printed. */
async function startAndStop(database: Record<string, string>): Promise<string> {
  const port = await freePort();
  const started = run("server", [], childEnv(database, { PORT: String(port) }));
  const deadline = Date.now() + 90_000;
  try {
    for (;;) {
      if (started.child.exitCode !== null) throw new Error(`the portal exited early:\n${started.output()}`);
      if (Date.now() > deadline) throw new Error(`the portal did not become healthy in time:\n${started.output()}`);
      const healthy = await fetch(`http://localhost:${port}/healthz`).then((r) => r.ok, () => false);
      if (healthy && started.output().includes("Alumni portal ready")) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    started.child.kill("SIGTERM");
  }
  expect(await started.exited).toBe(0);
  return started.output();
}

/** `npm run cli -- <args>` in this process (tests/support/cli.ts). */
async function cli(args: string[], database: Record<string, string>) {
  const ran = await runCliInProcess(database, args);
  return { code: ran.code, output: ran.stdout + ran.stderr };
}

let database: Record<string, string>;
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    // An empty PostgreSQL database: no schema until the CLI migrates it.
    const scratch = await createScratchDatabase();
    database = scratch.env as Record<string, string>;
    cleanup = scratch.cleanup;
  } else {
    // An empty folder: the CLI creates the embedded database in it.
    const dir = mkdtempSync(join(resolve(TEST_TMP), "demo-seed-"));
    database = { DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});

afterAll(() => cleanup());

async function openDatabase() {
  return database.DATABASE_URL ? createDb({ databaseUrl: database.DATABASE_URL, poolSize: 2 }) : createDb({ dataDir: database.DATA_DIR! });
}

const SIGN_IN_LINE = {
  hr: /hr_admin\s+hr@example\.com\s+password: demo-password/,
  it: /task_owner\s+it@example\.com\s+password: demo-password/,
  alumnus: /alumnus\s+alex\.alumni@example\.net/,
  leaver: /leaver\s+sam\.leaver@example\.com/,
};

// The first start boots the portal in a child process: slow on a busy 2-core machine.
describe("demo data after the CLI created the database", { timeout: 240_000 }, () => {
  it("seeds at the first start after `cli migrate`, prints the sign-ins, and never seeds twice", async () => {
    const migrated = await cli(["migrate"], database);
    expect(migrated.code).toBe(0);
    expect(migrated.output).toContain("Applied:");

    const first = await startAndStop(database);
    expect(first).toContain("demo data seeded");
    for (const line of Object.values(SIGN_IN_LINE)) expect(first).toMatch(line);

    const second = await bootInProcess(childEnv(database));
    expect(second).toContain("Alumni portal ready");
    expect(second).not.toContain("demo data seeded");
    // Still true, so still printed.
    expect(second).toMatch(SIGN_IN_LINE.hr);

    const again = await cli(["seed"], database);
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/already had its demo data .*nothing added/);

    const handle = await openDatabase();
    try {
      const users = await handle.db.selectFrom("users").select("email").where("email", "=", "hr@example.com").execute();
      expect(users).toHaveLength(1);
      // The six current demo departures, and the history's (HR-2…) once each: one per answer.
      const departures = await handle.db.selectFrom("departures").select("external_id").execute();
      expect(departures.filter((d) => d.external_id?.startsWith("HR-1"))).toHaveLength(6);
      const answered = await handle.db.selectFrom("survey_responses").select("id").where("confidentiality", "=", "confidential").execute();
      // Lena (HR-1005) answered too.
      expect(departures.filter((d) => d.external_id?.startsWith("HR-2"))).toHaveLength(answered.length - 1);
      expect(await handle.db.selectFrom("demo_seed").select("assumed").execute()).toEqual([{ assumed: false }]);
    } finally {
      await handle.close();
    }
  });

  it("prints only the demo sign-ins that still work once demo accounts were changed", async () => {
    const handle = await openDatabase();
    try {
      // HR changed the demo password; the task owner's account was disabled; the alumnus was renamed away.
      await handle.db.updateTable("users").set({ password_hash: await hashPassword("a-real-password-now") }).where("email", "=", "hr@example.com").execute();
      await handle.db.updateTable("users").set({ status: "disabled" }).where("email", "=", "it@example.com").execute();
      await handle.db.updateTable("users").set({ email: "alex.martin@example.org" }).where("email", "=", "alex.alumni@example.net").execute();
    } finally {
      await handle.close();
    }
    const output = await bootInProcess(childEnv(database));
    expect(output).toContain("Alumni portal ready");
    expect(output).not.toContain("demo data seeded");
    expect(output).not.toMatch(SIGN_IN_LINE.hr);
    expect(output).not.toMatch(SIGN_IN_LINE.it);
    expect(output).not.toMatch(SIGN_IN_LINE.alumnus);
    expect(output).toMatch(SIGN_IN_LINE.leaver);
  });
});
