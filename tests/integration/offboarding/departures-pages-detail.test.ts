import { recordAudit } from "~/modules/auth/audit.server";
import { loader as homeLoader } from "~/routes/admin._index";
import { action, loader } from "~/routes/admin.departures.$departureId/route";
import { action as taskAction, loader as taskLoader } from "~/routes/admin.departures.$departureId_.tasks.$taskId";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { createUser, installOffboardingDefaults, makeDeparture, signIn, teamId } from "../../factories";

useTestDatabase();

// The company's today for every page in this file: tasks due before it are overdue.
const TODAY = "2026-12-10";
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${TODAY}T12:00:00Z`) });
});
afterAll(() => {
  vi.useRealTimers();
});

let hr: Awaited<ReturnType<typeof createUser>>;
let hrCookie: string;
beforeEach(async () => {
  await installOffboardingDefaults();
  hr = await createUser({ role: "hr_admin", name: "Hana Reyes" });
  hrCookie = await signIn(hr);
});

async function detail(id: string, query = "", cookie = hrCookie) {
  const response = await callLoader(loader, buildRequest(`/admin/departures/${id}${query}`, { cookie }), { departureId: id });
  return { status: response.status, data: response.status === 200 ? await loaderData<typeof loader>(response) : null };
}

function post(id: string, form: Record<string, string>) {
  return callAction(action, buildRequest(`/admin/departures/${id}`, { cookie: hrCookie, form }), { departureId: id });
}

async function errorsOf(response: Response): Promise<Record<string, string[]>> {
  const body = (await response.json()) as { result: { error: Record<string, string[]> } };
  return body.result.error;
}

async function tasksOf(departureId: string) {
  return testDb().selectFrom("departure_tasks").selectAll().where("departure_id", "=", departureId).execute();
}

async function auditActions(departureId: string) {
  const rows = await testDb()
    .selectFrom("audit_log")
    .select(["action", "data", "actor_user_id"])
    .where("subject_id", "=", departureId)
    .orderBy("id")
    .execute();
  return rows;
}

describe("a departure's page", () => {
  it("shows progress (done + not applicable over all tasks), overdue tasks and the tasks grouped by category", async () => {
    const { departure, tasks } = await makeDeparture({ reasonCode: "career_growth" });
    const byTitle = (title: string) => tasks.find((task) => task.title_en === title)!;
    await testDb()
      .updateTable("departure_tasks")
      .set({ status: "done", completed_by: hr.id, completed_at: new Date(), completion_note: "Sent by courier" })
      .where("id", "=", byTitle("Send equipment return instructions").id)
      .execute();
    await testDb()
      .updateTable("departure_tasks")
      .set({ status: "not_applicable", not_applicable_reason: "No badge" })
      .where("id", "=", byTitle("Deactivate building badge").id)
      .execute();

    const { status, data } = await detail(departure.id);
    expect(status).toBe(200);
    expect(data!.departure).toMatchObject({ employeeName: departure.employee_name, departmentPath: "Engineering", reasonLabel: "Career growth elsewhere" });
    expect(data!.progress).toEqual({ total: 14, done: 1, notApplicable: 1, finished: 2, open: 12, overdue: 2, percent: 14 });
    expect(data!.groups.map((group) => [group.category, group.tasks.length])).toEqual([
      ["access", 4],
      ["equipment", 3],
      ["payroll_benefits", 3],
      ["knowledge_transfer", 2],
      ["communication", 2],
    ]);
    const all = data!.groups.flatMap((group) => group.tasks);
    expect(all.filter((task) => task.overdue).map((task) => task.title).sort()).toEqual([
      "Agree a handover plan with the manager",
      "Agree the announcement with the leaver",
    ]);
    expect(all.find((task) => task.title === "Collect laptop and phone")).toMatchObject({ beforeLastDay: true, owner: { kind: "team", name: "IT" } });
    // The default exit survey is active, so the new departure's invitation is planned.
    expect(data!.exitFlow).toMatchObject({ state: "scheduled" });
  });

  it("names the department by its path below the company root, and the root by its name", async () => {
    const insert = (name: string, parentId: string | null) =>
      testDb().insertInto("departments").values({ name, parent_id: parentId }).returning("id").executeTakeFirstOrThrow();
    // The one root of the tree (the company), as the defaults installed it.
    const top = await testDb().selectFrom("departments").select(["id", "name"]).where("parent_id", "is", null).executeTakeFirstOrThrow();
    const middle = await insert("Research", top.id);
    const leaf = await insert("Robotics", middle.id);
    await insert("Robotics", top.id); // the same name elsewhere in the tree is not mistaken for it
    const { departure } = await makeDeparture();
    await testDb().updateTable("departures").set({ department_id: leaf.id }).where("id", "=", departure.id).execute();
    expect((await detail(departure.id)).data!.departure.departmentPath).toBe("Research / Robotics");
    await testDb().updateTable("departures").set({ department_id: top.id }).where("id", "=", departure.id).execute();
    expect((await detail(departure.id)).data!.departure.departmentPath).toBe(top.name);
  });

  it("counts nothing as overdue on a cancelled departure", async () => {
    const { departure } = await makeDeparture();
    await testDb().updateTable("departures").set({ status: "cancelled" }).where("id", "=", departure.id).execute();
    const { data } = await detail(departure.id);
    expect(data!.progress.overdue).toBe(0);
  });

  it("marks for reassignment the open tasks of a person who is no longer staff, who gets no reminders about them", async () => {
    const { departure } = await makeDeparture();
    const db = testDb();
    const staff = await createUser({ role: "task_owner", name: "Still Here" });
    const alumnus = await createUser({ role: "task_owner", name: "Gone Since" });
    const closed = await createUser({ role: "task_owner", name: "Account Closed", status: "disabled" });
    await db.updateTable("users").set({ role: "alumnus" }).where("id", "=", alumnus.id).execute();
    const task = (title: string, owner: string, status: "open" | "done" = "open") =>
      db
        .insertInto("departure_tasks")
        .values({
          departure_id: departure.id,
          title_en: title,
          category: "other",
          owner_user_id: owner,
          anchor: "last_day",
          offset_business_days: 0,
          position: 100,
          due_date: "2026-12-20",
          status,
        })
        .execute();
    await task("Owned by staff", staff.id);
    await task("Owned by the alumnus", alumnus.id);
    await task("Done by the alumnus", alumnus.id, "done");
    await task("Owned by a closed account", closed.id);

    const { data } = await detail(departure.id);
    const all = data!.groups.flatMap((group) => group.tasks);
    expect(all.filter((t) => t.needsNewOwner).map((t) => t.title).sort()).toEqual(["Owned by a closed account", "Owned by the alumnus"]);
    // The owner's name stays: HR sees who had it.
    expect(all.find((t) => t.title === "Owned by the alumnus")?.owner).toMatchObject({ kind: "user", name: "Gone Since" });
    // Team tasks go to whoever is in the team now: never marked.
    expect(all.filter((t) => t.owner?.kind === "team").every((t) => !t.needsNewOwner)).toBe(true);
  });

  it("answers 404 for an id that is not a departure's, never 500", async () => {
    expect((await detail("not-a-uuid")).status).toBe(404);
    expect((await detail("6f1c0c4e-1111-4111-8111-111111111111")).status).toBe(404);
    const response = await post("6f1c0c4e-1111-4111-8111-111111111111", { intent: "cancel", confirm: "on" });
    expect(response.status).toBe(404);
  });

  it("answers 400 for a form it does not know", async () => {
    const { departure } = await makeDeparture();
    const response = await post(departure.id, { intent: "explode" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { formError: string }).formError).toMatch(/could not be recognised/);
  });
});

describe("changing dates and status from the page", () => {
  it("re-dates open tasks, keeps finished ones, says how many moved and records the change", async () => {
    const { departure, tasks } = await makeDeparture();
    const done = tasks.find((task) => task.title_en === "Disable accounts and revoke tokens")!;
    await testDb().updateTable("departure_tasks").set({ status: "done" }).where("id", "=", done.id).execute();

    const response = await post(departure.id, {
      intent: "update",
      noticeDate: "2026-12-01",
      lastDay: "2026-12-23",
      terminationDate: "2026-12-31",
      status: "in_progress",
    });
    expect(response.status).toBe(302);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/admin/departures/${departure.id}\\?notice=updated&redated=\\d+$`));
    const redated = Number(new URL(location, "http://x").searchParams.get("redated"));
    expect(redated).toBeGreaterThan(0);

    const after = new Map((await tasksOf(departure.id)).map((task) => [task.title_en, task]));
    expect(after.get("Disable accounts and revoke tokens")!.due_date).toBe(done.due_date);
    expect(after.get("Collect laptop and phone")!.due_date).toBe("2026-12-23");
    expect(after.get("Stop benefits and inform insurers")!.due_date).toBe("2026-12-31");

    const { data } = await detail(departure.id, location.split("?")[1] ? `?${location.split("?")[1]}` : "");
    expect(data!.notice).toEqual({ notice: "updated", redated });
    expect(data!.departure).toMatchObject({ lastDay: "2026-12-23", status: "in_progress" });
    const [latest] = data!.timeline;
    expect(latest).toMatchObject({ action: "departure.updated", actor: { kind: "user", name: "Hana Reyes" }, redatedTasks: redated });
    expect(latest!.changes).toEqual(
      expect.arrayContaining([
        { field: "last_day", from: "2026-12-18", to: "2026-12-23" },
        { field: "status", from: "planned", to: "in_progress" },
      ]),
    );
  });

  it("puts date errors beside the date fields", async () => {
    const { departure } = await makeDeparture();
    const response = await post(departure.id, { intent: "update", noticeDate: "2026-12-01", lastDay: "2026-12-18", terminationDate: "2026-12-10" });
    expect(response.status).toBe(400);
    expect(await errorsOf(response)).toEqual({
      terminationDate: ["The termination date cannot be before the last working day (Dec 18, 2026)."],
    });
    const invalid = await post(departure.id, { intent: "update", lastDay: "18/12/2026" });
    expect(invalid.status).toBe(400);
    expect((await errorsOf(invalid)).lastDay).toEqual(["Enter a date as YYYY-MM-DD, for example 2026-12-31."]);
  });

  it("explains a status change that is not allowed in the admin's words", async () => {
    const { departure } = await makeDeparture();
    await testDb().updateTable("departures").set({ status: "completed" }).where("id", "=", departure.id).execute();
    const response = await post(departure.id, { intent: "update", status: "planned" });
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).status).toEqual(["A departure that is Completed cannot become Planned."]);
  });
});

describe("cancelling a departure", () => {
  it("asks for the confirmation box, then cancels and records it", async () => {
    const { departure } = await makeDeparture();
    const unconfirmed = await post(departure.id, { intent: "cancel" });
    expect(unconfirmed.status).toBe(400);
    expect((await errorsOf(unconfirmed)).confirm).toEqual(["Tick the box to confirm the cancellation."]);
    expect((await testDb().selectFrom("departures").select("status").executeTakeFirstOrThrow()).status).toBe("planned");

    const confirmed = await post(departure.id, { intent: "cancel", confirm: "on" });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(`/admin/departures/${departure.id}?notice=cancelled`);
    expect((await testDb().selectFrom("departures").select("status").executeTakeFirstOrThrow()).status).toBe("cancelled");
    expect((await auditActions(departure.id)).map((row) => row.action)).toEqual(["departure.created", "departure.cancelled"]);
  });

  it("refuses to cancel a completed departure, beside the confirmation", async () => {
    const { departure } = await makeDeparture();
    await testDb().updateTable("departures").set({ status: "completed" }).where("id", "=", departure.id).execute();
    const response = await post(departure.id, { intent: "cancel", confirm: "on" });
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).confirm).toEqual(["A Completed departure cannot be cancelled."]);
  });
});

describe("changing one departure's tasks", () => {
  it("adds a task dated from the departure, owned by a team, and records it", async () => {
    const { departure } = await makeDeparture();
    const itTeam = await teamId("IT");
    const response = await post(departure.id, {
      intent: "addTask",
      titleEn: "Return the company car",
      titleFr: "Rendre la voiture de fonction",
      descriptionEn: "Keys and fuel card",
      descriptionFr: "Clés et carte carburant",
      category: "equipment",
      owner: `team:${itTeam}`,
      anchor: "last_day",
      offsetBusinessDays: "-1",
      beforeLastDay: "on",
    });
    expect(response.status).toBe(302);
    const added = (await tasksOf(departure.id)).find((task) => task.title_en === "Return the company car")!;
    expect(response.headers.get("Location")).toBe(`/admin/departures/${departure.id}?notice=taskAdded#task-${added.id}`);
    expect(added).toMatchObject({
      title_fr: "Rendre la voiture de fonction",
      description_en: "Keys and fuel card",
      description_fr: "Clés et carte carburant",
      category: "equipment",
      owner_team_id: itTeam,
      owner_user_id: null,
      due_date: "2026-12-17",
      before_last_day: true,
      status: "open",
      template_task_id: null,
    });
    const audit = (await auditActions(departure.id)).find((row) => row.action === "departure.task_added")!;
    expect(audit).toMatchObject({ actor_user_id: hr.id, data: { taskId: added.id, title: "Return the company car" } });

    const { data } = await detail(departure.id);
    expect(data!.timeline[0]).toMatchObject({ action: "departure.task_added", taskTitle: "Return the company car", actor: { name: "Hana Reyes" } });
  });

  it("names the fields of a task that cannot be added", async () => {
    const { departure } = await makeDeparture();
    const response = await post(departure.id, {
      intent: "addTask",
      titleEn: "Return the car",
      titleFr: "",
      category: "snacks",
      owner: "",
      anchor: "last_day",
      offsetBusinessDays: "1.5",
    });
    expect(response.status).toBe(400);
    const errors = await errorsOf(response);
    expect(Object.keys(errors).sort()).toEqual(["category", "offsetBusinessDays", "titleFr"]);
    expect(errors.titleFr).toEqual(["Enter the title in French."]);

    const noOwner = await post(departure.id, {
      intent: "addTask",
      titleEn: "Ok",
      titleFr: "D’accord",
      descriptionEn: "Keys",
      category: "other",
      owner: "",
      anchor: "last_day",
      offsetBusinessDays: "0",
    });
    expect(await errorsOf(noOwner)).toEqual({
      ownerUserId: ["Choose a person or a team to own this task."],
      descriptionFr: ["Fill in the description in French too, or leave both empty: every text exists in English and in French."],
    });
    const goneOwner = await post(departure.id, {
      intent: "addTask",
      titleEn: "Ok",
      titleFr: "D’accord",
      category: "other",
      owner: "user:6f1c0c4e-1111-4111-8111-111111111111",
      anchor: "last_day",
      offsetBusinessDays: "0",
    });
    expect(goneOwner.status).toBe(400);
    expect((await errorsOf(goneOwner)).ownerUserId).toEqual(["This owner does not exist any more. Choose another person or team."]);
    expect(await tasksOf(departure.id)).toHaveLength(14);
  });

  it("edits a task's definition from its page, re-dating it, and shows the change in the history", async () => {
    const { departure, tasks } = await makeDeparture();
    const task = tasks.find((candidate) => candidate.title_en === "Deactivate building badge")!;
    const owner = await createUser({ role: "task_owner", name: "Ivan Torres" });
    const params = { departureId: departure.id, taskId: task.id };

    const page = await callLoader(taskLoader, buildRequest(`/admin/departures/${departure.id}/tasks/${task.id}`, { cookie: hrCookie }), params);
    expect(page.status).toBe(200);
    expect(((await page.json()) as { task: { owner: unknown } }).task.owner).toEqual({ kind: "team", id: await teamId("Facilities") });

    const response = await callAction(
      taskAction,
      buildRequest(`/admin/departures/${departure.id}/tasks/${task.id}`, {
        cookie: hrCookie,
        form: {
          intent: "editTask",
          // A task id in the body cannot redirect the change to another task.
          taskId: tasks[0]!.id,
          titleEn: "Deactivate badge and parking card",
          titleFr: "Désactiver le badge et la carte de parking",
          descriptionEn: "",
          descriptionFr: "",
          category: "access",
          owner: `user:${owner.id}`,
          anchor: "last_day",
          offsetBusinessDays: "1",
        },
      }),
      params,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/departures/${departure.id}?notice=taskUpdated#task-${task.id}`);
    const after = (await tasksOf(departure.id)).find((candidate) => candidate.id === task.id)!;
    expect(after).toMatchObject({ title_en: "Deactivate badge and parking card", owner_user_id: owner.id, owner_team_id: null, due_date: "2026-12-21" });
    expect((await tasksOf(departure.id)).find((candidate) => candidate.id === tasks[0]!.id)!.title_en).toBe(tasks[0]!.title_en);

    const { data } = await detail(departure.id);
    expect(data!.timeline[0]).toMatchObject({ action: "departure.task_updated", taskTitle: "Deactivate badge and parking card" });
    expect(data!.timeline[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: "title_en", from: "Deactivate building badge", to: "Deactivate badge and parking card" },
        { field: "title_fr", from: "Désactiver le badge d’accès aux locaux", to: "Désactiver le badge et la carte de parking" },
        { field: "due_date", from: "2026-12-18", to: "2026-12-21" },
        { field: "owner", changed: true },
      ]),
    );
  });

  it("removes a task only once the box is ticked, and keeps a line about it in the history", async () => {
    const { departure, tasks } = await makeDeparture();
    const task = tasks.find((candidate) => candidate.title_en === "Wipe and re-image returned devices")!;
    const params = { departureId: departure.id, taskId: task.id };
    const path = `/admin/departures/${departure.id}/tasks/${task.id}`;

    const unconfirmed = await callAction(taskAction, buildRequest(path, { cookie: hrCookie, form: { intent: "removeTask" } }), params);
    expect(unconfirmed.status).toBe(400);
    expect((await errorsOf(unconfirmed)).confirm).toEqual(["Tick the box to confirm the removal."]);
    expect(await tasksOf(departure.id)).toHaveLength(14);

    const removed = await callAction(taskAction, buildRequest(path, { cookie: hrCookie, form: { intent: "removeTask", confirm: "on" } }), params);
    expect(removed.status).toBe(302);
    expect(removed.headers.get("Location")).toBe(`/admin/departures/${departure.id}?notice=taskRemoved#checklist`);
    expect((await tasksOf(departure.id)).map((candidate) => candidate.id)).not.toContain(task.id);

    const { data } = await detail(departure.id);
    expect(data!.progress.total).toBe(13);
    expect(data!.timeline[0]).toMatchObject({ action: "departure.task_removed", taskTitle: "Wipe and re-image returned devices" });

    // The task's page is gone too.
    const again = await callLoader(taskLoader, buildRequest(path, { cookie: hrCookie }), params);
    expect(again.status).toBe(404);
  });

  it("answers 404 for a task that belongs to another departure", async () => {
    const { departure } = await makeDeparture();
    const { tasks: others } = await makeDeparture();
    const params = { departureId: departure.id, taskId: others[0]!.id };
    const path = `/admin/departures/${departure.id}/tasks/${others[0]!.id}`;
    expect((await callLoader(taskLoader, buildRequest(path, { cookie: hrCookie }), params)).status).toBe(404);
    const response = await callAction(taskAction, buildRequest(path, { cookie: hrCookie, form: { intent: "removeTask", confirm: "on" } }), params);
    expect(response.status).toBe(404);
    // Through the departure page's own form, too.
    const direct = await post(departure.id, { intent: "removeTask", taskId: others[0]!.id, confirm: "on" });
    expect(direct.status).toBe(404);
    expect(await tasksOf(others[0]!.departure_id)).toHaveLength(14);
  });
});

describe("the departure's history", () => {
  it("names who acted, or the channel when no person did, newest first, including task owners' work", async () => {
    const { departure, tasks } = await makeDeparture({}, { source: "api" });
    const owner = await createUser({ role: "task_owner", name: "Priya Natarajan" });
    // As the task owner's inbox records a completion.
    await recordAudit(testDb(), {
      actorUserId: owner.id,
      action: "task.completed",
      subjectType: "departure",
      subjectId: departure.id,
      data: { taskId: tasks[0]!.id, taskTitle: tasks[0]!.title_en, withNote: true, withEvidence: false },
    });

    const { data } = await detail(departure.id);
    expect(data!.timeline.map((entry) => [entry.action, entry.actor])).toEqual([
      ["task.completed", { kind: "user", name: "Priya Natarajan" }],
      ["departure.created", { kind: "api" }],
    ]);
    expect(data!.timeline[0]!.taskTitle).toBe(tasks[0]!.title_en);
  });

  it("names tasks in the reader's language, and in English in entries written before tasks had a French title", async () => {
    const { departure, tasks } = await makeDeparture();
    const badge = tasks.find((task) => task.title_en === "Deactivate building badge")!;
    await recordAudit(testDb(), {
      actorUserId: hr.id,
      action: "task.completed",
      subjectType: "departure",
      subjectId: departure.id,
      data: { taskId: tasks[0]!.id, taskTitle: "An old entry", withNote: false, withEvidence: false },
    });
    await recordAudit(testDb(), {
      actorUserId: hr.id,
      action: "task.completed",
      subjectType: "departure",
      subjectId: departure.id,
      data: { taskId: badge.id, taskTitle: badge.title_en, taskTitleFr: badge.title_fr, withNote: false, withEvidence: false },
    });
    const french = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));

    const { data } = await detail(departure.id, "", french);
    expect(data!.timeline.slice(0, 2).map((entry) => entry.taskTitle)).toEqual(["Désactiver le badge d’accès aux locaux", "An old entry"]);
    const checklist = data!.groups.flatMap((group) => group.tasks).map((task) => task.title);
    expect(checklist).toContain("Désactiver le badge d’accès aux locaux");
    expect(checklist).not.toContain("Deactivate building badge");
    expect((await detail(departure.id)).data!.timeline[0]!.taskTitle).toBe("Deactivate building badge");
  });

  it("shows at most the last 100 entries", async () => {
    const { departure } = await makeDeparture();
    await testDb()
      .insertInto("audit_log")
      .values(
        Array.from({ length: 120 }, () => ({
          actor_user_id: hr.id,
          action: "departure.updated",
          subject_type: "departure",
          subject_id: departure.id,
          data: JSON.stringify({ changes: { status: ["planned", "in_progress"] } }),
        })),
      )
      .execute();
    const { data } = await detail(departure.id);
    expect(data!.timeline).toHaveLength(100);
  });
});

describe("HR's home page", () => {
  it("shows departures in progress, last days coming up and overdue tasks once there are departures", async () => {
    const empty = await callLoader(homeLoader, buildRequest("/admin", { cookie: hrCookie }));
    expect(((await empty.json()) as { overview: { departures: unknown } }).overview.departures).toEqual({
      total: 0,
      inProgress: 0,
      lastDaysSoon: 0,
      overdueTasks: 0,
    });

    await makeDeparture({ noticeDate: "2026-11-20", lastDay: "2026-12-18" }, { today: TODAY });
    await makeDeparture({ noticeDate: "2026-12-15", lastDay: "2027-03-01" }, { today: TODAY });
    const { departure: cancelled } = await makeDeparture({ lastDay: "2026-12-21" });
    await testDb().updateTable("departures").set({ status: "cancelled" }).where("id", "=", cancelled.id).execute();

    const response = await callLoader(homeLoader, buildRequest("/admin", { cookie: hrCookie }));
    const { overview } = (await response.json()) as { overview: { departures: unknown } };
    // Overdue: the first departure's three tasks due before 10 December (the cancelled one's do not count).
    expect(overview.departures).toEqual({ total: 3, inProgress: 1, lastDaysSoon: 1, overdueTasks: 3 });
  });
});
