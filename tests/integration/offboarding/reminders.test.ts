import { enqueue, getBoss, runQueuedJobs, scheduleRecurringJobs } from "~/modules/jobs/boss.server";
import { cancelDeparture, updateDeparture } from "~/modules/offboarding/departures.server";
import { taskRemindersJob } from "~/modules/offboarding/reminder-job.server";
import { runReminders } from "~/modules/offboarding/reminders.server";
import { testDb, useTestDatabase } from "../../support/database";
import { auditEntries, findTask } from "./support/tasks";
import { addTask, createTeamMember, createUser, installOffboardingDefaults, makeBareDeparture } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

beforeEach(async () => {
  await installOffboardingDefaults();
});

// Friday 27 November 2026, 08:05 on the company's clocks (UTC here).
const TODAY = "2026-11-27";
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, "0")}:05:00Z`);
const NOW = at(TODAY, 8);

function run(now = NOW, timeZone = "UTC") {
  return runReminders({ now, timeZone });
}

function emails(template: "task-digest" | "task-escalation") {
  return testDb().selectFrom("emails").selectAll().where("template", "=", template).orderBy("to_address").execute();
}

async function emailsTo(template: "task-digest" | "task-escalation", address: string) {
  return (await emails(template)).filter((email) => email.to_address === address);
}

/** A departure under way (notice given, last day ahead) without template tasks. */
function activeDeparture(overrides: Record<string, unknown> = {}) {
  return makeBareDeparture({ noticeDate: "2026-11-02", lastDay: "2026-12-18", ...overrides });
}

describe("the daily digest", () => {
  it("lists the owner's tasks that are overdue, due in exactly 2 days and in exactly 7 days, grouped in that order", async () => {
    const owner = await createTeamMember(["IT"], { name: "Ivan Torres" });
    const departure = await activeDeparture({ employeeName: "Sam Leclerc" });
    await addTask(departure.id, { title: "Seven-day task", dueDate: "2026-12-04" });
    await addTask(departure.id, { title: "Two-day task", dueDate: "2026-11-29" });
    await addTask(departure.id, { title: "Overdue task", dueDate: "2026-11-20" });
    await addTask(departure.id, { title: "Due today", dueDate: TODAY });
    await addTask(departure.id, { title: "Due tomorrow", dueDate: "2026-11-28" });
    await addTask(departure.id, { title: "Due in four days", dueDate: "2026-12-01" });
    await addTask(departure.id, { title: "Due in eight days", dueDate: "2026-12-05" });
    await addTask(departure.id, { title: "Overdue but done", dueDate: "2026-11-20", status: "done" });

    const result = await run();

    expect(result).toMatchObject({ today: TODAY, hour: 8, digestsSent: 1 });
    const [digest, ...others] = await emails("task-digest");
    expect(others).toEqual([]);
    expect(digest).toMatchObject({ to_address: owner.email, user_id: owner.id, locale: "en", status: "queued" });
    expect(digest!.subject).toBe("1 offboarding task is overdue: your daily digest");
    const text = digest!.text;
    expect(text).toContain("Hello Ivan Torres,");
    expect(text).toContain("Overdue task — Sam Leclerc");
    expect(text).toContain("http://localhost:3000/tasks");
    expect(text).toContain("http://localhost:3000/tasks/preferences");
    const positions = ["Overdue (1)", "Overdue task", "Due in 2 days (1)", "Two-day task", "Due in 7 days (1)", "Seven-day task"].map((s) =>
      text.indexOf(s),
    );
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const quiet of ["Due today", "Due tomorrow", "Due in four days", "Due in eight days", "Overdue but done"]) {
      expect(text).not.toContain(quiet);
    }
    const [claim] = await testDb().selectFrom("task_digests").selectAll().execute();
    expect(claim).toMatchObject({ user_id: owner.id, digest_date: TODAY, email_id: digest!.id });
  });

  it("sends one email per owner however many tasks and departures, and sends nobody a digest with nothing in it", async () => {
    const owner = await createTeamMember(["IT", "Facilities"]);
    const idle = await createTeamMember(["Payroll"]);
    const first = await activeDeparture();
    const second = await activeDeparture();
    await addTask(first.id, { team: "IT", dueDate: "2026-11-20" });
    await addTask(first.id, { team: "Facilities", dueDate: "2026-11-29" });
    await addTask(second.id, { ownerUserId: owner.id, dueDate: "2026-12-04" });
    await addTask(second.id, { team: "IT", dueDate: "2026-11-26" });
    await addTask(second.id, { team: "Payroll", dueDate: "2026-12-10" });

    await run();

    const digests = await emails("task-digest");
    expect(digests.map((d) => d.to_address)).toEqual([owner.email]);
    expect(digests[0]!.text).toContain("Overdue (2)");
    expect(await emailsTo("task-digest", idle.email)).toEqual([]);
  });

  it("sends a team's tasks to every active member of the team, and no other team's", async () => {
    const ivan = await createTeamMember(["IT"]);
    const iris = await createTeamMember(["IT"]);
    const away = await createTeamMember(["IT"], { status: "disabled" });
    const priya = await createTeamMember(["Payroll"]);
    const departure = await activeDeparture();
    await addTask(departure.id, { title: "Revoke tokens", team: "IT", dueDate: "2026-11-29" });

    await run();

    const digests = await emails("task-digest");
    expect(digests.map((d) => d.to_address).sort()).toEqual([ivan.email, iris.email].sort());
    for (const digest of digests) expect(digest.text).toContain("Team: IT");
    expect(await emailsTo("task-digest", away.email)).toEqual([]);
    expect(await emailsTo("task-digest", priya.email)).toEqual([]);
  });

  it("sends an HR admin who is in a team the team's digest, pointing to their task inbox", async () => {
    const admin = await createTeamMember(["People team"], { role: "hr_admin" });
    const departure = await activeDeparture();
    await addTask(departure.id, { team: "People team", dueDate: "2026-11-29" });

    await run();

    const [digest] = await emailsTo("task-digest", admin.email);
    expect(digest!.text).toContain("http://localhost:3000/tasks");
    expect(digest!.text).not.toContain("/admin/departures");
  });

  it("sends no digest to an owner who has become an alumnus or a leaver, for their own tasks or their team's", async () => {
    // A colleague who left and joined the alumni network: the account is an alumnus's now, at the
    // personal address; a second one is leaving and signs in as a leaver. Both still own tasks.
    const alumnus = await createTeamMember(["IT"], { name: "Former Owner" });
    const leaving = await createTeamMember(["IT"]);
    const stillStaff = await createTeamMember(["IT"]);
    const db = testDb();
    await db.updateTable("users").set({ role: "alumnus", email: "former.owner@home.example" }).where("id", "=", alumnus.id).execute();
    await db.updateTable("users").set({ role: "leaver" }).where("id", "=", leaving.id).execute();
    const departure = await activeDeparture();
    await addTask(departure.id, { title: "Alumnus's own task", ownerUserId: alumnus.id, dueDate: "2026-11-20" });
    await addTask(departure.id, { title: "Leaver's own task", ownerUserId: leaving.id, dueDate: "2026-11-29" });
    await addTask(departure.id, { title: "Team task", team: "IT", dueDate: "2026-12-04" });

    const result = await run();

    expect(result.digestsSent).toBe(1);
    expect((await emails("task-digest")).map((d) => d.to_address)).toEqual([stillStaff.email]);
    expect(await emailsTo("task-digest", "former.owner@home.example")).toEqual([]);
    expect(await emailsTo("task-digest", leaving.email)).toEqual([]);
    expect(await testDb().selectFrom("task_digests").select("user_id").execute()).toEqual([{ user_id: stillStaff.id }]);
  });

  it("writes the digest in the owner's language", async () => {
    const owner = await createTeamMember(["IT"], { locale: "fr", name: "Inès" });
    const english = await createTeamMember(["IT"], { locale: "en", name: "Ivan" });
    const departure = await activeDeparture();
    await addTask(departure.id, { title: "Collect laptop", titleFr: "Récupérer l’ordinateur portable", dueDate: "2026-11-29" });
    // Written before tasks had a French title: the English one is shown.
    await addTask(departure.id, { title: "Hand over files", dueDate: "2026-12-04" });

    await run();

    const [digest] = await emailsTo("task-digest", owner.email);
    expect(digest).toMatchObject({ to_address: owner.email, locale: "fr" });
    expect(digest!.subject).toBe("2 tâches de départ demandent votre attention");
    expect(digest!.text).toContain("Bonjour Inès,");
    expect(digest!.text).toContain("À faire dans 2 jours (1)");
    expect(digest!.text).toContain("Récupérer l’ordinateur portable");
    expect(digest!.text).not.toContain("Collect laptop");
    expect(digest!.text).toContain("Hand over files");
    const [inEnglish] = await emailsTo("task-digest", english.email);
    expect(inEnglish!.text).toContain("Collect laptop");
    expect(inEnglish!.text).not.toContain("Récupérer l’ordinateur portable");
  });

  it("goes out at each owner's hour, catches up an hour that has passed, and never twice a day", async () => {
    const early = await createTeamMember(["IT"]);
    const onTime = await createTeamMember(["IT"]);
    const late = await createTeamMember(["IT"]);
    const db = testDb();
    await db.updateTable("users").set({ reminder_hour: 6 }).where("id", "=", early.id).execute();
    await db.updateTable("users").set({ reminder_hour: 8 }).where("id", "=", onTime.id).execute();
    await db.updateTable("users").set({ reminder_hour: 9 }).where("id", "=", late.id).execute();
    const departure = await activeDeparture();
    await addTask(departure.id, { dueDate: "2026-11-20" });

    // The 06:05 and 07:05 runs did not happen (the server was down): 08:05 catches up.
    const eight = await run(at(TODAY, 8));
    expect(eight.digestsSent).toBe(2);
    expect((await emails("task-digest")).map((d) => d.to_address).sort()).toEqual([early.email, onTime.email].sort());

    const nine = await run(at(TODAY, 9));
    expect(nine.digestsSent).toBe(1);
    expect((await emails("task-digest")).map((d) => d.to_address).sort()).toEqual([early.email, onTime.email, late.email].sort());

    const ten = await run(at(TODAY, 10));
    expect(ten.digestsSent).toBe(0);
    expect(await emails("task-digest")).toHaveLength(3);
  });

  it("reads the hour on the company's clocks", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await activeDeparture();
    await addTask(departure.id, { dueDate: "2026-11-20" });
    // 07:05 UTC is 08:05 in Paris in November: the default hour (8) has come there, not in UTC.
    expect((await run(new Date("2026-11-27T07:05:00Z"), "UTC")).digestsSent).toBe(0);
    expect((await run(new Date("2026-11-27T07:05:00Z"), "Europe/Paris")).digestsSent).toBe(1);
    expect((await emails("task-digest")).map((d) => d.to_address)).toEqual([owner.email]);
  });

  it("sends nothing new when run twice the same day, even at the same time, and repeats overdue tasks the next day", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await activeDeparture();
    await addTask(departure.id, { title: "Still overdue", dueDate: "2026-11-20" });

    const [first, second] = await Promise.all([run(), run()]);
    expect(first.digestsSent + second.digestsSent).toBe(1);
    expect((await run()).digestsSent).toBe(0);
    expect(await emails("task-digest")).toHaveLength(1);

    await run(at("2026-11-28", 8));
    const digests = await emailsTo("task-digest", owner.email);
    expect(digests).toHaveLength(2);
    expect(digests.every((d) => d.text.includes("Still overdue"))).toBe(true);
  });

  it("stays silent about cancelled and completed departures", async () => {
    const owner = await createTeamMember(["IT"]);
    const cancelled = await activeDeparture();
    await addTask(cancelled.id, { dueDate: "2026-11-20", beforeLastDay: true });
    await cancelDeparture(cancelled.id, { actorUserId: null });
    const completed = await activeDeparture({ lastDay: "2026-11-25" });
    const task = await addTask(completed.id, { dueDate: "2026-11-29", beforeLastDay: true });
    await updateDeparture(completed.id, { status: "completed" }, { actorUserId: null });
    await createUser({ role: "hr_admin" });

    const result = await run();

    expect(result).toMatchObject({ digestsSent: 0, tasksEscalated: 0 });
    expect(await emailsTo("task-digest", owner.email)).toEqual([]);
    expect(await emails("task-escalation")).toEqual([]);
    expect((await findTask(task.id)).escalated_at).toBeNull();
  });

  it("is delivered by the email queue: the outbox holds it once the jobs have run", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await activeDeparture();
    await addTask(departure.id, { dueDate: "2026-11-29" });
    await run();
    await runQueuedJobs(["email.send"]);
    const [digest] = await emailsTo("task-digest", owner.email);
    expect(digest!.status).toBe("captured");
  });
});

describe("escalation of tasks that had to be done before the last day", () => {
  it("escalates an open 'before the last day' task on the last day once, in one email to each active HR admin", async () => {
    const hana = await createUser({ role: "hr_admin", name: "Hana Reyes" });
    const henri = await createUser({ role: "hr_admin", name: "Henri", locale: "fr" });
    const former = await createUser({ role: "hr_admin", status: "disabled" });
    const lastDayToday = await activeDeparture({ employeeName: "Jordan Blake", departmentName: "Sales", lastDay: TODAY });
    const missed = await addTask(lastDayToday.id, { title: "Collect laptop", titleFr: "Récupérer l’ordinateur portable", beforeLastDay: true, dueDate: "2026-11-26" });
    const lastDayPassed = await activeDeparture({ employeeName: "Mei Chen", lastDay: "2026-11-25" });
    const older = await addTask(lastDayPassed.id, { title: "Hand over files", beforeLastDay: true, dueDate: "2026-11-24", team: "People team" });
    const done = await addTask(lastDayToday.id, { title: "Done in time", beforeLastDay: true, status: "done" });
    const notBefore = await addTask(lastDayToday.id, { title: "Wipe devices", beforeLastDay: false, dueDate: "2026-11-26" });
    const lastDayAhead = await activeDeparture({ lastDay: "2026-11-30" });
    const notYet = await addTask(lastDayAhead.id, { title: "Not yet", beforeLastDay: true, dueDate: "2026-11-26" });

    const result = await run();

    expect(result).toMatchObject({ tasksEscalated: 2, escalationEmailsSent: 2 });
    const escalations = await emails("task-escalation");
    expect(escalations.map((e) => e.to_address).sort()).toEqual([hana.email, henri.email].sort());
    expect(await emailsTo("task-escalation", former.email)).toEqual([]);
    const [english] = await emailsTo("task-escalation", hana.email);
    expect(english!.subject).toBe("Escalation: 2 offboarding tasks were not done before a last day");
    expect(english!.text).toContain("Collect laptop");
    expect(english!.text).toContain("Jordan Blake (Sales)");
    expect(english!.text).toContain("Hand over files");
    expect(english!.text).toContain("Owner: People team");
    expect(english!.text).toContain(`http://localhost:3000/admin/departures/${lastDayToday.id}`);
    expect(english!.text).not.toContain("Wipe devices");
    expect(english!.text).not.toContain("Not yet");
    const [french] = await emailsTo("task-escalation", henri.email);
    expect(french!.subject).toBe("Escalade\u00a0: 2 tâches de départ n’ont pas été faites avant un dernier jour");
    // Each admin reads the titles in their language; one never translated stays in English.
    expect(french!.text).toContain("Récupérer l’ordinateur portable");
    expect(french!.text).not.toContain("Collect laptop");
    expect(french!.text).toContain("Hand over files");
    expect(english!.text).not.toContain("Récupérer l’ordinateur portable");

    expect((await findTask(missed.id)).escalated_at).toEqual(NOW);
    expect((await findTask(older.id)).escalated_at).toEqual(NOW);
    for (const quiet of [done, notBefore, notYet]) expect((await findTask(quiet.id)).escalated_at).toBeNull();
    const audit = await auditEntries("task.escalated");
    expect(audit.map((a) => [a.subject_id, (a.data as { taskId: string }).taskId]).sort()).toEqual(
      [
        [lastDayToday.id, missed.id],
        [lastDayPassed.id, older.id],
      ].sort(),
    );

    // Later runs, the same day or the next, escalate nothing again.
    await run(at(TODAY, 9));
    await run(at("2026-11-28", 8));
    expect(await emails("task-escalation")).toHaveLength(2);
  });

  it("tells HR, never the owner, when the task's owner has become an alumnus", async () => {
    const hana = await createUser({ role: "hr_admin" });
    const owner = await createUser({ role: "task_owner", name: "Former Owner" });
    await testDb().updateTable("users").set({ role: "alumnus", email: "former.owner@home.example" }).where("id", "=", owner.id).execute();
    const departure = await activeDeparture({ lastDay: TODAY });
    await addTask(departure.id, { title: "Collect badge", ownerUserId: owner.id, beforeLastDay: true, dueDate: "2026-11-26" });

    expect(await run()).toMatchObject({ digestsSent: 0, tasksEscalated: 1, escalationEmailsSent: 1 });

    const sent = await testDb().selectFrom("emails").select(["to_address", "template"]).execute();
    expect(sent).toEqual([{ to_address: hana.email, template: "task-escalation" }]);
  });

  it("keeps the task for later when there is no active HR admin to tell", async () => {
    const departure = await activeDeparture({ lastDay: TODAY });
    const task = await addTask(departure.id, { beforeLastDay: true, dueDate: "2026-11-26" });
    expect((await run()).tasksEscalated).toBe(0);
    expect((await findTask(task.id)).escalated_at).toBeNull();

    const admin = await createUser({ role: "hr_admin" });
    expect((await run(at(TODAY, 9))).tasksEscalated).toBe(1);
    expect(await emailsTo("task-escalation", admin.email)).toHaveLength(1);
  });
});

describe("the reminder job", () => {
  it("runs the reminders for the instant it is given, through the job queue", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await activeDeparture();
    await addTask(departure.id, { dueDate: "2026-11-29" });

    await enqueue(taskRemindersJob, { at: NOW.toISOString() });
    await runQueuedJobs([taskRemindersJob.name]);

    expect(await emailsTo("task-digest", owner.email)).toHaveLength(1);
  });

  it("is scheduled every hour at five past, on the company's clocks", async () => {
    await scheduleRecurringJobs(getBoss());
    const schedules = await getBoss().getSchedules();
    expect(schedules).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "offboarding.task-reminders", cron: "5 * * * *", timezone: "UTC" })]),
    );
  });
});
