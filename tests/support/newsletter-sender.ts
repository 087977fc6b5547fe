import { createDb } from "../../db/index";
import { drainIssue } from "~/modules/newsletter/send-batch.server";
import { setDatabaseHandle } from "~/utils/db.server";

/**
 * A worker that does nothing but send one newsletter issue, for the crash test: the engine's own
 * loop (drainIssue, as the newsletter.send job runs it) in a process of its own, without the rest
 * of a worker's start (defaults, the job queue), which on the embedded database takes several
 * seconds and would make twenty restarts take minutes. The issue is the first argument; the
 * database and Resend come from the environment, as for the portal. The newsletter benchmark
 * (scripts/bench/newsletter.ts) runs it too, for the time and peak memory of a send.
 */
async function main() {
  const issueId = process.argv[2];
  if (!issueId) throw new Error("usage: newsletter-sender <issueId>");
  const handle = await createDb({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR, poolSize: 4 });
  setDatabaseHandle(handle);
  process.stdout.write("ready\n");
  const started = performance.now();
  let outcome = "more";
  while (outcome === "more") outcome = await drainIssue(handle.db, issueId, { until: Date.now() + 60_000 });
  // For the benchmark: how long the send took in this process, and its peak memory.
  const summary = { outcome, ms: Math.round(performance.now() - started), maxRssKb: process.resourceUsage().maxRSS };
  process.stdout.write(`${outcome}\n${JSON.stringify(summary)}\n`);
  await handle.close();
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
