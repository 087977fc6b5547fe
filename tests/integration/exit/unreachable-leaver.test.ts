import { runExitInvitations } from "~/modules/exit/invitation-run.server";
import { action, loader } from "~/routes/admin.departures.$departureId/route";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { at, day, exitEmails, invitationOf, recordDeparture, TODAY } from "./invitation-helpers";
import { createUser, installOffboardingDefaults, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/**
 * After the last day the work mailbox is closed: without a personal address the exit flow's emails
 * have nowhere to go. HR sees it on the departure page and fixes it there, and what was held back
 * goes out at the next run.
 */

useTestDatabase();
useJobQueue();

let hrCookie: string;
beforeEach(async () => {
  await installOffboardingDefaults();
  hrCookie = await signIn(await createUser({ role: "hr_admin", name: "Hana Reyes" }));
});

const SAM_HOME = "sam@home.example";

function run(now: Date) {
  return runExitInvitations({ now, timeZone: "UTC" });
}

async function departurePage(departureId: string, cookie = hrCookie) {
  const response = await callLoader(loader, buildRequest(`/admin/departures/${departureId}`, { cookie }), { departureId });
  expect(response.status).toBe(200);
  return loaderData<typeof loader>(response);
}

function savePersonalEmail(departureId: string, personalEmail: string, cookie = hrCookie) {
  return callAction(
    action,
    buildRequest(`/admin/departures/${departureId}`, { cookie, form: { intent: "personalEmail", personalEmail } }),
    { departureId },
  );
}

/** Recorded three days after its last day, with no personal address: the invitation cannot go. */
async function unreachableDeparture() {
  const departure = await recordDeparture({ lastDay: day(-3), noticeDate: day(-20), personalEmail: undefined });
  expect(await run(at(TODAY, 10))).toMatchObject({ invitationsSent: 0, unreachable: 1 });
  return departure;
}

describe("a leaver who cannot be reached, on HR's departure page", () => {
  it("is shown as unreachable past the last day with no personal address, and only then", async () => {
    const unreachable = await unreachableDeparture();
    const beforeLastDay = await recordDeparture({ personalEmail: undefined });
    const withPersonal = await recordDeparture({ lastDay: day(-3), noticeDate: day(-20), personalEmail: "kim@home.example" });
    // The work address typed in as the personal one is still the closed work mailbox.
    const workAsPersonal = await recordDeparture({ lastDay: day(-3), noticeDate: day(-20), employeeEmail: "lee@acme.example", personalEmail: "LEE@acme.example" });

    expect((await departurePage(unreachable.id)).exitFlow).toMatchObject({ state: "scheduled", open: true, unreachable: true, personalEmail: null });
    expect((await departurePage(beforeLastDay.id)).exitFlow).toMatchObject({ open: true, unreachable: false });
    expect((await departurePage(withPersonal.id)).exitFlow).toMatchObject({ open: true, unreachable: false, personalEmail: "kim@home.example" });
    expect((await departurePage(workAsPersonal.id)).exitFlow).toMatchObject({ open: true, unreachable: true });
  });

  it("is no longer a concern once the survey is finished, the links have expired or the departure is cancelled", async () => {
    const finished = await unreachableDeparture();
    await testDb().updateTable("exit_invitations").set({ status: "finished", finished_at: new Date() }).where("departure_id", "=", finished.id).execute();
    const expired = await recordDeparture({ lastDay: day(-40), noticeDate: day(-60), personalEmail: undefined });
    const cancelled = await recordDeparture({ lastDay: day(-3), noticeDate: day(-20), personalEmail: undefined });
    await testDb().updateTable("departures").set({ status: "cancelled" }).where("id", "=", cancelled.id).execute();

    expect((await departurePage(finished.id)).exitFlow).toMatchObject({ state: "finished", open: false, unreachable: false });
    expect((await departurePage(expired.id)).exitFlow).toMatchObject({ open: false, unreachable: false });
    expect((await departurePage(cancelled.id)).exitFlow).toMatchObject({ open: false, unreachable: false });
  });
});

describe("HR adding the personal address from the departure page", () => {
  it("saves it, records that it changed (not the address itself), and the next run sends the held-back invitation there", async () => {
    const departure = await unreachableDeparture();

    const response = await savePersonalEmail(departure.id, `  ${SAM_HOME} `);

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/departures/${departure.id}?notice=personalEmailSaved#exit-flow-title`);
    const stored = await testDb().selectFrom("departures").select("personal_email").where("id", "=", departure.id).executeTakeFirstOrThrow();
    expect(stored.personal_email).toBe(SAM_HOME);
    const page = await departurePage(departure.id);
    expect(page.exitFlow).toMatchObject({ unreachable: false, personalEmail: SAM_HOME });
    expect(page.timeline[0]).toMatchObject({ action: "departure.updated", changes: [{ field: "personal_email", changed: true }] });
    const audits = await testDb().selectFrom("audit_log").select("data").where("subject_id", "=", departure.id).execute();
    expect(JSON.stringify(audits)).not.toContain(SAM_HOME);

    expect(await run(at(TODAY, 11))).toMatchObject({ invitationsSent: 1, unreachable: 0 });
    expect((await exitEmails("exit-invitation")).map((email) => email.to_address)).toEqual([SAM_HOME]);
    expect((await invitationOf(departure.id)).status).toBe("invited");
  });

  it("sends a reminder held back after the last day to the address added later", async () => {
    const departure = await recordDeparture({ lastDay: day(1), personalEmail: undefined });
    expect((await run(at(TODAY, 10))).invitationsSent).toBe(1);
    expect(await run(at(day(3), 10))).toMatchObject({ remindersSent: 0, unreachable: 1 });

    expect((await savePersonalEmail(departure.id, SAM_HOME)).status).toBe(302);

    expect((await run(at(day(4), 10))).remindersSent).toBe(1);
    expect((await exitEmails("exit-reminder")).map((email) => email.to_address)).toEqual([SAM_HOME]);
  });

  it("explains an invalid address or the work address beside the field, and changes nothing", async () => {
    const departure = await unreachableDeparture();
    const errorsOf = async (response: Response) =>
      ((await response.json()) as { intent: string; result: { error: Record<string, string[]> } }).result.error;

    const invalid = await savePersonalEmail(departure.id, "sam at home");
    expect(invalid.status).toBe(400);
    expect(await errorsOf(invalid)).toEqual({ personalEmail: ["Enter an email address like name@example.com."] });

    const work = await savePersonalEmail(departure.id, departure.employee_email.toUpperCase());
    expect(work.status).toBe(400);
    expect((await errorsOf(work)).personalEmail?.[0]).toMatch(/^This is the work address, which stops working after the last day/);

    const tooLong = await savePersonalEmail(departure.id, `${"a".repeat(250)}@home.example`);
    expect(tooLong.status).toBe(400);

    const stored = await testDb().selectFrom("departures").select("personal_email").where("id", "=", departure.id).executeTakeFirstOrThrow();
    expect(stored.personal_email).toBeNull();
    expect(await testDb().selectFrom("audit_log").select("id").where("action", "=", "departure.updated").execute()).toEqual([]);
  });

  it("removes the address when the field is emptied", async () => {
    const departure = await recordDeparture({ personalEmail: SAM_HOME });
    const response = await savePersonalEmail(departure.id, "");
    expect(response.headers.get("Location")).toBe(`/admin/departures/${departure.id}?notice=personalEmailRemoved#exit-flow-title`);
    const stored = await testDb().selectFrom("departures").select("personal_email").where("id", "=", departure.id).executeTakeFirstOrThrow();
    expect(stored.personal_email).toBeNull();
  });

  it("is for HR admins only", async () => {
    const departure = await unreachableDeparture();
    const owner = await signIn(await createUser({ role: "task_owner" }));
    const leaver = await testDb().selectFrom("users").selectAll().where("id", "=", departure.leaver_user_id).executeTakeFirstOrThrow();
    expect((await savePersonalEmail(departure.id, SAM_HOME, owner)).status).toBe(403);
    expect((await savePersonalEmail(departure.id, SAM_HOME, await signIn(leaver))).status).toBe(403);
    const stored = await testDb().selectFrom("departures").select("personal_email").where("id", "=", departure.id).executeTakeFirstOrThrow();
    expect(stored.personal_email).toBeNull();
  });
});
