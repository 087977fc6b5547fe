import { addCalendarDays, todayIn } from "~/utils/calendar-days";
import { cancelDeparture, updateDeparture } from "~/modules/offboarding/departures.server";
import { LATER_PREVIEW, listInbox } from "~/modules/offboarding/inbox.server";
import { action, loader } from "~/routes/tasks._index/route";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { findTask } from "./support/tasks";
import { addTask, createTeamMember, createUser, installOffboardingDefaults, makeBareDeparture, signIn, teamId } from "../../factories";

useTestDatabase();

beforeEach(async () => {
  await installOffboardingDefaults();
});

// The loader uses the company's real today (COMPANY_TIME_ZONE, UTC in tests): dates are relative to it.
const today = () => todayIn("UTC");
const day = (offset: number) => addCalendarDays(today(), offset);

type InboxData = Awaited<ReturnType<typeof openInbox>>["data"];

async function openInbox(cookie: string, path = "/tasks") {
  const response = await callLoader(loader, buildRequest(path, { cookie }));
  expect(response.status).toBe(200);
  return { data: await loaderData<typeof loader>(response) };
}

function titles(data: InboxData, group: keyof InboxData["groups"]) {
  return data.groups[group].map((task) => task.title);
}

/** All a task owner may know of leaverDeparture()'s departure. */
function minimumOfLeaverDeparture() {
  return { name: "Sam Leclerc", department: "Engineering", noticeDate: day(-20), lastDay: day(10), terminationDate: day(40) };
}

async function leaverDeparture(overrides: Record<string, unknown> = {}) {
  return makeBareDeparture({
    employeeEmail: "sam.private@example.com",
    employeeName: "Sam Leclerc",
    departmentName: "Engineering",
    jobTitle: "Staff engineer",
    managerEmail: "boss@example.com",
    personalEmail: "sam@home.example",
    location: "Paris",
    type: "involuntary",
    reasonCode: "performance",
    regrettable: true,
    eligibleForRehire: false,
    externalId: `HR-${Math.random().toString(36).slice(2, 8)}`,
    noticeDate: day(-20),
    lastDay: day(10),
    terminationDate: day(40),
    ...overrides,
  });
}

describe("the task owner's inbox", () => {
  it("groups open tasks into overdue, due this week and later, oldest first", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await leaverDeparture();
    await addTask(departure.id, { title: "Way overdue", dueDate: day(-9) });
    await addTask(departure.id, { title: "Overdue yesterday", dueDate: day(-1) });
    await addTask(departure.id, { title: "Due today", dueDate: day(0) });
    await addTask(departure.id, { title: "Due in six days", dueDate: day(6) });
    await addTask(departure.id, { title: "Due in a week", dueDate: day(7) });
    await addTask(departure.id, { title: "Already done", dueDate: day(-3), status: "done" });

    const { data } = await openInbox(await signIn(owner));

    expect(data.today).toBe(today());
    expect(titles(data, "overdue")).toEqual(["Way overdue", "Overdue yesterday"]);
    expect(titles(data, "thisWeek")).toEqual(["Due today", "Due in six days"]);
    expect(titles(data, "later")).toEqual(["Due in a week"]);
    expect(data.total).toBe(5);
    expect(data.truncated).toBe(false);
  });

  it("names the person's teams, their reminder hour, and who a task may go to: active staff and every team", async () => {
    const owner = await createTeamMember(["IT", "Facilities"], { name: "Ivan Owner" });
    await testDb().updateTable("users").set({ reminder_hour: 7 }).where("id", "=", owner.id).execute();
    const hr = await createUser({ role: "hr_admin", name: "Hana Reyes" });
    await createUser({ role: "task_owner", name: "Invited Ines", status: "invited" });
    await createUser({ role: "task_owner", name: "Disabled Dan", status: "disabled" });
    await createUser({ role: "alumnus", name: "Alumnus Al" });

    const { data } = await openInbox(await signIn(owner));

    expect(data.teams).toEqual(["Facilities", "IT"]);
    expect(data.reminderHour).toBe(7);
    expect(data.assignees.people.map((person) => person.name).sort()).toEqual([hr.name, "Ivan Owner"].sort());
    const teams = await testDb().selectFrom("teams").select(["id", "name"]).orderBy("name").execute();
    expect(data.assignees.teams).toEqual(teams);
  });

  it("shows the person's own tasks and their teams' tasks, never another team's or another person's", async () => {
    const owner = await createTeamMember(["IT", "Facilities"]);
    const colleague = await createTeamMember(["Payroll"]);
    const departure = await leaverDeparture();
    await addTask(departure.id, { title: "IT task", team: "IT" });
    await addTask(departure.id, { title: "Facilities task", team: "Facilities" });
    await addTask(departure.id, { title: "My own task", ownerUserId: owner.id });
    await addTask(departure.id, { title: "Payroll task", team: "Payroll" });
    await addTask(departure.id, { title: "Colleague's own task", ownerUserId: colleague.id });

    const { data } = await openInbox(await signIn(owner));
    const all = [...data.groups.overdue, ...data.groups.thisWeek, ...data.groups.later];

    expect(all.map((t) => t.title).sort()).toEqual(["Facilities task", "IT task", "My own task"]);
    expect(all.find((t) => t.title === "IT task")?.teamName).toBe("IT");
    expect(all.find((t) => t.title === "My own task")?.teamName).toBeNull();

    const { data: theirs } = await openInbox(await signIn(colleague));
    // Every group, as for the owner above: the tasks' default due day (2026-12-10) is overdue once past.
    expect([...theirs.groups.overdue, ...theirs.groups.thisWeek, ...theirs.groups.later].map((t) => t.title).sort()).toEqual([
      "Colleague's own task",
      "Payroll task",
    ]);
  });

  it("leaves out the tasks of cancelled and completed departures", async () => {
    const owner = await createTeamMember(["IT"]);
    const cancelled = await leaverDeparture();
    await addTask(cancelled.id, { title: "Cancelled departure's task" });
    await cancelDeparture(cancelled.id, { actorUserId: null });
    const completed = await leaverDeparture({ employeeEmail: "lena@example.com" });
    await addTask(completed.id, { title: "Completed departure's task" });
    await updateDeparture(completed.id, { status: "completed" }, { actorUserId: null });

    const { data } = await openInbox(await signIn(owner));
    expect(data.total).toBe(0);
  });

  it("gives the page only the minimum of each departure: name, department and the three dates", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await leaverDeparture();
    await addTask(departure.id, { title: "Collect laptop", dueDate: day(2) });

    const response = await callLoader(loader, buildRequest("/tasks", { cookie: await signIn(owner) }));
    const raw = await response.text();
    const data = JSON.parse(raw) as InboxData;

    expect(data.groups.thisWeek[0]!.departure).toEqual(minimumOfLeaverDeparture());
    // Nothing else of the departure anywhere in the page's data.
    for (const secret of [
      "sam.private@example.com",
      "sam@home.example",
      "boss@example.com",
      "Staff engineer",
      "Paris",
      "involuntary",
      "performance",
      departure.external_id!,
      departure.id,
    ]) {
      expect(raw).not.toContain(secret);
    }
    for (const key of ["reason", "type", "regrettable", "eligibleForRehire", "email", "employeeEmail", "personalEmail", "jobTitle", "location"]) {
      expect(raw).not.toContain(`"${key}"`);
    }
  });

  it("bounds the inbox and says when there are more open tasks than it shows", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await leaverDeparture();
    for (let i = 0; i < 4; i += 1) await addTask(departure.id, { dueDate: day(i) });
    const inbox = await listInbox(testDb(), owner.id, { limit: 3, locale: "en" });
    expect(inbox.tasks).toHaveLength(3);
    expect(inbox.truncated).toBe(true);
    expect(inbox.tasks.map((t) => t.dueDate)).toEqual([day(0), day(1), day(2)]);
  });

  it("lists tasks of the person and their teams closed in the last 14 days", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await leaverDeparture();
    const recent = await addTask(departure.id, { title: "Closed yesterday" });
    const old = await addTask(departure.id, { title: "Closed a month ago" });
    const other = await addTask(departure.id, { title: "Payroll closed", team: "Payroll" });
    const db = testDb();
    await db.updateTable("departure_tasks").set({ status: "done", completed_at: new Date(Date.now() - 86_400_000) }).where("id", "in", [recent.id, other.id]).execute();
    await db.updateTable("departure_tasks").set({ status: "done", completed_at: new Date(Date.now() - 30 * 86_400_000) }).where("id", "=", old.id).execute();

    const { data } = await openInbox(await signIn(owner));
    expect(data.recentlyClosed.map((t) => t.title)).toEqual(["Closed yesterday"]);
  });

  it("shows an HR admin in the IT team the IT tasks and their own, with the same minimum of each departure", async () => {
    const admin = await createTeamMember(["IT"], { role: "hr_admin" });
    const departure = await leaverDeparture();
    await addTask(departure.id, { title: "IT task", team: "IT", dueDate: day(2) });
    await addTask(departure.id, { title: "Admin's own task", ownerUserId: admin.id, dueDate: day(3) });
    await addTask(departure.id, { title: "Payroll task", team: "Payroll", dueDate: day(4) });

    const response = await callLoader(loader, buildRequest("/tasks", { cookie: await signIn(admin) }));
    expect(response.status).toBe(200);
    const raw = await response.text();
    const data = JSON.parse(raw) as InboxData;

    expect(titles(data, "thisWeek")).toEqual(["IT task", "Admin's own task"]);
    expect(data.groups.thisWeek[0]!.departure).toEqual(minimumOfLeaverDeparture());
    for (const secret of ["sam.private@example.com", "sam@home.example", "involuntary", "performance", departure.id]) {
      expect(raw).not.toContain(secret);
    }
  });

  it("lets an HR admin complete a team task from the inbox", async () => {
    const admin = await createTeamMember(["IT"], { role: "hr_admin" });
    const departure = await leaverDeparture();
    const task = await addTask(departure.id, { title: "IT task", team: "IT" });

    const response = await callAction(action, buildRequest("/tasks", { cookie: await signIn(admin), form: { intent: "complete", taskId: task.id, note: "" } }));

    expect(response.status).toBe(302);
    expect(await findTask(task.id)).toMatchObject({ status: "done", completed_by: admin.id });
  });

  it("is for task owners and HR admins only: a leaver or an alumnus gets 403", async () => {
    for (const role of ["leaver", "alumnus"] as const) {
      const cookie = await signIn(await createUser({ role }));
      expect((await callLoader(loader, buildRequest("/tasks", { cookie }))).status, role).toBe(403);
      expect((await callAction(action, buildRequest("/tasks", { cookie, form: { intent: "complete", taskId: "x" } }))).status, role).toBe(403);
    }
  });
});

describe("the inbox's forms", () => {
  async function post(cookie: string, form: Record<string, string | string[]>) {
    return callAction(action, buildRequest("/tasks", { cookie, form }));
  }

  it("completes a task with a note and evidence link, then says so on the inbox", async () => {
    const owner = await createTeamMember(["IT"]);
    const cookie = await signIn(owner);
    const departure = await leaverDeparture();
    const task = await addTask(departure.id);

    const response = await post(cookie, {
      intent: "complete",
      taskId: task.id,
      note: "Done on Friday",
      evidenceUrl: "https://tickets.example.com/1",
    });

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/tasks?done=completed");
    expect(await findTask(task.id)).toMatchObject({ status: "done", completion_note: "Done on Friday", evidence_url: "https://tickets.example.com/1" });
    const { data } = await openInbox(cookie, "/tasks?done=completed");
    expect(data.notice).toEqual({ kind: "completed", count: 0, skipped: 0 });
  });

  it("ignores a notice or a count in the address that the page did not write", async () => {
    const owner = await createTeamMember(["IT"]);
    const cookie = await signIn(owner);
    expect((await openInbox(cookie, "/tasks?done=deleted&count=3")).data.notice).toBeNull();
    expect((await openInbox(cookie, "/tasks?done=bulk&count=-2&skipped=1.5")).data.notice).toEqual({ kind: "bulk", count: 0, skipped: 0 });
    expect((await openInbox(cookie, "/tasks?later=everything")).data.allLater).toBe(false);
  });

  it("answers 400 with the error beside the evidence field of that task's form", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await leaverDeparture();
    const task = await addTask(departure.id);

    const response = await post(await signIn(owner), { intent: "complete", taskId: task.id, evidenceUrl: "javascript:alert(1)" });

    expect(response.status).toBe(400);
    const body = (await response.json()) as { formId: string; result: { error: Record<string, string[]> } };
    expect(body.formId).toBe(`complete-${task.id}`);
    expect(body.result.error).toEqual({ evidenceUrl: ["Enter a full web address starting with https:// or http://."] });
    expect((await findTask(task.id)).status).toBe("open");
  });

  it("answers 400 in French to a French-speaking owner", async () => {
    const owner = await createTeamMember(["IT"], { locale: "fr" });
    const departure = await leaverDeparture();
    const task = await addTask(departure.id);
    const response = await post(await signIn(owner), { intent: "notApplicable", taskId: task.id, reason: "" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.reason).toEqual(["Indiquez pourquoi cette tâche ne s’applique pas."]);
  });

  it("answers 404 for another team's task", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await leaverDeparture();
    const task = await addTask(departure.id, { team: "Payroll" });
    const response = await post(await signIn(owner), { intent: "complete", taskId: task.id });
    expect(response.status).toBe(404);
    expect((await findTask(task.id)).status).toBe("open");
  });

  it("answers 409 on the form for a task of a cancelled departure", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await leaverDeparture();
    const task = await addTask(departure.id);
    await cancelDeparture(departure.id, { actorUserId: null });
    const response = await post(await signIn(owner), { intent: "complete", taskId: task.id });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error[""]).toEqual(["This departure was cancelled: its tasks can no longer be changed."]);
  });

  it("tells a French-speaking owner in French why the domain refused: a cancelled departure, an assignee who cannot take tasks", async () => {
    const owner = await createTeamMember(["IT"], { locale: "fr" });
    const leaver = await createUser({ role: "leaver" });
    const open = await addTask((await makeBareDeparture()).id);
    const cancelled = await leaverDeparture();
    const frozen = await addTask(cancelled.id);
    await cancelDeparture(cancelled.id, { actorUserId: null });
    const cookie = await signIn(owner);

    const refused = await post(cookie, { intent: "complete", taskId: frozen.id });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual([
      "Ce départ a été annulé : ses tâches ne peuvent plus être modifiées.",
    ]);

    const invalid = await post(cookie, { intent: "reassign", taskId: open.id, assignee: `user:${leaver.id}` });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { result: { error: Record<string, string[]> } }).result.error.assignee).toEqual([
      "Cette personne ou cette équipe ne peut plus recevoir de tâches. Choisissez-en une autre.",
    ]);
  });

  it("marks a task not applicable and reassigns another", async () => {
    const owner = await createTeamMember(["IT"]);
    const cookie = await signIn(owner);
    const departure = await leaverDeparture();
    const first = await addTask(departure.id);
    const second = await addTask(departure.id);

    const na = await post(cookie, { intent: "notApplicable", taskId: first.id, reason: "No laptop issued." });
    expect(na.headers.get("Location")).toBe("/tasks?done=notApplicable");
    const moved = await post(cookie, { intent: "reassign", taskId: second.id, assignee: `team:${await teamId("Facilities")}` });
    expect(moved.headers.get("Location")).toBe("/tasks?done=reassigned");

    expect(await findTask(first.id)).toMatchObject({ status: "not_applicable", not_applicable_reason: "No laptop issued." });
    expect((await findTask(second.id)).owner_team_id).toBe(await teamId("Facilities"));
  });

  it("completes the ticked tasks from the bulk form and reports the count", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await leaverDeparture();
    const a = await addTask(departure.id);
    const b = await addTask(departure.id);
    const untouched = await addTask(departure.id);

    const response = await post(await signIn(owner), { intent: "bulkComplete", taskIds: [a.id, b.id], note: "" });

    expect(response.headers.get("Location")).toBe("/tasks?done=bulk&count=2");
    expect((await findTask(a.id)).status).toBe("done");
    expect((await findTask(b.id)).status).toBe("done");
    expect((await findTask(untouched.id)).status).toBe("open");
  });

  it("answers 400 to a bulk form with nothing ticked", async () => {
    const owner = await createTeamMember(["IT"]);
    const response = await post(await signIn(owner), { intent: "bulkComplete" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { formId: string; result: { error: Record<string, string[]> } };
    expect(body).toMatchObject({ formId: "bulk", result: { error: { taskIds: ["Tick at least one task to complete."] } } });
  });

  it("answers 400 to an unknown intent", async () => {
    const owner = await createTeamMember(["IT"]);
    const response = await post(await signIn(owner), { intent: "delete" });
    expect(response.status).toBe(400);
  });
});

describe("the inbox's later tasks", () => {
  /** More later tasks than the page shows at first, each due a day after the other, and one due this week. */
  async function ownerWithManyLaterTasks(count: number) {
    const owner = await createTeamMember(["IT"]);
    const departure = await leaverDeparture({ lastDay: day(count + 30), terminationDate: day(count + 60) });
    await addTask(departure.id, { title: "Due tomorrow", dueDate: day(1) });
    for (let index = 1; index <= count; index++) {
      await addTask(departure.id, { title: `Later ${String(index).padStart(2, "0")}`, dueDate: day(7 + index) });
    }
    return owner;
  }

  it(`shows the ${LATER_PREVIEW} due soonest and counts them all, leaving the other groups whole`, async () => {
    const owner = await ownerWithManyLaterTasks(LATER_PREVIEW + 7);

    const { data } = await openInbox(await signIn(owner));

    expect(titles(data, "later")).toEqual(Array.from({ length: LATER_PREVIEW }, (_, i) => `Later ${String(i + 1).padStart(2, "0")}`));
    expect(data.laterTotal).toBe(LATER_PREVIEW + 7);
    expect(data.allLater).toBe(false);
    expect(titles(data, "thisWeek")).toEqual(["Due tomorrow"]);
    expect(data.total).toBe(LATER_PREVIEW + 8);
  });

  it("shows every later task when the address asks for all of them", async () => {
    const owner = await ownerWithManyLaterTasks(LATER_PREVIEW + 7);

    const { data } = await openInbox(await signIn(owner), "/tasks?later=all");

    expect(titles(data, "later")).toHaveLength(LATER_PREVIEW + 7);
    expect(data.laterTotal).toBe(LATER_PREVIEW + 7);
    expect(data.allLater).toBe(true);
  });

  it("keeps every later task shown after an action taken from the full list", async () => {
    const owner = await ownerWithManyLaterTasks(LATER_PREVIEW + 1);
    const cookie = await signIn(owner);
    const { data } = await openInbox(cookie, "/tasks?later=all");
    const last = data.groups.later.at(-1)!;

    // Forms post to the page's own address, query string included.
    const response = await callAction(action, buildRequest("/tasks?index&later=all", { cookie, form: { intent: "complete", taskId: last.id, note: "" } }));

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/tasks?done=completed&later=all");
    expect((await findTask(last.id)).status).toBe("done");
  });
});
