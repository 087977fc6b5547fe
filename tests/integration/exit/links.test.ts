import { hashToken } from "~/modules/auth/tokens.server";
import { validateSessionToken } from "~/modules/auth/session.server";
import { cancelDeparture } from "~/modules/offboarding/departures.server";
import { action, loader } from "~/routes/exit.link.$token";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, sessionCookieFrom } from "../../support/remix";
import { day, exitEmails, invitedDeparture, tokenIn } from "./invitation-helpers";
import { createUser, installOffboardingDefaults, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

beforeEach(async () => {
  await installOffboardingDefaults();
});

function openLink(token: string) {
  return callLoader(loader, buildRequest(`/exit/link/${token}`), { token });
}

function post(token: string, form: Record<string, string> = {}, cookie?: string) {
  return callAction(action, buildRequest(`/exit/link/${token}`, { method: "POST", form, cookie }), { token });
}

const pressContinue = (token: string, cookie?: string) => post(token, { intent: "continue" }, cookie);
const askForNewLink = (token: string) => post(token, { intent: "resend" });

async function stateOf(response: Response): Promise<string> {
  return ((await response.json()) as { state: string }).state;
}

async function sessionUserOf(response: Response) {
  const cookie = sessionCookieFrom(response);
  if (!cookie) return undefined;
  return (await validateSessionToken(testDb(), cookie.split("=")[1]!))?.user;
}

function sessions() {
  return testDb().selectFrom("sessions").selectAll().execute();
}

async function expireLinks(invitationDepartureId: string) {
  const invitation = await testDb()
    .selectFrom("exit_invitations")
    .select("id")
    .where("departure_id", "=", invitationDepartureId)
    .executeTakeFirstOrThrow();
  await testDb()
    .updateTable("exit_links")
    .set({ expires_at: new Date(Date.now() - 60_000) })
    .where("invitation_id", "=", invitation.id)
    .execute();
  return invitation.id;
}

/** Moves the departure into the past, as if the links had been mailed before the last day. */
async function lastDayWas(departureId: string, lastDay: string) {
  await testDb()
    .updateTable("departures")
    .set({ notice_date: lastDay, last_day: lastDay, termination_date: lastDay })
    .where("id", "=", departureId)
    .execute();
}

describe("opening an exit link", () => {
  it("shows a Continue button and signs nobody in (mail scanners open links), naming nobody, without a referrer", async () => {
    const { departure, token } = await invitedDeparture({ employeeName: "Sam Leclerc" });

    const response = await openLink(token);

    expect(response.status).toBe(200);
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(sessionCookieFrom(response)).toBeUndefined();
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ state: "ready" });
    expect(body).not.toContain("Sam");
    expect(await sessions()).toEqual([]);
    const [link] = await testDb().selectFrom("exit_links").selectAll().where("token_hash", "=", hashToken(token)).execute();
    expect(link!.last_used_at).toBeNull();
    expect(link!.invitation_id).toBe((await testDb().selectFrom("exit_invitations").select("id").where("departure_id", "=", departure.id).executeTakeFirstOrThrow()).id);
  });

  it("signs the leaver in on POST, records the link's use and goes to /exit", async () => {
    const { departure, token } = await invitedDeparture();

    const response = await pressContinue(token);

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/exit");
    const user = await sessionUserOf(response);
    expect(user).toMatchObject({ id: departure.leaver_user_id, role: "leaver" });
    const link = await testDb().selectFrom("exit_links").selectAll().where("token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();
    expect(link.last_used_at).not.toBeNull();
    const audit = await testDb().selectFrom("audit_log").selectAll().where("action", "=", "auth.sign_in").execute();
    expect(audit).toMatchObject([{ actor_user_id: departure.leaver_user_id, data: { method: "exit_link" } }]);
  });

  it("works again and again until it expires, from the work and the personal address alike", async () => {
    const { departure, emails } = await invitedDeparture({ personalEmail: "sam@home.example" });
    expect(emails).toHaveLength(2);
    for (const email of [...emails, ...emails]) {
      const response = await pressContinue(tokenIn(email));
      expect(response.status).toBe(302);
      expect((await sessionUserOf(response))?.id).toBe(departure.leaver_user_id);
    }
  });

  it("opens only its own leaver's flow: another person's session is replaced, never reused", async () => {
    const alice = await invitedDeparture();
    const bob = await invitedDeparture();
    const bobCookie = await signIn({ id: bob.departure.leaver_user_id, role: "leaver" });

    const response = await pressContinue(alice.token, bobCookie);

    expect((await sessionUserOf(response))?.id).toBe(alice.departure.leaver_user_id);
    const remaining = await sessions();
    expect(remaining.map((session) => session.user_id)).toEqual([alice.departure.leaver_user_id]);
  });

  it("still signs in after the last day, and after the survey is finished (to see the thank-you page), until it expires", async () => {
    // Recorded after the last day: the invitation went to the personal address only.
    const { departure, token } = await invitedDeparture({ lastDay: day(-5), noticeDate: day(-20), personalEmail: "sam@home.example" });
    await testDb().updateTable("exit_invitations").set({ status: "finished", finished_at: new Date() }).execute();

    const response = await pressContinue(token);
    expect(response.status).toBe(302);
    expect((await sessionUserOf(response))?.id).toBe(departure.leaver_user_id);
  });

});

describe("a link that cannot sign in", () => {
  it("offers the normal sign-in link request for an unknown or garbled token", async () => {
    await invitedDeparture();
    for (const token of ["a".repeat(32), "not-a-token", "x".repeat(500)]) {
      const response = await openLink(token);
      expect(response.status).toBe(404);
      expect(await stateOf(response)).toBe("unknown");
      const posted = await pressContinue(token);
      expect(posted.status).toBe(404);
      expect(sessionCookieFrom(posted)).toBeUndefined();
    }
    expect(await sessions()).toEqual([]);
  });

  it("is refused once the departure is cancelled", async () => {
    const { departure, token } = await invitedDeparture();
    await cancelDeparture(departure.id, { actorUserId: null });

    expect(await stateOf(await openLink(token))).toBe("closed");
    const response = await pressContinue(token);
    expect(response.status).toBe(410);
    expect(await stateOf(response)).toBe("closed");
    expect(await sessions()).toEqual([]);
    // Nor can it ask for a new link.
    await askForNewLink(token);
    expect(await exitEmails("exit-invitation")).toHaveLength(1);
  });

  it("is refused for a disabled account", async () => {
    const { departure, token } = await invitedDeparture();
    await testDb().updateTable("users").set({ status: "disabled" }).where("id", "=", departure.leaver_user_id).execute();
    expect(await stateOf(await pressContinue(token))).toBe("closed");
    expect(await sessions()).toEqual([]);
  });

  it("never signs a staff account in: they sign in with their password and come back to their exit flow", async () => {
    const manager = await createUser({ role: "task_owner", email: "manager@acme.test" });
    const { token } = await invitedDeparture({ employeeEmail: manager.email });

    const page = await openLink(token);
    // An informational page, not an error: 200, still without a referrer and without signing in.
    expect(page.status).toBe(200);
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(sessionCookieFrom(page)).toBeUndefined();
    expect(await page.json()).toMatchObject({ state: "password", signInPath: `/login?redirectTo=${encodeURIComponent("/exit")}` });
    const response = await pressContinue(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(sessionCookieFrom(response)).toBeUndefined();
    expect(await stateOf(response)).toBe("password");
    expect(await sessions()).toEqual([]);
  });

  it("tells a staff member to use their password even once the link has expired, and sends them no new link", async () => {
    const manager = await createUser({ role: "hr_admin", email: "hr.manager@acme.test" });
    const { departure, token } = await invitedDeparture({ employeeEmail: manager.email });
    await expireLinks(departure.id);

    expect(await stateOf(await openLink(token))).toBe("password");
    await askForNewLink(token);
    expect(await exitEmails("exit-invitation")).toHaveLength(1);
  });

  it("refuses an account that has become an alumnus's and points to the sign-in link at the personal address", async () => {
    const { departure, token } = await invitedDeparture();
    await testDb().updateTable("users").set({ role: "alumnus" }).where("id", "=", departure.leaver_user_id).execute();

    const page = await openLink(token);
    expect(page.status).toBe(410);
    expect(await stateOf(page)).toBe("alumnus");
    const response = await pressContinue(token);
    expect(response.status).toBe(410);
    expect(await stateOf(response)).toBe("alumnus");
    expect(sessionCookieFrom(response)).toBeUndefined();
    expect(await sessions()).toEqual([]);
    // Expired or not, an alumnus is never sent a new exit link.
    await expireLinks(departure.id);
    expect(await stateOf(await openLink(token))).toBe("alumnus");
    await askForNewLink(token);
    expect(await exitEmails("exit-invitation")).toHaveLength(1);
  });
});

describe("an expired link", () => {
  it("cannot sign in, and offers to send a new link", async () => {
    const { departure, token } = await invitedDeparture();
    await expireLinks(departure.id);

    const page = await openLink(token);
    expect(page.status).toBe(410);
    expect(await stateOf(page)).toBe("expired");
    const posted = await pressContinue(token);
    expect(await stateOf(posted)).toBe("expired");
    expect(await sessions()).toEqual([]);
  });

  it("sends new links valid 7 days to the addresses on file for that invitation, which then sign in", async () => {
    const { departure, token } = await invitedDeparture({ personalEmail: "sam@home.example" });
    await expireLinks(departure.id);

    const response = await askForNewLink(token);

    expect(response.status).toBe(200);
    expect(await stateOf(response)).toBe("sent");
    const fresh = (await exitEmails("exit-invitation")).slice(2);
    expect(fresh.map((email) => email.to_address).sort()).toEqual([departure.employee_email, "sam@home.example"].sort());
    expect(fresh[0]!.subject).toBe("Your new link to the Acme Corp exit survey");
    const newToken = tokenIn(fresh[0]!);
    const link = await testDb().selectFrom("exit_links").selectAll().where("token_hash", "=", hashToken(newToken)).executeTakeFirstOrThrow();
    expect(link.expires_at.toISOString()).toBe(`${day(8)}T00:00:00.000Z`);

    const signedIn = await pressContinue(newToken);
    expect((await sessionUserOf(signedIn))?.id).toBe(departure.leaver_user_id);
    expect(await stateOf(await pressContinue(token))).toBe("expired");
  });

  it("after the last day, sends the new link to the personal address only", async () => {
    const { departure, token, emails } = await invitedDeparture({ personalEmail: "sam@home.example" });
    expect(emails).toHaveLength(2);
    await expireLinks(departure.id);
    await lastDayWas(departure.id, day(-1));

    await askForNewLink(token);

    const fresh = (await exitEmails("exit-invitation")).slice(2);
    expect(fresh.map((email) => email.to_address)).toEqual(["sam@home.example"]);
  });

  it("after the last day without a personal address, sends nothing, leaves the flow's end alone and records it for HR", async () => {
    const { departure, token } = await invitedDeparture();
    const invitationId = await expireLinks(departure.id);
    await lastDayWas(departure.id, day(-1));
    const before = await testDb().selectFrom("exit_invitations").select("expires_on").where("id", "=", invitationId).executeTakeFirstOrThrow();

    const response = await askForNewLink(token);

    // The same answer as ever: the page tells nobody what is on file.
    expect(await stateOf(response)).toBe("sent");
    expect(await exitEmails("exit-invitation")).toHaveLength(1);
    const after = await testDb().selectFrom("exit_invitations").select("expires_on").where("id", "=", invitationId).executeTakeFirstOrThrow();
    expect(after.expires_on).toBe(before.expires_on);
    const audits = await testDb().selectFrom("audit_log").select(["subject_id", "data"]).where("action", "=", "exit.leaver_unreachable").execute();
    expect(audits).toEqual([{ subject_id: invitationId, data: { message: "new_link", reason: "no_personal_email_after_last_day", lastDay: day(-1) } }]);
  });

  it("reopens a closed flow for as long as the new links work", async () => {
    const { departure, token } = await invitedDeparture();
    const invitationId = await expireLinks(departure.id);
    await testDb().updateTable("exit_invitations").set({ expires_on: day(-1) }).where("id", "=", invitationId).execute();

    await askForNewLink(token);

    const invitation = await testDb().selectFrom("exit_invitations").selectAll().where("id", "=", invitationId).executeTakeFirstOrThrow();
    expect(invitation.expires_on).toBe(day(7));
  });

  it("answers the same whatever happens, and sends nothing for a link that is unknown, still valid or finished", async () => {
    const valid = await invitedDeparture();
    const finished = await invitedDeparture();
    await testDb()
      .updateTable("exit_invitations")
      .set({ status: "finished" })
      .where("departure_id", "=", finished.departure.id)
      .execute();
    await expireLinks(finished.departure.id);
    const before = (await exitEmails()).length;

    const answers = await Promise.all(
      [valid.token, finished.token, "b".repeat(32), "garbled"].map(async (token) => {
        const response = await askForNewLink(token);
        return { status: response.status, body: await response.text() };
      }),
    );

    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 200 });
    expect((await exitEmails()).length).toBe(before);
    expect(await stateOf(await openLink(finished.token))).toBe("expired_finished");
  });

  it("sends at most three times an hour for one invitation, answering the same when it stops", async () => {
    const { departure, token } = await invitedDeparture();
    await expireLinks(departure.id);

    const answers: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) answers.push(await (await askForNewLink(token)).text());

    expect(new Set(answers).size).toBe(1);
    expect(await exitEmails("exit-invitation")).toHaveLength(1 + 3);
  });

  it("refuses an unknown form intent with a 400 and does nothing", async () => {
    const { token } = await invitedDeparture();
    const response = await post(token, { intent: "delete-everything" });
    expect(response.status).toBe(400);
    expect(await sessions()).toEqual([]);
  });
});
