import { spawn } from "node:child_process";
import { sql } from "kysely";
import { Resend } from "resend";
import { startFakeResend, type FakeResend } from "../../tests/fakes/resend";
import { jobDefinitions } from "../../server/jobs";
import { startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { scheduleIssue } from "~/modules/newsletter/controls.server";
import { prepareIssueMessages, type NewsletterMessage } from "~/modules/newsletter/messages.server";
import { idempotencyKeyOf } from "~/modules/newsletter/send-batch.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { createDb, setDatabaseHandle, type DatabaseHandle } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { createScratchDatabase } from "./harness";
import { benchRow, type BenchRow } from "./bench-rows";
import type { WorkloadOptions } from "./workload-options";

/**
 * Newsletter sending figures (ADR 024; targets T5 and T6 of the research notes):
 *
 * 1. 100,000 recipients handed to a local fake Resend with no rate limit: the snapshot's time
 *    (recipients + 1,000 batch rows), the send's time and the peak RSS of the sending process (the
 *    engine's loop in a process of its own, as a worker runs it), and the ratio to a bare loop that
 *    posts the same 1,000 pre-rendered batches to the same fake with the same concurrency: what the
 *    claims, the per-batch transactions and the rendering cost over the HTTP floor.
 * 2. 10,000 recipients with the fake limited to 2 requests/s and the portal's limiter at its default
 *    2/s: the send's time against the limit's minimum (100 batches at 2/s = 50 s; target ≤ 5 %
 *    longer) and the 429s the fake answered (target 0).
 *
 * `--quick` runs 5,000 recipients without the rate-limited send. PostgreSQL (DATABASE_URL) is the
 * meaningful target; on the embedded database the sending process opens the data folder after this
 * one closed it.
 */

const CONCURRENCY = 2;

export async function run(options: WorkloadOptions): Promise<BenchRow[]> {
  const large = options.quick ? 5_000 : 100_000;
  const limited = 10_000;
  // The fake runs in this process: 100,000 rendered messages kept in it would exhaust the heap.
  const fake = await startFakeResend({ keepContent: false });
  try {
    process.stdout.write(`database: ${process.env.DATABASE_URL ? "postgresql" : "pglite"}\n`);
    const rows = await unlimited(fake, large);
    fake.reset();
    if (options.quick) {
      rows.push(benchRow({ workload: "newsletter", figure: `send of ${limited.toLocaleString("en")} recipients at 2 requests/s`, value: null, unit: "s", target: "≤ 1.05× the limit's minimum, 0 × 429 (T6)", note: "full run only" }));
    } else {
      fake.reset();
      rows.push(await rateLimited(fake, limited));
    }
    return rows;
  } finally {
    await fake.close();
  }
}

async function unlimited(fake: FakeResend, recipients: number): Promise<BenchRow[]> {
  const scratch = await createScratchDatabase();
  try {
    const { issueId, snapshotMs } = await prepareIssue(scratch.env, recipients);
    process.stdout.write(`${`snapshot of ${recipients.toLocaleString("en")} recipients (+ ${recipients / 100} batches)`.padEnd(56)} ${(snapshotMs / 1000).toFixed(2)} s\n`);

    const sent = await sendInChild(scratch.env, issueId, fake, "0");
    const delivered = fake.received.length;
    process.stdout.write(
      `${`send, no rate limit (${delivered.toLocaleString("en")} delivered)`.padEnd(56)} ${(sent.ms / 1000).toFixed(2)} s   ` +
        `${Math.round(delivered / (sent.ms / 1000))} emails/s   peak RSS of the sender ${Math.round(sent.maxRssKb / 1024)} MB\n`,
    );

    fake.reset();
    const { ms: bareMs, batches } = await bareLoop(scratch.env, issueId, fake);
    process.stdout.write(
      `${`bare loop posting the same ${batches} batches`.padEnd(56)} ${(bareMs / 1000).toFixed(2)} s   ratio engine / bare ${(sent.ms / bareMs).toFixed(2)}\n`,
    );
    const count = recipients.toLocaleString("en");
    return [
      benchRow({ workload: "newsletter", figure: `snapshot of ${count} recipients (+ ${recipients / 100} batch rows)`, value: snapshotMs / 1000, unit: "s", target: recipients === 100_000 ? "< 10 s (T5)" : "" }),
      benchRow({
        workload: "newsletter",
        figure: `hand-off of ${count} recipients to a fake Resend, no rate limit`,
        value: sent.ms / 1000,
        unit: "s",
        floor: `bare loop posting the same ${batches} batches`,
        floorValue: bareMs / 1000,
        target: recipients === 100_000 ? "< 60 s (T5)" : "",
        ...(delivered === recipients ? {} : { problem: `${delivered} of ${recipients} delivered` }),
      }),
      benchRow({ workload: "newsletter", figure: `peak RSS of the sending process, ${count} recipients`, value: sent.maxRssKb / 1024, unit: "MB" }),
    ];
  } finally {
    await scratch.dispose();
  }
}

async function rateLimited(fake: FakeResend, recipients: number): Promise<BenchRow> {
  const scratch = await createScratchDatabase();
  try {
    const { issueId } = await prepareIssue(scratch.env, recipients);
    fake.setRateLimit(2);
    const sent = await sendInChild(scratch.env, issueId, fake, "2");
    const minimum = recipients / 100 / 2;
    process.stdout.write(
      `${`send at 2 requests/s (${fake.received.length.toLocaleString("en")} delivered)`.padEnd(56)} ${(sent.ms / 1000).toFixed(2)} s   ` +
        `minimum ${minimum.toFixed(1)} s, ${(((sent.ms / 1000) / minimum - 1) * 100).toFixed(1)} % longer   429s: ${fake.rateLimitedCount()}\n`,
    );
    return benchRow({
      workload: "newsletter",
      figure: `send of ${recipients.toLocaleString("en")} recipients at 2 requests/s`,
      value: sent.ms / 1000,
      unit: "s",
      floor: "the limit's minimum (batches / 2 per s)",
      floorValue: minimum,
      target: "≤ 1.05×, 0 × 429 (T6)",
      note: `${fake.rateLimitedCount()} × 429`,
      ...(fake.received.length === recipients ? {} : { problem: `${fake.received.length} of ${recipients} delivered` }),
    });
  } finally {
    await scratch.dispose();
  }
}

/** Opens the scratch database here, migrates it, seeds alumni and an issue, and takes the snapshot. */
async function prepareIssue(env: { DATA_DIR: string } | { DATABASE_URL: string }, recipients: number) {
  const handle = await openScratch(env);
  try {
    await seedAlumni(handle, recipients);
    const issueId = await seedIssue(handle);
    await startJobs({ work: false, jobs: jobDefinitions });
    await scheduleIssue(handle.db, issueId, "now", null);
    const started = performance.now();
    const outcome = await startIssueSend(handle.db, issueId);
    const snapshotMs = performance.now() - started;
    if (!outcome.started) throw new Error(`the snapshot did not start: ${outcome.status}`);
    return { issueId, snapshotMs };
  } finally {
    await stopJobs(5_000);
    setDatabaseHandle(undefined);
    await handle.close();
  }
}

async function openScratch(env: { DATA_DIR: string } | { DATABASE_URL: string }): Promise<DatabaseHandle> {
  const handle = "DATABASE_URL" in env ? await createDb({ databaseUrl: env.DATABASE_URL }) : await createDb({ dataDir: env.DATA_DIR });
  const { migrateToLatest } = await import("~/utils/db.server");
  await migrateToLatest(handle.db);
  setDatabaseHandle(handle);
  return handle;
}

/** Batches rendered at once by the floor's loop: 10,000 messages, not all 100,000 in memory. */
const RENDERED_AT_ONCE = 100;

/**
 * The floor: the same batches, rendered beforehand, posted through the SDK by a bare loop with the
 * same concurrency. They are rendered RENDERED_AT_ONCE batches at a time, untimed (100,000 rendered
 * messages at once would exhaust the heap); only the posting is timed.
 */
async function bareLoop(env: { DATA_DIR: string } | { DATABASE_URL: string }, issueId: string, fake: FakeResend): Promise<{ ms: number; batches: number }> {
  const handle = await openScratch(env);
  try {
    const messages = await prepareIssueMessages(handle.db, issueId);
    const { last } = await handle.db.selectFrom("newsletter_recipients").select((eb) => eb.fn.max("batch_no").as("last")).where("issue_id", "=", issueId).executeTakeFirstOrThrow();
    const batchCount = last === null ? 0 : Number(last) + 1;
    const resend = new Resend(fake.apiKey, { baseUrl: fake.url });
    let ms = 0;
    for (let first = 0; first < batchCount; first += RENDERED_AT_ONCE) {
      const rows = await handle.db
        .selectFrom("newsletter_recipients")
        .select(["recipient_no", "batch_no", "user_id", "email", "locale"])
        .where("issue_id", "=", issueId)
        .where("batch_no", ">=", first)
        .where("batch_no", "<", first + RENDERED_AT_ONCE)
        .orderBy("recipient_no")
        .execute();
      const batches: NewsletterMessage[][] = [];
      for (const row of rows) (batches[row.batch_no - first] ??= []).push(messages.messageFor({ recipientNo: row.recipient_no, userId: row.user_id, email: row.email!, locale: row.locale }));
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < batches.length) {
            const n = next++;
            const { error } = await resend.batch.send(batches[n]!, { idempotencyKey: idempotencyKeyOf(issueId, first + n) });
            if (error) throw new Error(`bare loop: ${error.name}`);
          }
        }),
      );
      ms += performance.now() - started;
    }
    return { ms, batches: batchCount };
  } finally {
    setDatabaseHandle(undefined);
    await handle.close();
  }
}

/** Runs the engine's sending loop in a process of its own; returns its own time and peak RSS. */
function sendInChild(env: { DATA_DIR: string } | { DATABASE_URL: string }, issueId: string, fake: FakeResend, rate: string): Promise<{ ms: number; maxRssKb: number }> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    LOG_LEVEL: "error",
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    RESEND_RATE_LIMIT_PER_SECOND: rate,
    NEWSLETTER_SEND_CONCURRENCY: String(CONCURRENCY),
  };
  if (!("DATABASE_URL" in env)) delete childEnv.DATABASE_URL;
  resetEnvCache();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/newsletter-sender.ts", issueId], { env: childEnv });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", () => {
      const line = output.split("\n").find((l) => l.startsWith("{"));
      if (!line) return reject(new Error(`the sender ended without a summary:\n${output}`));
      const summary = JSON.parse(line) as { outcome: string; ms: number; maxRssKb: number };
      if (summary.outcome !== "finished") return reject(new Error(`the send ended ${summary.outcome}:\n${output}`));
      resolve(summary);
    });
  });
}

async function seedAlumni(handle: DatabaseHandle, count: number) {
  // Set-based, like the tests' factory: three statements whatever the count.
  const { rows } = await sql<{ user_id: string }>`
    with u as (
      insert into users (email, name, role, locale, status)
      select 'alum-' || g || '@work.test', 'Alum ' || g, 'alumnus', case when g % 3 = 0 then 'fr' else 'en' end, 'active'
      from generate_series(1, ${count}::int) g
      returning id, email
    )
    insert into alumni_profiles (user_id, personal_email, personal_email_confirmed_at, status, activated_at)
    select id, replace(email, '@work.test', '@personal.test'), now(), 'active', now() from u
    returning user_id
  `.execute(handle.db);
  await sql`
    insert into consent_events (user_id, purpose, granted, policy_version, text_hash, source)
    select id, 'newsletter', true, 'bench', 'bench', 'preferences' from unnest(${rows.map((r) => r.user_id)}::uuid[]) as id
  `.execute(handle.db);
}

async function seedIssue(handle: DatabaseHandle): Promise<string> {
  const db = handle.db;
  const issue = await db.insertInto("newsletter_issues").values({ audience: "{}" }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("newsletter_issue_texts").values({ issue_id: issue.id, language: "en", subject: "Alumni news", preheader: "This month", intro_markdown: "Hello alumni.\n\nHere is the news." }).execute();
  await db.insertInto("newsletter_issue_texts").values({ issue_id: issue.id, language: "fr", subject: "Nouvelles", preheader: "Ce mois-ci", intro_markdown: "Bonjour.\n\nVoici les nouvelles." }).execute();
  const section = await db.insertInto("newsletter_sections").values({ issue_id: issue.id, position: 0, title_en: "Company news", title_fr: "Actualités" }).returning("id").executeTakeFirstOrThrow();
  for (let i = 0; i < 3; i += 1) {
    const item = await db
      .insertInto("feed_items")
      .values({ kind: "company", status: "approved", title: `Item ${i}`, summary_text: `A short summary of item ${i}.`, url: `https://news.example.com/${i}`, approved_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("newsletter_section_items").values({ section_id: section.id, feed_item_id: item.id, position: i }).execute();
  }
  return issue.id;
}
