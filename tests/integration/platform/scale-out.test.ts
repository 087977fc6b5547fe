import { sql } from "kysely";
import { enqueue, startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { trackedLinkFor } from "~/modules/links/tracked-links.server";
import { taskRemindersJob } from "~/modules/offboarding/reminder-job.server";
import { DEFAULT_TEAMS } from "~/modules/offboarding/defaults.server";
import { jobDefinitions } from "../../../server/jobs";
import { startFakeResend, type FakeResend, type ReceivedEmail } from "../../fakes/resend";
import { createTeamMember, createUser, issueToken } from "../../factories";
import { makeIssue, seedAlumni } from "../../factories/newsletter";
import { testDatabaseHandle, testDb, useTestDatabase } from "../../support/database";
import { dayFirst, daysFromToday } from "../../support/dates";
import { decodeHtml } from "../../support/http-app";
import { killAllStarted, startWebProcess, startWorkerProcess, waitForPortal, type PortalProcess } from "../../support/portal-processes";
import { DEFAULT_ANSWERS } from "../exit/flow-support";
import { STANDARD_HEADER, STANDARD_MAPPING } from "../imports/helpers";

/**
 * The portal scaled out on PostgreSQL, nothing home-made (issue 15, "Beyond one machine"): two web
 * processes (`npm start` with RUN_WORKER=false) and two `npm run worker` processes on one database,
 * started at the same moment on a new database, with the fake Resend as everyone's email provider.
 * The journeys alternate between the two web processes request by request, as a round-robin reverse
 * proxy would send them: the exit flow (invitation link, survey, alumni opt-in, confirmation), a
 * CSV import that goes to the background, the reminder run (queued as pg-boss's cron queues it,
 * three times over, so that both workers run it at once), a newsletter send and tracked-link
 * clicks. Then every process stops on SIGTERM, and the test counts: each email reached Resend once
 * per recipient and purpose, each digest and escalation once, each imported row once, each click
 * once, and no job failed.
 *
 * PostgreSQL only (vitest.config.ts): the embedded database belongs to one process.
 */

useTestDatabase();

const APP_SECRET = "scale-out-test-secret-0123456789abcdef";
const HR_PASSWORD = "correct horse battery staple";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const IMPORT_ROWS = 250; // over the 200 rows imported during the request: a background job
const ALUMNI = 300; // three newsletter batches of 100
const CLICKS = 40;
const MEMBERS_PER_TEAM = 2;

let fake: FakeResend;
let webs: PortalProcess[] = [];
let workers: PortalProcess[] = [];

afterAll(async () => {
  await killAllStarted();
  await fake?.close();
});


function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const logs = () => `\n${[...webs, ...workers].map((p) => `--- ${p.name}\n${p.output().split("\n").slice(-15).join("\n")}`).join("\n")}`;
  return waitForPortal(what, probe, { timeoutMs, everyMs: 150, explain: logs });
}

/**
 * A browser without JavaScript behind the reverse proxy: each request goes to the next web process,
 * with what the proxy adds (the public host, the client's address, TRUST_PROXY=true reads them);
 * the Origin of a form is the portal's public address.
 */
function client(appUrl: string) {
  const proxied = { "X-Forwarded-Host": new URL(appUrl).host, "X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.7", "User-Agent": BROWSER };
  let turn = 0;
  const served: Record<string, number> = {};
  /** The next web process, A, B, A, B… */
  const next = () => {
    const to = webs[turn++ % webs.length]!;
    served[to.name] = (served[to.name] ?? 0) + 1;
    return to;
  };
  return {
    next,
    served,
    async get(path: string, cookie = "", to = next()) {
      const response = await fetch(`${to.url}${path}`, { headers: { ...proxied, Cookie: cookie }, redirect: "manual" });
      return { response, html: decodeHtml(await response.text()), by: to.name };
    },
    async post(path: string, cookie: string, form: Record<string, string | string[]> | FormData, to = next()) {
      let body: BodyInit;
      const headers: Record<string, string> = { ...proxied, Cookie: cookie, Origin: appUrl };
      if (form instanceof FormData) body = form;
      else {
        const encoded = new URLSearchParams();
        for (const [key, value] of Object.entries(form)) for (const one of [value].flat()) encoded.append(key, one);
        body = encoded.toString();
        headers["Content-Type"] = "application/x-www-form-urlencoded";
      }
      const response = await fetch(`${to.url}${path}`, { method: "POST", headers, body, redirect: "manual" });
      return { response, html: decodeHtml(await response.text()), by: to.name };
    },
  };
}

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => /^(__Host-)?session=/.test(c));
  if (!cookie) throw new Error(`no session cookie in the answer (${response.status})`);
  return cookie.split(";")[0]!;
}

function expectRedirect(result: { response: Response; html: string; by: string }, where?: string | RegExp) {
  const log = () => webs.find((w) => w.name === result.by)?.output().split("\n").filter((l) => /"level":[56]0/.test(l)).slice(-5).join("\n");
  expect(result.response.status, `${result.by}: ${result.html.slice(0, 300)}\n${log()}`).toBe(302);
  if (where) expect(result.response.headers.get("location")).toMatch(where);
  return result.response.headers.get("location")!;
}

/** The path of the first link of `email` that contains `part`. */
function linkPath(email: ReceivedEmail, part: string): string {
  const link = fake.linksIn(email).find((href) => href.includes(part));
  if (!link) throw new Error(`no ${part} link in "${email.subject}": ${fake.linksIn(email).join(", ")}`);
  return new URL(link).pathname;
}

/** "to | purpose": the template tag the portal puts on every transactional email, else the subject. */
function purposeOf(email: ReceivedEmail): string {
  const template = email.tags.find((tag) => tag.name === "template")?.value;
  return `${email.to.join(",").toLowerCase()} | ${template ?? email.subject}`;
}

async function count(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const { rows } = await query.execute(testDb());
  return Number(rows[0]!.n);
}

describe("two web processes and two workers on one PostgreSQL database", () => {
  it("run the exit flow, a CSV import, reminders, a newsletter and clicks through both web processes, every job once and every click counted once", async () => {
    fake = await startFakeResend();
    const databaseUrl = testDatabaseHandle().connectionString!;

    // The deployment: every process shares these (one APP_URL, the proxy's; one APP_SECRET).
    const appUrl = "http://127.0.0.1:1"; // the reverse proxy's public address: only links and the Origin check read it
    const shared = {
      DATABASE_URL: databaseUrl,
      APP_URL: appUrl,
      APP_SECRET,
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      RESEND_RATE_LIMIT_PER_SECOND: "0",
      TRUST_PROXY: "true",
    };
    const startedAt = Date.now();
    // All four at once on a database nobody started yet: the defaults are installed once.
    [webs, workers] = await Promise.all([
      Promise.all(["web A", "web B"].map((name) => startWebProcess({ name, env: shared }))),
      Promise.all(["worker 1", "worker 2"].map((name) => startWorkerProcess({ name, env: shared }))),
    ]);
    const bootMs = Date.now() - startedAt;
    const setUpAt = Date.now();
    expect(await count(sql`select count(*)::int as n from teams`)).toBe(DEFAULT_TEAMS.length);
    expect(await count(sql`select count(*)::int as n from surveys where is_active_exit`)).toBe(1);

    // What HR set up before: an HR admin, the task owners of each team, an API token for the HR
    // system, alumni, a newsletter issue, and shared links. The exit invitation goes 5 days before
    // the last day, so that the imported departures (last day in 30 days) wait for theirs.
    const hrAdmins = [await createUser({ role: "hr_admin", password: HR_PASSWORD }), await createUser({ role: "hr_admin" })];
    for (const team of DEFAULT_TEAMS) for (let i = 0; i < MEMBERS_PER_TEAM; i += 1) await createTeamMember([team]);
    await testDb().updateTable("surveys").set({ invite_days_before_last_day: 5 }).where("is_active_exit", "=", true).execute();
    const { token } = await issueToken();
    const alumni = await seedAlumni({ count: ALUMNI, domain: "alumni.example" });
    const issueId = await makeIssue({});
    const item = await testDb().insertInto("feed_items").values({ kind: "company", status: "approved", title: "Story", url: "https://news.example.com/story" }).returning("id").executeTakeFirstOrThrow();
    const links = await Promise.all(
      alumni.slice(0, 4).map((alumnus) => trackedLinkFor({ feedItemId: item.id, userId: alumnus.userId, channel: "linkedin", targetUrl: "https://news.example.com/story", campaign: "share-feed" })),
    );

    console.info(`set-up ${Date.now() - setUpAt} ms`);
    const browser = client(appUrl);
    const timings: Record<string, number> = { boot: bootMs };
    const timed = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      const result = await step();
      timings[name] = Date.now() - t0;
      return result;
    };

    // HR signs in on one process; the session is in the database, so the other serves it too.
    const login = await browser.post("/login", "", { email: hrAdmins[0]!.email, password: HR_PASSWORD });
    expectRedirect(login);
    const hr = sessionCookie(login.response);
    expect((await browser.get("/admin/departures", hr)).response.status).toBe(200);

    // 1. The exit flow: the HR system records the departure, the invitation goes out from a worker,
    // and the leaver's every step lands on the other process than the one before.
    const leaver = { email: "jordan.exitwell@example.com", personal: "jordan.exitwell@example.net" };
    await timed("exit flow", async () => {
      const created = await fetch(`${browser.next().url}/api/v1/departures`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ employee: { email: leaver.email, name: "Jordan Exitwell", department: "Engineering" }, noticeDate: daysFromToday(-20), lastDay: daysFromToday(3) }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const invitation = await fake.waitForEmail(leaver.email, { timeoutMs: 30_000 });
      const linkPage = linkPath(invitation, "/exit/link/");
      expect((await browser.get(linkPage)).response.status).toBe(200);
      const signedIn = await browser.post(linkPage, "", { intent: "continue" });
      expectRedirect(signedIn, "/exit");
      const cookie = sessionCookie(signedIn.response);
      expect((await browser.get("/exit", cookie)).response.status).toBe(200);
      for (const [index, answers] of DEFAULT_ANSWERS.entries()) {
        const last = index === DEFAULT_ANSWERS.length - 1;
        expectRedirect(await browser.post(`/exit/survey/${index + 1}`, cookie, { ...answers, intent: last ? "send" : "next" }));
      }
      expect((await browser.get("/exit/alumni", cookie)).response.status).toBe(200);
      const joined = await browser.post("/exit/alumni", cookie, { intent: "join", shownLocale: "en", personalEmail: leaver.personal, consents: ["newsletter", "share_feed"] });
      expectRedirect(joined, /^\/exit\/thanks/);
      const confirmation = await fake.waitForEmail(leaver.personal, { timeoutMs: 30_000 });
      const confirmPage = linkPath(confirmation, "/confirm-email/");
      expect((await browser.get(confirmPage)).response.status).toBe(200);
      expect((await browser.post(confirmPage, "", {})).response.status).toBe(200);
    });
    const response = await testDb().selectFrom("exit_invitations").innerJoin("departures", "departures.id", "exit_invitations.departure_id").select(["exit_invitations.status", "exit_invitations.alumni_decision"]).where("departures.employee_email", "=", leaver.email).executeTakeFirstOrThrow();
    expect(response).toEqual({ status: "finished", alumni_decision: "joined" });

    // 2. A CSV import of 250 rows: uploaded on one process, mapped on the other, started on the
    // first, run by a worker in the background.
    const importId = await timed("CSV import", async () => {
      const lastDay = dayFirst(daysFromToday(30));
      const notice = dayFirst(daysFromToday(-5));
      const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => `E-${i};Imported Person ${i};imported.${i}@example.com;Sales;${notice};${lastDay};voluntary;`);
      const form = new FormData();
      form.append("file", new File([`${STANDARD_HEADER}\n${rows.join("\n")}\n`], "hr-export.csv", { type: "text/csv" }));
      const uploaded = expectRedirect(await browser.post("/admin/departures/import", hr, form), /^\/admin\/imports\//);
      expectRedirect(await browser.post(uploaded, hr, { intent: "map", ...STANDARD_MAPPING }));
      expectRedirect(await browser.post(uploaded, hr, { intent: "import" }));
      const id = uploaded.split("/").pop()!;
      await waitFor("the import to complete", async () => {
        const row = await testDb().selectFrom("csv_imports").select("status").where("id", "=", id).executeTakeFirstOrThrow();
        return row.status === "completed";
      });
      return id;
    });

    // 3. The reminder run, queued as pg-boss's cron queues it (the schedule's payload, here with the
    // instant it acts for: a day when every task is overdue and every last day has passed), three
    // times: both workers run it at the same moment, and each reminder still goes once.
    await startJobs({ work: false, jobs: jobDefinitions });
    const reminderDay = daysFromToday(40);
    await timed("reminders", async () => {
      const at = `${reminderDay}T23:00:00Z`;
      await Promise.all([1, 2, 3].map(() => enqueue(taskRemindersJob, { at })));
      await waitFor("the reminder runs to finish", async () => {
        const digests = await count(sql`select count(*)::int as n from task_digests where digest_date = ${reminderDay}`);
        const waiting = await count(sql`select count(*)::int as n from pgboss.job where name = ${taskRemindersJob.name} and state < 'completed'`);
        return waiting === 0 && digests > 0;
      });
    });

    // 4. The newsletter, sent now from one process, delivered in batches by the workers.
    await timed("newsletter", async () => {
      expectRedirect(await browser.post(`/admin/newsletter/${issueId}/send`, hr, { intent: "sendNow" }));
      await waitFor("the newsletter to be sent", async () => {
        const issue = await testDb().selectFrom("newsletter_issues").select("status").where("id", "=", issueId).executeTakeFirstOrThrow();
        return issue.status === "sent";
      });
    });

    // 5. Clicks on shared links, through both processes in turn.
    await timed("clicks", async () => {
      for (let i = 0; i < CLICKS; i += 1) {
        const { response } = await browser.get(`/r/${links[i % links.length]!.code}`);
        expect(response.status).toBe(302);
      }
    });

    // Every email queued so far is delivered, then everyone stops as an operator stops them.
    await waitFor("every email to be delivered", async () => (await count(sql`select count(*)::int as n from emails where status = 'queued'`)) === 0);
    await stopJobs(5_000);
    const exitCodes = await Promise.all([...webs, ...workers].map((p) => p.stop()));
    expect(exitCodes, "every process ends cleanly on SIGTERM").toEqual([0, 0, 0, 0]);

    // Every email reached Resend once per recipient and purpose, and each stored email was sent once.
    const perPurpose = new Map<string, number>();
    for (const email of fake.received) perPurpose.set(purposeOf(email), (perPurpose.get(purposeOf(email)) ?? 0) + 1);
    expect([...perPurpose].filter(([, n]) => n > 1)).toEqual([]);
    const emails = await testDb().selectFrom("emails").select(["status", "template"]).execute();
    expect(emails.filter((e) => e.status !== "sent")).toEqual([]);

    // The exit flow: one invitation, one confirmation.
    expect(fake.deliveriesTo(leaver.email)).toBe(1);
    expect(fake.deliveriesTo(leaver.personal)).toBe(1);

    // The import: each row once, each departure's tasks once.
    const report = await testDb().selectFrom("csv_imports").select(["status", "processed_rows", "created_count", "existing_count", "rejected_count"]).where("id", "=", importId).executeTakeFirstOrThrow();
    expect(report).toEqual({ status: "completed", processed_rows: IMPORT_ROWS, created_count: IMPORT_ROWS, existing_count: 0, rejected_count: 0 });
    expect(await count(sql`select count(*)::int as n from departures where employee_email like 'imported.%'`)).toBe(IMPORT_ROWS);
    expect(await count(sql`select count(distinct lower(employee_email))::int as n from departures where employee_email like 'imported.%'`)).toBe(IMPORT_ROWS);
    expect(await count(sql`select count(*)::int as n from (select departure_id, title_en from departure_tasks group by 1, 2 having count(*) > 1) twice`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from exit_invitations i join departures d on d.id = i.departure_id where d.employee_email like 'imported.%'`)).toBe(IMPORT_ROWS);

    // The reminders: one digest to each owner, one escalation to each HR admin.
    const withOpenTasks = await sql<{ email: string }>`
      select distinct u.email from departure_tasks t join team_members m on m.team_id = t.owner_team_id join users u on u.id = m.user_id where t.status = 'open'
    `.execute(testDb());
    expect(withOpenTasks.rows.length).toBeGreaterThan(0);
    const digests = fake.received.filter((e) => e.tags.some((t) => t.value === "task-digest"));
    expect(digests.map((e) => e.to[0]).sort()).toEqual(withOpenTasks.rows.map((o) => o.email).sort());
    const escalations = fake.received.filter((e) => e.tags.some((t) => t.value === "task-escalation"));
    expect(escalations.map((e) => e.to[0]).sort()).toEqual(hrAdmins.map((a) => a.email).sort());
    expect(await count(sql`select count(*)::int as n from pgboss.job where name = ${taskRemindersJob.name} and state = 'completed'`)).toBe(3);

    // The newsletter: each alumnus once.
    expect(alumni.filter((a) => fake.deliveriesTo(a.email) !== 1)).toEqual([]);
    const issue = await testDb().selectFrom("newsletter_issues").select("recipient_count").where("id", "=", issueId).executeTakeFirstOrThrow();
    expect(issue.recipient_count).toBe(ALUMNI);

    // The clicks: each counted once, written by the process that answered it.
    expect(await count(sql`select count(*)::int as n from link_clicks`)).toBe(CLICKS);

    // No job failed, none is left behind.
    const states = await sql<{ state: string; n: number }>`select state::text, count(*)::int as n from pgboss.job group by 1 order by 1`.execute(testDb());
    expect(states.rows.filter((row) => ["retry", "active", "failed"].includes(row.state))).toEqual([]);

    // The figures of the README's deployment guide: how long each journey took, and who worked.
    const sentBy = Object.fromEntries(workers.map((w) => [w.name, w.logs().filter((l) => l.msg === "email sent").length]));
    const remindersBy = Object.fromEntries(workers.map((w) => [w.name, w.logs().filter((l) => l.msg === "task reminders run").length]));
    console.info(`scale-out: ${JSON.stringify({ timings, emailsSentBy: sentBy, reminderRunsBy: remindersBy, requestsServedBy: browser.served, emails: fake.received.length })}`);
    expect(Object.values(sentBy).every((n) => n > 0), "both workers delivered email").toBe(true);
  }, 240_000);
});
