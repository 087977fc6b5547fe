import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { trackedLinkFor } from "~/modules/links/tracked-links.server";
import { createScratchDatabase, type ScratchDatabase } from "../../support/database";
import { nodeArgumentsFor } from "../../support/entry-bundle";

/**
 * The click buffer's promise at shutdown (ADR 020): the real server in a child process, N browser
 * clicks and some bot visits, SIGTERM right after the last answer, then the rows counted: N, none
 * lost, no bot. On the embedded database or, with DATABASE_URL, on PostgreSQL.
 */

const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const BOT = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)";

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

let scratch: ScratchDatabase | undefined;
afterAll(async () => scratch?.cleanup());

describe("stopping the server", { timeout: 120_000 }, () => {
  it("writes every buffered click before it exits on SIGTERM, and no bot's", async () => {
    scratch = await createScratchDatabase({ migrated: true });
    const setup = await scratch.open();
    const link = await trackedLinkFor({ channel: "newsletter", targetUrl: "https://acme.example/story", campaign: "issue-1" }, setup.db).finally(() => setup.close());

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "development",
      LOG_LEVEL: "warn",
      PORT: String(port),
      SEED_DEMO_DATA: "false",
      RUN_WORKER: "false",
    };
    delete env.DATABASE_URL;
    delete env.DATA_DIR;
    delete env.RESEND_API_KEY;
    Object.assign(env, scratch.env);
    const child = spawn(process.execPath, nodeArgumentsFor("server"), { env });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let ready = false; !ready; ) {
        if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`);
        ready = await fetch(`${base}/healthz`).then((response) => response.ok, () => false);
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
      }

      // 700 clicks: a 500-click batch is written while they arrive; the rest waits in the buffer.
      const CLICKS = 700;
      const BOTS = 60;
      const visits = [...Array.from({ length: CLICKS }, () => BROWSER), ...Array.from({ length: BOTS }, () => BOT)];
      let next = 0;
      let redirected = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (next < visits.length) {
            const userAgent = visits[next++]!;
            const response = await fetch(`${base}/r/${link.code}`, { headers: { "User-Agent": userAgent }, redirect: "manual" });
            if (response.status === 302) redirected++;
          }
        }),
      );
      expect(redirected).toBe(CLICKS + BOTS);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }

    const after = await scratch.open();
    try {
      const { count } = await after.db.selectFrom("link_clicks").select((eb) => eb.fn.countAll<string>().as("count")).executeTakeFirstOrThrow();
      expect(Number(count)).toBe(700);
    } finally {
      await after.close();
    }
  });
});
