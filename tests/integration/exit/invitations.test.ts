import { sql } from "kysely";
import { hashToken } from "~/modules/auth/tokens.server";
import { runExitInvitations } from "~/modules/exit/invitation-run.server";
import { exitInvitationsJob } from "~/modules/exit/invitation-job.server";
import { enqueue, runQueuedJobs } from "~/modules/jobs/boss.server";
import { cancelDeparture, updateDeparture, updateDeparturePersonalEmail } from "~/modules/offboarding/departures.server";
import { getActiveExitSurveyVersion } from "~/modules/surveys/surveys.server";
import { formatDate } from "~/utils/format";
import { testDb, useTestDatabase } from "../../support/database";
import {
  at,
  day,
  exitEmails,
  invitationOf,
  recordDeparture,
  sendQueuedInvitations,
  TODAY,
  tokenIn,
} from "./invitation-helpers";
import { installOffboardingDefaults } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

beforeEach(async () => {
  await installOffboardingDefaults();
});

function run(now: Date) {
  return runExitInvitations({ now, timeZone: "UTC" });
}

async function setLeadTime(days: number | null) {
  await testDb().updateTable("surveys").set({ invite_days_before_last_day: days }).where("is_active_exit", "=", true).execute();
}

async function queuedInvitationJobs() {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pgboss.job where name = 'exit.invitations' and state = 'created'
  `.execute(testDb());
  return rows[0]!.n;
}

describe("recording a departure", () => {
  it("creates one scheduled invitation to the active exit survey, open until 30 days after the last day", async () => {
    const departure = await recordDeparture();
    const survey = await getActiveExitSurveyVersion(testDb());

    const invitations = await testDb().selectFrom("exit_invitations").selectAll().execute();
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({
      departure_id: departure.id,
      survey_version_id: survey!.versionId,
      status: "scheduled",
      send_on: TODAY,
      expires_on: day(51),
      reminders_sent: 0,
      invited_at: null,
    });
  });

  it("emails the leaver right away at the work and the personal address, each with a link of its own, in the leaver's language", async () => {
    const departure = await recordDeparture({ employeeEmail: "sam.leclerc@acme.test", personalEmail: "sam@home.example" });
    await testDb().updateTable("users").set({ locale: "fr" }).where("id", "=", departure.leaver_user_id).execute();
    expect(await queuedInvitationJobs()).toBe(1);

    await sendQueuedInvitations();

    const emails = await exitEmails("exit-invitation");
    expect(emails.map((email) => email.to_address).sort()).toEqual(["sam.leclerc@acme.test", "sam@home.example"]);
    for (const email of emails) {
      expect(email).toMatchObject({ user_id: departure.leaver_user_id, locale: "fr", status: "queued" });
      expect(email.subject).toBe("Avant votre départ d’Acme Corp\u00a0: quelques questions et une invitation");
    }
    const tokens = emails.map(tokenIn);
    expect(new Set(tokens).size).toBe(2);
    // Only the hashes are stored, never a token.
    const links = await testDb().selectFrom("exit_links").selectAll().execute();
    expect(links.map((link) => link.token_hash).sort()).toEqual(tokens.map(hashToken).sort());
    expect(JSON.stringify(links)).not.toContain(tokens[0]);
    const invitation = await invitationOf(departure.id);
    expect(invitation.status).toBe("invited");
    expect(invitation.invited_at).not.toBeNull();
  });

  it("explains the flow, who sees the answers, how long it takes and until when the link works", async () => {
    await recordDeparture({ personalEmail: undefined });
    await sendQueuedInvitations();

    const [email, ...others] = await exitEmails("exit-invitation");
    expect(others).toEqual([]);
    expect(email!.subject).toBe("Before you leave Acme Corp: a few questions, and an invitation");
    const text = email!.text;
    expect(text).toContain("a short survey, then an invitation to join the Acme Corp alumni network");
    expect(text).toContain("Who sees your answers: they are confidential. Only the HR administrators can read them with your name");
    expect(text).toMatch(/It takes about \d+ minutes\./);
    expect(text).toContain(`It works until ${formatDate(day(51), "en")}.`);
    expect(email!.html).toContain(`href="http://localhost:3000/exit/link/${tokenIn(email!)}"`);
  });

  it("says the answers are anonymous when the survey version is", async () => {
    await testDb().updateTable("survey_versions").set({ confidentiality: "anonymous" }).execute();
    await recordDeparture({ personalEmail: undefined });
    await sendQueuedInvitations();

    const [email] = await exitEmails("exit-invitation");
    expect(email!.text).toContain("Who sees your answers: nobody can tell they are yours.");
    expect(email!.text).not.toContain("they are confidential");
  });

  it("invites nobody when no exit survey is active, or when the departure was recorded after its flow would have closed", async () => {
    await recordDeparture({ lastDay: day(-31), noticeDate: day(-60) });
    expect(await testDb().selectFrom("exit_invitations").selectAll().execute()).toEqual([]);

    await testDb().updateTable("surveys").set({ is_active_exit: false }).execute();
    await recordDeparture();
    expect(await testDb().selectFrom("exit_invitations").selectAll().execute()).toEqual([]);
    expect(await queuedInvitationJobs()).toBe(0);
  });

  it("records the same departure twice as one departure with one invitation", async () => {
    const first = await recordDeparture({ employeeEmail: "twice@acme.test" });
    const second = await recordDeparture({ employeeEmail: "twice@acme.test" });
    expect(second.id).toBe(first.id);
    expect(await testDb().selectFrom("exit_invitations").selectAll().execute()).toHaveLength(1);
  });
});

describe("an invitation set N days before the last day", () => {
  it("waits for that day and the morning hour, then sends once", async () => {
    await setLeadTime(10);
    const departure = await recordDeparture({ lastDay: day(21), personalEmail: "sam@home.example" });

    expect(await invitationOf(departure.id)).toMatchObject({ status: "scheduled", send_on: day(11) });
    expect(await queuedInvitationJobs()).toBe(0);
    expect((await run(at(day(10), 10))).invitationsSent).toBe(0);
    // Nobody is written to at night: the day has come, the hour not yet.
    expect((await run(at(day(11), 7))).invitationsSent).toBe(0);
    expect(await exitEmails()).toEqual([]);

    expect((await run(at(day(11), 9))).invitationsSent).toBe(1);
    expect((await run(at(day(11), 10))).invitationsSent).toBe(0);
    expect(await exitEmails("exit-invitation")).toHaveLength(2);
    expect(await invitationOf(departure.id)).toMatchObject({ status: "invited", invited_at: at(day(11), 9) });
  });

  it("goes out today when the last day is closer than N days", async () => {
    await setLeadTime(10);
    const departure = await recordDeparture({ lastDay: day(4) });
    expect(await invitationOf(departure.id)).toMatchObject({ status: "scheduled", send_on: TODAY });
    expect(await queuedInvitationJobs()).toBe(1);
  });

  it("follows the last day when it moves, and is not sent when the departure is cancelled first", async () => {
    await setLeadTime(10);
    const departure = await recordDeparture({ lastDay: day(21) });

    await updateDeparture(departure.id, { lastDay: day(28), terminationDate: day(28) }, { actorUserId: null });
    expect(await invitationOf(departure.id)).toMatchObject({ send_on: day(18), expires_on: day(58) });

    await cancelDeparture(departure.id, { actorUserId: null });
    expect((await invitationOf(departure.id)).status).toBe("cancelled");
    expect((await run(at(day(18), 10))).invitationsSent).toBe(0);
    expect(await exitEmails()).toEqual([]);
  });
});

describe("reminders", () => {
  /** A departure whose invitation went out on day 0 at 10:00 (the hourly run, not the queued job). */
  async function invitedOnDayZero(overrides: Record<string, unknown> = {}) {
    const departure = await recordDeparture({ personalEmail: "sam@home.example", ...overrides });
    expect((await run(at(TODAY, 10))).invitationsSent).toBe(1);
    return departure;
  }

  it("go after 3 and 7 days, to both addresses with fresh links, and never a third time", async () => {
    const departure = await invitedOnDayZero();
    const sentOn: Record<number, number> = {};
    for (let offset = 1; offset <= 20; offset++) sentOn[offset] = (await run(at(day(offset), 10))).remindersSent;

    expect(Object.entries(sentOn).filter(([, sent]) => sent > 0)).toEqual([
      ["3", 1],
      ["7", 1],
    ]);
    const reminders = await exitEmails("exit-reminder");
    expect(reminders).toHaveLength(4);
    expect(new Set(reminders.map(tokenIn)).size).toBe(4);
    expect(reminders.map((email) => email.to_address).sort()).toEqual(
      [departure.employee_email, departure.employee_email, "sam@home.example", "sam@home.example"].sort(),
    );
    expect(reminders[0]!.subject).toBe("Your Acme Corp exit survey is still open");
    expect(reminders[0]!.text).toContain("We will send at most one more reminder.");
    expect(reminders[3]!.text).toContain("This is our last reminder.");
    expect(await invitationOf(departure.id)).toMatchObject({ reminders_sent: 2, last_reminded_at: at(day(7), 10) });
    // Every emailed link works: the invitation's two and the reminders' four.
    expect(await testDb().selectFrom("exit_links").selectAll().execute()).toHaveLength(6);
  });

  it("send nothing new when the run is repeated, or two runs race", async () => {
    await invitedOnDayZero();
    const [first, second] = await Promise.all([run(at(day(3), 10)), run(at(day(3), 10))]);
    expect(first.remindersSent + second.remindersSent).toBe(1);
    expect((await run(at(day(3), 11))).remindersSent).toBe(0);
    expect((await run(at(day(3), 10))).remindersSent).toBe(0);
    expect(await exitEmails("exit-reminder")).toHaveLength(2);
  });

  it("stop once the survey is finished", async () => {
    const departure = await invitedOnDayZero();
    expect((await run(at(day(3), 10))).remindersSent).toBe(1);
    await testDb().updateTable("exit_invitations").set({ status: "finished", finished_at: at(day(4), 10) }).execute();

    expect((await run(at(day(7), 10))).remindersSent).toBe(0);
    expect((await run(at(day(12), 10))).remindersSent).toBe(0);
    expect(await invitationOf(departure.id)).toMatchObject({ reminders_sent: 1 });
  });

  it("never go when the departure is cancelled, and its invitation is cancelled with it", async () => {
    const departure = await invitedOnDayZero();
    await cancelDeparture(departure.id, { actorUserId: null });

    expect((await invitationOf(departure.id)).status).toBe("cancelled");
    expect((await run(at(day(3), 10))).remindersSent).toBe(0);
    expect((await run(at(day(7), 10))).remindersSent).toBe(0);
    expect(await exitEmails("exit-reminder")).toEqual([]);
  });

  it("resume where they were when a cancellation is undone", async () => {
    const departure = await invitedOnDayZero();
    await cancelDeparture(departure.id, { actorUserId: null });
    await updateDeparture(departure.id, { status: "planned" }, { actorUserId: null });

    expect((await invitationOf(departure.id)).status).toBe("invited");
    expect((await run(at(day(3), 10))).remindersSent).toBe(1);
  });

  it("invite a leaver who started to continue where they left off", async () => {
    await invitedOnDayZero({ personalEmail: undefined });
    await testDb().updateTable("exit_invitations").set({ status: "started", started_at: at(day(1), 10) }).execute();

    expect((await run(at(day(3), 10))).remindersSent).toBe(1);
    const [reminder] = await exitEmails("exit-reminder");
    expect(reminder!.text).toContain("you started the exit survey. Your answers so far are saved");
    expect(reminder!.text).toContain("Continue where I left off");
  });

  it("stop when the links have expired", async () => {
    // Last day 28 days ago: the flow closes in two days, before the first reminder is due.
    const departure = await invitedOnDayZero({ lastDay: day(-28), noticeDate: day(-40) });
    expect((await invitationOf(departure.id)).expires_on).toBe(day(2));
    expect((await run(at(day(3), 10))).remindersSent).toBe(0);
    expect(await exitEmails("exit-reminder")).toEqual([]);
  });
});

describe("after the last day (the work mailbox is closed)", () => {
  async function unreachableAudits() {
    return testDb().selectFrom("audit_log").select(["subject_id", "data"]).where("action", "=", "exit.leaver_unreachable").execute();
  }

  it("sends the reminders to the personal address only", async () => {
    const departure = await recordDeparture({ lastDay: day(2), personalEmail: "sam@home.example" });
    expect((await run(at(TODAY, 10))).invitationsSent).toBe(1);
    expect((await exitEmails("exit-invitation")).map((email) => email.to_address).sort()).toEqual(
      [departure.employee_email, "sam@home.example"].sort(),
    );

    expect((await run(at(day(3), 10))).remindersSent).toBe(1);
    expect((await run(at(day(7), 10))).remindersSent).toBe(1);

    expect((await exitEmails("exit-reminder")).map((email) => email.to_address)).toEqual(["sam@home.example", "sam@home.example"]);
    expect(await unreachableAudits()).toEqual([]);
  });

  it("sends a reminder on the last day itself to the work address still", async () => {
    await recordDeparture({ lastDay: day(3), personalEmail: undefined });
    await run(at(TODAY, 10));
    expect((await run(at(day(3), 10))).remindersSent).toBe(1);
    expect(await exitEmails("exit-reminder")).toHaveLength(1);
  });

  it("without a personal address, sends nothing, records once that the leaver cannot be reached, and keeps the reminder due", async () => {
    const departure = await recordDeparture({ lastDay: day(1), personalEmail: undefined });
    expect((await run(at(TODAY, 10))).invitationsSent).toBe(1);
    const invitation = await invitationOf(departure.id);

    expect(await run(at(day(3), 10))).toMatchObject({ remindersSent: 0, unreachable: 1 });
    expect(await run(at(day(3), 11))).toMatchObject({ remindersSent: 0, unreachable: 1 });
    expect(await run(at(day(4), 10))).toMatchObject({ remindersSent: 0, unreachable: 1 });

    expect(await exitEmails("exit-reminder")).toEqual([]);
    expect(await invitationOf(departure.id)).toMatchObject({ reminders_sent: 0, last_reminded_at: null });
    expect(await unreachableAudits()).toEqual([
      { subject_id: invitation.id, data: { message: "reminder", reason: "no_personal_email_after_last_day", lastDay: day(1) } },
    ]);

    // HR adds a personal address (the departure page's form): what is due goes out at the next run.
    await updateDeparturePersonalEmail(departure.id, "sam@home.example", { actorUserId: null });
    expect((await run(at(day(5), 10))).remindersSent).toBe(1);
    expect((await exitEmails("exit-reminder")).map((email) => email.to_address)).toEqual(["sam@home.example"]);
  });

  it("invites a departure recorded after its last day at the personal address only, and nobody without one", async () => {
    const withPersonal = await recordDeparture({ lastDay: day(-3), noticeDate: day(-20), personalEmail: "sam@home.example" });
    const without = await recordDeparture({ lastDay: day(-3), noticeDate: day(-20), personalEmail: undefined });
    await sendQueuedInvitations();
    await run(at(TODAY, 10));

    expect((await exitEmails("exit-invitation")).map((email) => email.to_address)).toEqual(["sam@home.example"]);
    expect((await invitationOf(withPersonal.id)).status).toBe("invited");
    expect(await invitationOf(without.id)).toMatchObject({ status: "scheduled", invited_at: null });
    const audits = await unreachableAudits();
    expect(audits).toEqual([
      { subject_id: (await invitationOf(without.id)).id, data: { message: "invitation", reason: "no_personal_email_after_last_day", lastDay: day(-3) } },
    ]);
  });
});

describe("the exit.invitations job", () => {
  it("runs from pg-boss with the instant it is given, as the hourly schedule does", async () => {
    await recordDeparture({ personalEmail: undefined });
    await sendQueuedInvitations();
    expect(await exitEmails("exit-reminder")).toEqual([]);

    await enqueue(exitInvitationsJob, { at: at(day(3), 10).toISOString() });
    expect(await runQueuedJobs(["exit.invitations"])).toBe(1);
    expect(await exitEmails("exit-reminder")).toHaveLength(1);
  });
});

describe("moving the dates", () => {
  it("moves the end of the flow, and the links sent with it, to 30 days after the new last day", async () => {
    const departure = await recordDeparture({ personalEmail: undefined });
    await sendQueuedInvitations();

    await updateDeparture(departure.id, { lastDay: day(30), terminationDate: day(30) }, { actorUserId: null });

    expect((await invitationOf(departure.id)).expires_on).toBe(day(60));
    const [link] = await testDb().selectFrom("exit_links").selectAll().execute();
    expect(link!.expires_at.toISOString()).toBe(`${day(61)}T00:00:00.000Z`);
  });
});
