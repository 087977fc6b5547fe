import { sql } from "kysely";
import frAlumni from "~/locales/fr/alumni.json";
import { action, loader } from "~/routes/confirm-email.$token";
import { action as stepAction } from "~/routes/exit.alumni";
import { action as magicLinkRequest } from "~/routes/login.link";
import { confirmPersonalEmail } from "~/modules/alumni/email-confirmation.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { securityHeaders } from "~/modules/platform/security.server";
import { runAlumniTransition } from "~/modules/alumni/transition.server";
import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { confirmationTokenFor, emailsTo, profileOf } from "./support";
import { type AlumniLeaver, createUser, installOffboardingDefaults, makeAlumniLeaver, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";
import { daysFromToday } from "../../support/dates";

useTestDatabase();
useJobQueue();
const app = useHttpApp();

beforeEach(async () => {
  await installOffboardingDefaults();
});

const PERSONAL = "sam.home@example.net";

async function joinAs(leaver: AlumniLeaver, consents: string[] = []) {
  const response = await callAction(
    stepAction,
    buildRequest("/exit/alumni", { cookie: leaver.cookie, form: { intent: "join", personalEmail: PERSONAL, consents } }),
  );
  expect(response.status).toBe(302);
  return confirmationTokenFor(PERSONAL);
}

const open = (token: string) => callLoader(loader, buildRequest(`/confirm-email/${token}`), { token });
const press = (token: string, cookie?: string) =>
  callAction(action, buildRequest(`/confirm-email/${token}`, { method: "POST", form: {}, cookie }), { token });

describe("the confirmation link", () => {
  it("GET shows the address and a button but confirms nothing", async () => {
    const leaver = await makeAlumniLeaver();
    const token = await joinAs(leaver);
    const response = await open(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ problem: null, email: PERSONAL, returnTo: null, newLinkFrom: null });
    expect((await profileOf(leaver.user.id))?.personal_email_confirmed_at).toBeNull();
    const stored = await testDb().selectFrom("email_confirmations").select("used_at").executeTakeFirstOrThrow();
    expect(stored.used_at).toBeNull();
  });

  it("POST confirms the address, uses the link up and records it in the audit log", async () => {
    // Pressed now, on the real clock: a leaver still before their last day stays a leaver.
    const leaver = await makeAlumniLeaver({ lastDay: daysFromToday(21) });
    const token = await joinAs(leaver);
    const response = await press(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ problem: null, done: { email: PERSONAL, becameAlumnus: false, changed: false } });
    expect((await profileOf(leaver.user.id))?.personal_email_confirmed_at).toBeInstanceOf(Date);
    expect((await testDb().selectFrom("email_confirmations").select("used_at").executeTakeFirstOrThrow()).used_at).toBeInstanceOf(Date);
    const audit = await testDb().selectFrom("audit_log").select(["action", "data"]).where("action", "=", "alumni.email_confirmed").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(PERSONAL);

    const again = await press(token);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { problem: string }).problem).toBe("confirmed");
  });

  it("offers the way back to where the person is, named by what is there: the thanks page after joining, the alumni step, the alumni home", async () => {
    const returnTo = async (token: string, cookie?: string) =>
      ((await (await callLoader(loader, buildRequest(`/confirm-email/${token}`, { cookie }), { token })).json()) as {
        returnTo: { path: string; place: string } | null;
      }).returnTo;

    // Joining is what sends the link: the survey is sent and the choice made, so what is left is the thanks page.
    const leaver = await makeAlumniLeaver();
    const leaverToken = await joinAs(leaver);
    expect(await returnTo(leaverToken, leaver.cookie)).toEqual({ path: "/exit/thanks", place: "thanks" });
    expect(await returnTo(leaverToken)).toBeNull();

    // A manager who leaves keeps the task owner role and signs in with a password; not yet decided: the alumni step.
    const manager = await makeAlumniLeaver({ staffRole: "task_owner" });
    expect(manager.user.role).toBe("task_owner");
    expect(await returnTo(leaverToken, manager.cookie)).toEqual({ path: "/exit/alumni", place: "alumniStep" });

    const alumnus = await createUser({ role: "alumnus" });
    expect(await returnTo(leaverToken, await signIn(alumnus))).toEqual({ path: "/alumni", place: "alumniHome" });

    // A colleague who is not leaving has no exit flow to go back to.
    const colleague = await createUser({ role: "hr_admin" });
    expect(await returnTo(leaverToken, await signIn(colleague))).toBeNull();
  });

  it("after confirming, links a signed-in leaver to what happens next, in their language, never to the sent survey", async () => {
    const leaver = await makeAlumniLeaver({ locale: "fr", lastDay: daysFromToday(21) });
    const token = await joinAs(leaver);
    await press(token, leaver.cookie);

    // The used link says the address is confirmed, with the way on.
    const response = await fetch(`${app.base}/confirm-email/${token}`, { headers: { Cookie: leaver.cookie } });
    const html = (await response.text()).replace(/&#x27;|&#39;/g, "'");
    expect(html).toMatch(new RegExp(`<a[^>]*href="/exit/thanks"[^>]*>${frAlumni.confirm.returnTo.thanks}</a>`));
    expect(html).not.toContain(frAlumni.confirm.returnTo.survey);
  });

  it("is served without a Referer, so the token cannot leak to another site", () => {
    const headers = securityHeaders({ nonce: "n", path: "/confirm-email/abc", production: false });
    expect(headers["Referrer-Policy"]).toBe("no-referrer");
  });

  it("explains an expired, replaced or unknown link and confirms nothing", async () => {
    const leaver = await makeAlumniLeaver();
    const first = await joinAs(leaver);
    await callAction(stepAction, buildRequest("/exit/alumni", { cookie: leaver.cookie, form: { intent: "resend" } }));
    const second = await confirmationTokenFor(PERSONAL);
    expect(second).not.toBe(first);

    const replaced = await open(first);
    expect(replaced.status).toBe(410);
    // A joining link is asked for again from the exit flow's alumni step.
    expect(await replaced.json()).toMatchObject({ problem: "expired", newLinkFrom: "exitFlow" });
    expect((await press(first)).status).toBe(410);

    await sql`update email_confirmations set expires_at = now() - interval '1 minute'`.execute(testDb());
    expect(((await (await press(second)).json()) as { problem: string }).problem).toBe("expired");
    expect((await profileOf(leaver.user.id))?.personal_email_confirmed_at).toBeNull();

    expect((await open("a".repeat(32))).status).toBe(404);
    expect((await open("not-a-token")).status).toBe(404);
    expect((await press("not-a-token")).status).toBe(404);
  });
});

describe("nothing but the confirmation goes to the personal address before it is confirmed", () => {
  it("a sign-in link asked for that address, the background jobs and the nightly run send nothing there", async () => {
    const leaver = await makeAlumniLeaver();
    await joinAs(leaver, ["newsletter", "share_feed", "directory", "pulse", "openings"]);
    await callAction(magicLinkRequest, buildRequest("/login/link", { form: { email: PERSONAL } }));
    await runQueuedJobs();
    await runAlumniTransition({ now: new Date("2026-11-28T01:00:00Z") });
    expect((await emailsTo(PERSONAL)).map((e) => e.template)).toEqual(["alumni-confirm-email"]);
  });
});

describe("confirming after the last day", () => {
  it("makes the leaver an alumnus at once, signed in nowhere, with the personal address as the account's", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: "2026-11-25" });
    const token = await joinAs(leaver);
    const outcome = await confirmPersonalEmail(token, new Date("2026-11-27T12:00:00Z"));
    expect(outcome).toMatchObject({ status: "confirmed", becameAlumnus: true });
    const user = await testDb().selectFrom("users").selectAll().where("id", "=", leaver.user.id).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: "alumnus", email: PERSONAL, status: "active" });
    expect(await profileOf(leaver.user.id)).toMatchObject({ status: "active" });
    expect(await testDb().selectFrom("sessions").select("id").where("user_id", "=", leaver.user.id).execute()).toEqual([]);
  });

  it("through the page, says so and clears this browser's session cookie", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: "2026-11-25" });
    const token = await joinAs(leaver);
    const response = await press(token, leaver.cookie);
    expect(await response.json()).toEqual({ problem: null, done: { email: PERSONAL, becameAlumnus: true, changed: false } });
    expect(response.headers.get("Set-Cookie")).toMatch(/^session=;/);
  });
});
