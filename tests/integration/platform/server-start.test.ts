import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { createDb } from "../../../db/index";
import { bootInProcess } from "../../support/boot-in-process";
import { nodeArgumentsFor } from "../../support/entry-bundle";
import { PRODUCTION_SETTINGS } from "../../support/environment";
import { TEST_TMP } from "../../support/template";

/**
 * `npm start` as a user runs it: a brand-new data folder is created, migrated and seeded; a second
 * start reuses it without seeding; SIGTERM stops cleanly and frees the folder. The first start is
 * `npm start`'s own command (tsx); the second is the same boot in this process
 * (tests/support/boot-in-process.ts: a process costs about 3 s of CPU); the refused production start
 * is the entry point's bundle.
 * PostgreSQL start-up is covered by the browser tests; this file is about the embedded default.
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

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startPortal(env: Record<string, string>, via: "bundle" | "tsx" = "bundle"): Promise<Started> {
  // This machine's database and email settings are not the test's: only what `env` says.
  const { DATABASE_URL: _database, RESEND_API_KEY: _key, ...inherited } = process.env;
  const childEnv: NodeJS.ProcessEnv = { ...inherited, NODE_ENV: "development", LOG_LEVEL: "warn", ...env };
  const child = spawn(process.execPath, nodeArgumentsFor("server", { via }), { env: childEnv });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  return { child, output: () => output, exited };
}

async function waitForHealthy(url: string, started: Started, timeoutMs = 100_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`the portal exited early:\n${started.output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the portal did not become healthy in time:\n${started.output()}`);
}

const dataDir = mkdtempSync(join(resolve(TEST_TMP), "start-"));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// A first start creates a database and seeds demo departures: slow on a busy 2-core machine.
describe("starting the portal", { timeout: 120_000 }, () => {
  it("creates, migrates and seeds a new embedded database, prints the address and the demo sign-ins", async () => {
    const port = await freePort();
    const started = await startPortal({ PORT: String(port), DATA_DIR: dataDir }, "tsx");
    try {
      await waitForHealthy(`http://localhost:${port}`, started);
      expect(started.output()).toContain(`Alumni portal ready: http://localhost:${port}`);
      expect(started.output()).toContain("demo data seeded");
      expect(started.output()).toMatch(/hr@example\.com\s+password: demo-password/);
      expect(existsSync(join(dataDir, "owner.pid"))).toBe(true);
    } finally {
      started.child.kill("SIGTERM");
    }
    expect(await started.exited).toBe(0);
    expect(existsSync(join(dataDir, "owner.pid"))).toBe(false);
  });

  it("starts again on the same folder without seeding twice", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    delete env.RESEND_API_KEY;
    const output = await bootInProcess(env);
    expect(output).toContain("Alumni portal ready");
    expect(output).not.toContain("demo data seeded");
    expect(existsSync(join(dataDir, "owner.pid"))).toBe(false);
    const handle = await createDb({ dataDir });
    try {
      const users = (await handle.db.selectFrom("users").select("email").execute()).map((u) => u.email);
      for (const email of ["alex.alumni@example.net", "hr@example.com", "it@example.com", "sam.leaver@example.com"]) {
        expect(users).toContain(email);
      }
      // The six current demo departures exist once, in every state (the 24 months of history, HR-2…, are
      // counted by the demo-seed test).
      const departures = (await handle.db.selectFrom("departures").select(["external_id", "status"]).execute()).filter((d) => d.external_id?.startsWith("HR-1"));
      expect(departures).toHaveLength(6);
      expect(new Set(departures.map((d) => d.status))).toEqual(new Set(["planned", "in_progress", "completed", "cancelled"]));
      // The invitations due on the first day were sent at start-up, once: the demo leaver finds
      // theirs in the outbox, in French (Sam's account language), without waiting for the hourly run.
      const invitations = await handle.db.selectFrom("emails").select(["to_address", "locale"]).where("template", "=", "exit-invitation").execute();
      expect(invitations.filter((email) => email.to_address === "sam.leaver@example.com")).toEqual([
        { to_address: "sam.leaver@example.com", locale: "fr" },
      ]);
    } finally {
      await handle.close();
    }
  });

  it("refuses weak production settings and lists what to set", async () => {
    const started = await startPortal({ NODE_ENV: "production", DATA_DIR: dataDir, APP_URL: "http://insecure.example" });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/APP_SECRET: .*32/);
    expect(started.output()).toMatch(/APP_URL: .*https/);
    expect(started.output()).toMatch(/RESEND_API_KEY/);
    expect(started.output()).toMatch(/DATABASE_URL: .*ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true/);
  });

  it("refuses, as `npm start` runs it, settings copied from the documentation rather than made: each named, nothing opened", async () => {
    const untouched = join(dataDir, "never-created");
    const started = await startPortal(
      {
        NODE_ENV: "production",
        DATA_DIR: untouched,
        APP_URL: "https://alumni.example.com",
        APP_SECRET: "development-secret-not-for-production-use",
        RESEND_API_KEY: "re_your_api_key",
        RESEND_BASE_URL: "http://resend.internal",
        RESEND_WEBHOOK_SECRET: "whsec_changeme",
      },
      "tsx",
    );
    expect(await started.exited).toBe(1);
    const lines = started.output().split("\n").filter((line) => line.startsWith("  - "));
    expect(lines.map((line) => line.slice(4, line.indexOf(":")))).toEqual([
      "APP_SECRET",
      "RESEND_API_KEY",
      "EMAIL_FROM",
      "RESEND_BASE_URL",
      "RESEND_WEBHOOK_SECRET",
      "DATABASE_URL",
    ]);
    expect(started.output()).toMatch(/^Invalid configuration:/m);
    expect(existsSync(untouched)).toBe(false);
  });

  it("starts in production once the settings are sound, on the embedded database when asked for by name", async () => {
    const port = await freePort();
    const started = await startPortal({
      ...PRODUCTION_SETTINGS,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    });
    try {
      await waitForHealthy(`http://127.0.0.1:${port}`, started);
      const home = await fetch(`http://127.0.0.1:${port}/login`);
      expect(home.headers.get("strict-transport-security")).toMatch(/max-age=/);
    } finally {
      started.child.kill("SIGTERM");
    }
    expect(await started.exited).toBe(0);
  });
});
