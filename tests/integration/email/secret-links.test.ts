import { sql } from "kysely";
import { confirmPersonalEmail } from "~/modules/alumni/email-confirmation.server";
import { completePasswordSetup, inviteStaffUser } from "~/modules/auth/invitations.server";
import { consumeMagicLink } from "~/modules/auth/magic-link.server";
import { outboxMode } from "~/modules/email/outbox-mode.server";
import { sendEmail } from "~/modules/email/send-email.server";
import { runExitInvitations } from "~/modules/exit/invitation-run.server";
import { requestNewExitLink } from "~/modules/exit/link-resend.server";
import { signInWithExitLink } from "~/modules/exit/links.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { loader as detailLoader } from "~/routes/admin.outbox.$emailId";
import { loader as htmlLoader } from "~/routes/admin.outbox.$emailId_.html";
import { action as alumniStepAction } from "~/routes/exit.alumni";
import { resetEnvCache } from "~/utils/env.server";
import { startFakeResend, type FakeResend, type ReceivedEmail } from "../../fakes/resend";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { at, day, recordDeparture, sendQueuedInvitations } from "../exit/invitation-helpers";
import { requestMagicLink } from "~/modules/auth/magic-link-request.server";
import { createUser, installOffboardingDefaults, makeAlumniLeaver, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/**
 * Issue 8: HR must not be able to act as a leaver or an alumnus. Every email that carries a token is
 * sent through the fake Resend here; the token and its link must then be in the email Resend
 * received (and work), and in no column of any table, public or pg-boss, before or after delivery.
 */

useTestDatabase();
useJobQueue();

const APP = "http://localhost:3000";
const PLACEHOLDER_EN = "[link removed from the stored copy]";
const PLACEHOLDER_FR = "[lien retiré de la copie conservée]";
const ENV_NAMES = ["RESEND_API_KEY", "RESEND_BASE_URL", "NODE_ENV", "APP_SECRET", "APP_URL", "ALLOW_OUTBOX_IN_PRODUCTION", "ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION"] as const;
const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));

let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend();
});
beforeEach(async () => {
  fake.reset();
  process.env.RESEND_API_KEY = fake.apiKey;
  process.env.RESEND_BASE_URL = fake.url;
  resetEnvCache();
  await installOffboardingDefaults();
});
afterEach(() => {
  for (const name of ENV_NAMES) {
    const value = savedEnv[name];
    if (value === undefined) delete process.env[name];
    else Object.assign(process.env, { [name]: value });
  }
  resetEnvCache();
});
afterAll(() => fake.close());

interface RowText {
  table: string;
  row: string;
}

/** Every row of every table of the public and pgboss schemas, each as PostgreSQL writes a row as text. */
async function everyRowAsText(): Promise<RowText[]> {
  const db = testDb();
  const { rows: tables } = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'
    order by 1, 2
  `.execute(db);
  const all: RowText[] = [];
  for (const { schema, name } of tables) {
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(`${schema}.${name}`)} t`.execute(db);
    all.push(...rows.map(({ row }) => ({ table: `${schema}.${name}`, row })));
  }
  return all;
}

function tablesHolding(rows: RowText[], needle: string): string[] {
  return [...new Set(rows.filter((r) => r.row.includes(needle)).map((r) => r.table))];
}

function linksTo(email: ReceivedEmail, path: string): string[] {
  return fake.linksIn(email).filter((link) => link.startsWith(`${APP}${path}`));
}

/**
 * Delivers the queued emails and returns the tokens of the `path` links Resend received, after
 * checking that neither token nor link was anywhere in the database, while queued or once sent.
 */
async function deliverAndCheckTokens(path: string, expectedEmails = 1): Promise<string[]> {
  const alreadyReceived = fake.received.length;
  const queued = await everyRowAsText();
  await runQueuedJobs(["email.send"]);
  const sent = await everyRowAsText();

  const received = fake.received.slice(alreadyReceived);
  expect(received).toHaveLength(expectedEmails);
  const tokens: string[] = [];
  for (const email of received) {
    const [link, ...others] = linksTo(email, path);
    expect(link, `a ${path} link in the email Resend received`).toBeDefined();
    expect(others).toEqual([]);
    expect(email.text).toContain(link);
    const token = link!.slice(`${APP}${path}`.length);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    for (const needle of [token, link!]) {
      expect(tablesHolding(queued, needle), `"${needle}" while queued`).toEqual([]);
      expect(tablesHolding(sent, needle), `"${needle}" once sent`).toEqual([]);
    }
    // The scan does read the stored email and its job: it would have found the link there.
    expect(tablesHolding(sent, email.to[0]!)).toContain("public.emails");
    tokens.push(token);
  }
  expect(tablesHolding(queued, '"emailId"')).toContain("pgboss.job");
  const rows = await testDb().selectFrom("emails").select(["status", "links_removed", "sealed_content", "text", "html"]).where("status", "=", "sent").execute();
  for (const row of rows) {
    expect(row).toMatchObject({ links_removed: true, sealed_content: null });
    expect(`${row.text}${row.html}`).toMatch(/\[(link removed from the stored copy|lien retiré de la copie conservée)\]/);
  }
  return tokens;
}

async function expireExitLinks() {
  await testDb().updateTable("exit_links").set({ expires_at: new Date(Date.now() - 60_000) }).execute();
}

async function askForMagicLink(email: string) {
  expect((await requestMagicLink({ email, ip: "203.0.113.7", locale: "en" })).status).toBe("accepted");
  await runQueuedJobs(["auth.magic-link"]);
}

describe("with Resend configured, a one-time link exists only in the email that carries it", () => {
  it("magic link: not stored, and the emailed link signs the alumnus in", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net" });
    await askForMagicLink("alex@example.net");
    const [token] = await deliverAndCheckTokens("/login/magic/");
    expect(await consumeMagicLink({ token: token! })).toMatchObject({ status: "success" });
  });

  it("staff invitation: the set-password link is not stored, and the emailed one sets the password", async () => {
    await inviteStaffUser({ email: "grace@example.test", name: "Grace Hopper", role: "task_owner" });
    const [token] = await deliverAndCheckTokens("/set-password/");
    expect(await completePasswordSetup({ token: token!, password: "correct horse battery staple" })).toMatchObject({ status: "success" });
  });

  it("exit invitation, its reminder and a new link from an expired one: none stored, each emailed link signs the leaver in", async () => {
    const departure = await recordDeparture();
    await sendQueuedInvitations();
    const [invitation] = await deliverAndCheckTokens("/exit/link/");
    expect(await signInWithExitLink({ token: invitation! })).toMatchObject({ status: "success", userId: departure.leaver_user_id });

    // A leaver who has not started gets a reminder on the third day, with a link of its own.
    await testDb().updateTable("exit_invitations").set({ status: "invited", started_at: null }).execute();
    expect((await runExitInvitations({ now: at(day(3), 10), timeZone: "UTC" })).remindersSent).toBe(1);
    const [reminder] = await deliverAndCheckTokens("/exit/link/");
    expect(reminder).not.toBe(invitation);
    expect(await signInWithExitLink({ token: reminder! })).toMatchObject({ status: "success", userId: departure.leaver_user_id });

    await expireExitLinks();
    await requestNewExitLink({ token: reminder!, ip: "203.0.113.8" });
    const [fresh] = await deliverAndCheckTokens("/exit/link/");
    expect(fake.received.at(-1)!.subject).toBe("Your new link to the Acme Corp exit survey");
    expect(await signInWithExitLink({ token: fresh! })).toMatchObject({ status: "success", userId: departure.leaver_user_id });
  });

  it("personal email confirmation: not stored, and the emailed link confirms the address", async () => {
    const leaver = await makeAlumniLeaver();
    const response = await callAction(
      alumniStepAction,
      buildRequest("/exit/alumni", { cookie: leaver.cookie, form: { intent: "join", personalEmail: "sam.home@example.net" } }),
    );
    expect(response.status).toBe(302);
    const [token] = await deliverAndCheckTokens("/confirm-email/");
    expect(await confirmPersonalEmail(token!)).toMatchObject({ status: "confirmed", email: "sam.home@example.net" });
  });
});

describe("the outbox as HR reads it", () => {
  async function hrReads(emailId: string) {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const detail = await callLoader(detailLoader, buildRequest(`/admin/outbox/${emailId}`, { cookie }), { emailId });
    const html = await callLoader(htmlLoader, buildRequest(`/admin/outbox/${emailId}/html`, { cookie }), { emailId });
    expect(detail.status).toBe(200);
    expect(html.status).toBe(200);
    const { email } = await detail.json();
    return { email, html: await html.text() };
  }

  it("with Resend, shows the email with a placeholder where its link was, in the email's language", async () => {
    const alumnus = await createUser({ role: "alumnus", email: "alex@example.net", locale: "fr" });
    await askForMagicLink(alumnus.email);
    const [token] = await deliverAndCheckTokens("/login/magic/");
    const { id } = await testDb().selectFrom("emails").select("id").executeTakeFirstOrThrow();

    const seen = await hrReads(id);
    expect(seen.email).toMatchObject({ status: "sent", links_removed: true, to_address: "alex@example.net", template: "magic-link", locale: "fr" });
    expect(seen.email.provider_id).toBe(fake.received[0]!.id);
    expect(seen.email.sealed_content).toBeUndefined();
    expect(seen.email.text).toContain(`Se connecter ${PLACEHOLDER_FR}`);
    expect(seen.email.text).toContain("expire dans 15 minutes");
    expect(seen.html).toContain(PLACEHOLDER_FR);
    expect(seen.html).not.toContain("link-removed.invalid");
    for (const page of [seen.email.text, seen.html]) {
      expect(page).not.toContain(token);
      expect(page).not.toContain("/login/magic/");
    }
  });

  it("in the local outbox (no RESEND_API_KEY, not production), keeps the working link: the demo signs in from it", async () => {
    delete process.env.RESEND_API_KEY;
    resetEnvCache();
    expect(outboxMode()).toBe("local");
    await createUser({ role: "alumnus", email: "alex@example.net" });
    await askForMagicLink("alex@example.net");
    await runQueuedJobs(["email.send"]);
    const row = await testDb().selectFrom("emails").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "captured", links_removed: false, sealed_content: null });

    const seen = await hrReads(row.id);
    const token = /http:\/\/localhost:3000\/login\/magic\/([a-z2-7]{32})/.exec(seen.email.text)?.[1];
    expect(token).toBeDefined();
    expect(seen.html).toContain(`href="${APP}/login/magic/${token}"`);
    expect(seen.email.text).not.toContain(PLACEHOLDER_EN);
    expect(await consumeMagicLink({ token: token! })).toMatchObject({ status: "success" });
    expect(fake.requestCount()).toBe(0);
  });

  it("in production without Resend (ALLOW_OUTBOX_IN_PRODUCTION), keeps no link and no sealed body", async () => {
    delete process.env.RESEND_API_KEY;
    Object.assign(process.env, {
      NODE_ENV: "production",
      APP_SECRET: "a-production-secret-of-at-least-32-characters",
      APP_URL: "https://alumni.example.test",
      ALLOW_OUTBOX_IN_PRODUCTION: "true",
      ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: "true",
    });
    resetEnvCache();
    expect(outboxMode()).toBe("captured-redacted");
    const link = "https://alumni.example.test/set-password/abcdefghijklmnopqrstuvwxyz234567";
    const { emailId } = await sendEmail({
      to: "grace@example.test",
      template: "staff-invitation",
      props: { url: link, name: "Grace", role: "task_owner", expiresInHours: 72 },
      locale: "en",
    });
    expect((await testDb().selectFrom("emails").select("sealed_content").where("id", "=", emailId).executeTakeFirstOrThrow()).sealed_content).not.toBeNull();
    await runQueuedJobs(["email.send"]);

    const row = await testDb().selectFrom("emails").selectAll().where("id", "=", emailId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "captured", links_removed: true, sealed_content: null });
    expect(row.text).toContain(`Choose your password ${PLACEHOLDER_EN}`);
    expect(tablesHolding(await everyRowAsText(), "abcdefghijklmnopqrstuvwxyz234567")).toEqual([]);
    expect(fake.requestCount()).toBe(0);
  });
});
