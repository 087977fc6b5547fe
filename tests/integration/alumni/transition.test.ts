import { sql } from "kysely";
import { action as stepAction } from "~/routes/exit.alumni";
import { action as magicAction } from "~/routes/login.magic.$token";
import { action as magicLinkRequest } from "~/routes/login.link";
import { alumniTransitionJob } from "~/modules/alumni/transition-job.server";
import { runAlumniTransition } from "~/modules/alumni/transition.server";
import { enqueue, runQueuedJobs } from "~/modules/jobs/boss.server";
import { jobDefinitions } from "../../../server/jobs";
import { issueOneTimeToken } from "~/modules/auth/one-time-tokens.server";
import { signInWithPassword } from "~/modules/auth/sign-in.server";
import { validateSessionToken } from "~/modules/auth/session.server";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, sessionCookieFrom } from "../../support/remix";
import { emailsTo, profileOf } from "./support";
import { type AlumniLeaver, createUser, installOffboardingDefaults, makeAlumniLeaver, STAFF_PASSWORD, teamId } from "../../factories";
import { useJobQueue } from "../../support/job-queue";
import { daysFromToday } from "../../support/dates";

useTestDatabase();
useJobQueue();

beforeEach(async () => {
  await installOffboardingDefaults();
});

const PERSONAL = "sam.home@example.net";
// A last day over for good, whatever the real clock says: the transition runs below take their instant
// (NIGHT_AFTER), while a sign-in link asked for reads the real clock. A leaver who must still be
// before their last day there gets one after the real today (daysFromToday).
const LAST_DAY = "2026-11-25";
const NIGHT_AFTER = new Date("2026-11-26T00:20:00Z");
const MAGIC_LINK = /http:\/\/localhost:3000\/login\/magic\/([a-z2-7]{32})/;

async function joined(leaver: AlumniLeaver, options: { confirmed: boolean }) {
  await callAction(stepAction, buildRequest("/exit/alumni", { cookie: leaver.cookie, form: { intent: "join", personalEmail: PERSONAL } }));
  if (options.confirmed) {
    await testDb().updateTable("alumni_profiles").set({ personal_email_confirmed_at: new Date("2026-11-20T10:00:00Z") }).execute();
  }
}

async function userRow(id: string) {
  return testDb().selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function sessionsOf(userId: string) {
  return testDb().selectFrom("sessions").select(["id", "created_at"]).where("user_id", "=", userId).execute();
}

/** Asks for a sign-in link as the login page does, runs the job, and returns the emailed token, if any. */
async function askForLink(email: string): Promise<string | undefined> {
  await callAction(magicLinkRequest, buildRequest("/login/link", { form: { email } }));
  await runQueuedJobs(["auth.magic-link"]);
  const sent = (await emailsTo(email)).filter((e) => e.template === "magic-link").at(-1);
  return sent?.text.match(MAGIC_LINK)?.[1];
}

describe("after the last day, a leaver who joined and confirmed", () => {
  it("becomes an alumnus signing in by magic link at the personal address; old sessions and links end", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: LAST_DAY });
    await joined(leaver, { confirmed: true });
    // A sign-in link mailed to the work address on the last day, still unused.
    const { token: workLink } = await issueOneTimeToken(testDb(), { userId: leaver.user.id, purpose: "magic_link" });
    await testDb().insertInto("exit_links").values({ token_hash: "h".repeat(64), invitation_id: leaver.invitationId, expires_at: new Date("2027-01-17") }).execute();

    const result = await runAlumniTransition({ now: NIGHT_AFTER, timeZone: "UTC" });
    expect(result).toMatchObject({ today: "2026-11-26", activated: 1, blocked: 0 });

    expect(await userRow(leaver.user.id)).toMatchObject({ role: "alumnus", email: PERSONAL, status: "active" });
    expect(await profileOf(leaver.user.id)).toMatchObject({ status: "active", activated_at: NIGHT_AFTER });
    expect(await sessionsOf(leaver.user.id)).toEqual([]);
    expect(await testDb().selectFrom("exit_links").select("token_hash").execute()).toEqual([]);
    // A sign-in link mailed to the work address before the change no longer opens the account.
    const stale = await callAction(magicAction, buildRequest(`/login/magic/${workLink}`, { method: "POST", form: {} }), { token: workLink });
    expect(stale.status).toBe(410);

    const token = await askForLink(PERSONAL);
    expect(token).toBeDefined();
    const signedIn = await callAction(magicAction, buildRequest(`/login/magic/${token}`, { method: "POST", form: {} }), { token: token! });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("Location")).toBe("/alumni");
    const session = await validateSessionToken(testDb(), sessionCookieFrom(signedIn)!.split("=")[1]!);
    expect(session?.user).toMatchObject({ id: leaver.user.id, role: "alumnus", email: PERSONAL });
    expect(await askForLink(leaver.workEmail)).toBeUndefined();
  });

  it("is left for HR when the personal address already belongs to another account: skipped and audited once", async () => {
    await createUser({ role: "alumnus", email: PERSONAL });
    const leaver = await makeAlumniLeaver({ lastDay: LAST_DAY });
    await joined(leaver, { confirmed: true });
    expect(await runAlumniTransition({ now: NIGHT_AFTER, timeZone: "UTC" })).toMatchObject({ activated: 0, blocked: 1 });
    await runAlumniTransition({ now: new Date("2026-11-27T00:20:00Z"), timeZone: "UTC" });
    expect(await userRow(leaver.user.id)).toMatchObject({ role: "leaver", email: leaver.workEmail });
    const audits = await testDb().selectFrom("audit_log").select(["action", "data"]).where("action", "=", "alumni.activation_blocked").execute();
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]!.data)).not.toContain(PERSONAL);
  });

  it("is handled once: running the job again (or twice at once) changes nothing more", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: LAST_DAY });
    await joined(leaver, { confirmed: true });
    await Promise.all([runAlumniTransition({ now: NIGHT_AFTER, timeZone: "UTC" }), runAlumniTransition({ now: NIGHT_AFTER, timeZone: "UTC" })]);
    const second = await runAlumniTransition({ now: new Date("2026-11-27T00:20:00Z"), timeZone: "UTC" });
    expect(second).toMatchObject({ activated: 0, blocked: 0, sessionsEnded: 0 });
    const activated = await testDb().selectFrom("audit_log").select("id").where("action", "=", "alumni.activated").execute();
    expect(activated).toHaveLength(1);
    expect(await userRow(leaver.user.id)).toMatchObject({ role: "alumnus", email: PERSONAL });
  });

  it("waits for the last day to be over (company calendar)", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: "2026-12-18" });
    await joined(leaver, { confirmed: true });
    // 23:30 on the last day in Paris is already the next day in UTC: the company's day decides.
    const result = await runAlumniTransition({ now: new Date("2026-12-18T22:30:00Z"), timeZone: "Europe/Paris" });
    expect(result.activated).toBe(0);
    expect((await userRow(leaver.user.id)).role).toBe("leaver");
    expect((await runAlumniTransition({ now: new Date("2026-12-18T23:30:00Z"), timeZone: "Europe/Paris" })).activated).toBe(1);
  });
});

describe("after the last day, a leaver who did not join, or never confirmed", () => {
  it("gets no sign-in link any more (one is still sent before the last day)", async () => {
    const before = await makeAlumniLeaver({ lastDay: daysFromToday(21) });
    expect(await askForLink(before.workEmail)).toBeDefined();
    const after = await makeAlumniLeaver({ lastDay: LAST_DAY });
    expect(await askForLink(after.workEmail)).toBeUndefined();
    const unconfirmed = await makeAlumniLeaver({ lastDay: LAST_DAY });
    await joined(unconfirmed, { confirmed: false });
    expect(await askForLink(unconfirmed.workEmail)).toBeUndefined();
    expect(await askForLink(PERSONAL)).toBeUndefined();
  });

  it("cannot use a sign-in link issued before the last day once it is over", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: LAST_DAY });
    const { token } = await issueOneTimeToken(testDb(), { userId: leaver.user.id, purpose: "magic_link" });
    const response = await callAction(magicAction, buildRequest(`/login/magic/${token}`, { method: "POST", form: {} }), { token });
    expect(response.status).toBe(403);
    expect(sessionCookieFrom(response)).toBeUndefined();
  });

  it("loses the sessions opened up to the last day; those opened by exit links later last until the links expire", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: LAST_DAY, decision: "declined" });
    // leaver.cookie's session counts as opened on the last day; a second one, from an exit link, the day after.
    await sql`update sessions set created_at = ${new Date("2026-11-25T15:00:00Z")} where user_id = ${leaver.user.id}`.execute(testDb());
    const later = await makeSessionAt(leaver.user.id, new Date("2026-11-26T09:00:00Z"));

    const first = await runAlumniTransition({ now: new Date("2026-11-27T00:20:00Z"), timeZone: "UTC" });
    expect(first.sessionsEnded).toBe(1);
    expect((await sessionsOf(leaver.user.id)).map((s) => s.id)).toEqual([later]);
    expect((await runAlumniTransition({ now: new Date("2026-11-27T00:20:00Z"), timeZone: "UTC" })).sessionsEnded).toBe(0);

    // The invitation's links expire on 17 January: the next night, nothing of the leaver's remains.
    await runAlumniTransition({ now: new Date("2027-01-18T00:20:00Z"), timeZone: "UTC" });
    expect(await sessionsOf(leaver.user.id)).toEqual([]);
    expect((await userRow(leaver.user.id)).role).toBe("leaver");
  });

  it("who joined without confirming stays a leaver until the confirmation", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: LAST_DAY });
    await joined(leaver, { confirmed: false });
    expect((await runAlumniTransition({ now: NIGHT_AFTER, timeZone: "UTC" })).activated).toBe(0);
    expect((await userRow(leaver.user.id)).role).toBe("leaver");
  });
});

describe("after the last day, a staff member who left", () => {
  async function teamsOf(userId: string) {
    return testDb().selectFrom("team_members").select("team_id").where("user_id", "=", userId).execute();
  }

  async function joinTeam(userId: string) {
    await testDb().insertInto("team_members").values({ team_id: await teamId("IT"), user_id: userId }).execute();
  }

  function passwordSignIn(email: string) {
    return signInWithPassword({ email, password: STAFF_PASSWORD, ip: "127.0.0.1" });
  }

  it("becomes an alumnus when they joined and confirmed: no password, no teams, no sessions; the magic link at the personal address", async () => {
    const manager = await makeAlumniLeaver({ lastDay: LAST_DAY, staffRole: "task_owner" });
    await joinTeam(manager.user.id);
    await joined(manager, { confirmed: true });

    expect(await runAlumniTransition({ now: NIGHT_AFTER, timeZone: "UTC" })).toMatchObject({ activated: 1 });

    expect(await userRow(manager.user.id)).toMatchObject({ role: "alumnus", email: PERSONAL, status: "active", password_hash: null });
    expect(await teamsOf(manager.user.id)).toEqual([]);
    expect(await sessionsOf(manager.user.id)).toEqual([]);
    expect((await passwordSignIn(manager.workEmail)).status).toBe("invalid");
    expect((await passwordSignIn(PERSONAL)).status).toBe("invalid");
    expect(await askForLink(PERSONAL)).toBeDefined();
    const activated = await testDb().selectFrom("audit_log").select("data").where("action", "=", "alumni.activated").executeTakeFirstOrThrow();
    expect(activated.data).toMatchObject({ departureId: manager.departureId, formerRole: "task_owner" });
  });

  it("keeps role, password, teams and sessions when they declined: closing a staff account is HR's decision", async () => {
    const admin = await makeAlumniLeaver({ lastDay: LAST_DAY, staffRole: "hr_admin", decision: "declined" });
    await joinTeam(admin.user.id);
    // A session opened on the last day, which a leaver's account would lose.
    await sql`update sessions set created_at = ${new Date("2026-11-25T15:00:00Z")} where user_id = ${admin.user.id}`.execute(testDb());

    expect(await runAlumniTransition({ now: NIGHT_AFTER, timeZone: "UTC" })).toMatchObject({ activated: 0, sessionsEnded: 0 });

    expect(await userRow(admin.user.id)).toMatchObject({ role: "hr_admin", email: admin.workEmail });
    expect((await userRow(admin.user.id)).password_hash).not.toBeNull();
    expect(await teamsOf(admin.user.id)).toHaveLength(1);
    expect(await sessionsOf(admin.user.id)).toHaveLength(1);
    expect((await passwordSignIn(admin.workEmail)).status).toBe("success");
  });

  it("keeps the staff role while the personal address is unconfirmed, and is not made an alumnus once HR disabled the account", async () => {
    const unconfirmed = await makeAlumniLeaver({ lastDay: LAST_DAY, staffRole: "task_owner" });
    await joined(unconfirmed, { confirmed: false });
    expect((await runAlumniTransition({ now: NIGHT_AFTER, timeZone: "UTC" })).activated).toBe(0);
    expect(await userRow(unconfirmed.user.id)).toMatchObject({ role: "task_owner", email: unconfirmed.workEmail });

    await testDb().updateTable("alumni_profiles").set({ personal_email_confirmed_at: new Date("2026-11-20T10:00:00Z") }).execute();
    await testDb().updateTable("users").set({ status: "disabled" }).where("id", "=", unconfirmed.user.id).execute();
    expect((await runAlumniTransition({ now: NIGHT_AFTER, timeZone: "UTC" })).activated).toBe(0);
    expect(await userRow(unconfirmed.user.id)).toMatchObject({ role: "task_owner", status: "disabled", email: unconfirmed.workEmail });
  });
});

describe("the nightly job", () => {
  it("is registered with a daily schedule and runs the transition for the instant it is given", async () => {
    expect(jobDefinitions.find((job) => job.name === "alumni.transition")?.cron).toBe("20 0 * * *");
    const leaver = await makeAlumniLeaver({ lastDay: LAST_DAY });
    await joined(leaver, { confirmed: true });
    await enqueue(alumniTransitionJob, { at: NIGHT_AFTER.toISOString() });
    expect(await runQueuedJobs(["alumni.transition"])).toBe(1);
    expect((await userRow(leaver.user.id)).role).toBe("alumnus");
  });
});

async function makeSessionAt(userId: string, createdAt: Date): Promise<string> {
  const id = `s-${createdAt.getTime()}`;
  await sql`insert into sessions (id, user_id, created_at, expires_at, absolute_expires_at) values (${id}, ${userId}, ${createdAt}, ${new Date("2027-06-01")}, ${new Date("2027-06-01")})`.execute(testDb());
  return id;
}
