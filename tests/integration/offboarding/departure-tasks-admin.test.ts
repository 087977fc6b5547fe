import { addDepartureTask, listTaskOwnerOptions, removeDepartureTask, updateDepartureTask } from "~/modules/offboarding/departure-tasks-admin.server";
import type { TaskDefinition } from "~/modules/offboarding/schemas";
import { testDb, useTestDatabase } from "../../support/database";
import { createUser, installOffboardingDefaults, makeDeparture, teamId } from "../../factories";

useTestDatabase();

beforeEach(async () => {
  await installOffboardingDefaults();
});

async function definition(overrides: Partial<TaskDefinition> = {}): Promise<TaskDefinition> {
  return {
    titleEn: "Return the parking card",
    titleFr: "Rendre la carte de parking",
    descriptionEn: "",
    descriptionFr: "",
    category: "equipment",
    ownerTeamId: await teamId("Facilities"),
    anchor: "last_day",
    offsetBusinessDays: 0,
    beforeLastDay: false,
    ...overrides,
  };
}

async function auditOf(action: string) {
  return testDb().selectFrom("audit_log").selectAll().where("action", "=", action).execute();
}

describe("adding a task to one departure", () => {
  it("dates it from the departure's anchor, skipping weekends and holidays, and puts it last", async () => {
    await testDb().insertInto("company_holidays").values({ day: "2026-12-17", name: "Company day" }).execute();
    const { departure, tasks } = await makeDeparture();
    const hr = await createUser({ role: "hr_admin" });

    const task = await addDepartureTask(departure.id, await definition({ offsetBusinessDays: -1 }), { actorUserId: hr.id });

    // Last day Friday 18 Dec; one business day before it is Wednesday 16 (17 is a holiday).
    expect(task).toMatchObject({ due_date: "2026-12-16", position: tasks.length, status: "open", template_task_id: null });
    const [audit] = await auditOf("departure.task_added");
    expect(audit).toMatchObject({ actor_user_id: hr.id, subject_type: "departure", subject_id: departure.id });
    expect(audit!.data).toMatchObject({ taskId: task.id, title: "Return the parking card", titleFr: "Rendre la carte de parking", changes: { due_date: [null, "2026-12-16"] } });
  });

  it("never dates a before-the-last-day task after the last day", async () => {
    const { departure } = await makeDeparture();
    const task = await addDepartureTask(departure.id, await definition({ anchor: "termination_date", offsetBusinessDays: 5, beforeLastDay: true }), {
      actorUserId: null,
    });
    expect(task.due_date).toBe("2026-12-18");
  });

  it("refuses an owner who cannot own tasks, and an unknown departure", async () => {
    const { departure } = await makeDeparture();
    const leaver = await createUser({ role: "leaver" });
    await expect(addDepartureTask(departure.id, await definition({ ownerTeamId: undefined, ownerUserId: leaver.id }), { actorUserId: null })).rejects.toMatchObject({
      kind: "invalid",
      failures: [{ code: "departureTask.ownerUnknown", field: "ownerUserId" }],
    });
    await expect(addDepartureTask("6f1c0c4e-1111-4111-8111-111111111111", await definition(), { actorUserId: null })).rejects.toMatchObject({
      kind: "notFound",
      code: "departure.notFound",
    });
    expect(await auditOf("departure.task_added")).toEqual([]);
  });
});

describe("editing a task of one departure", () => {
  it("re-dates an open task and records the fields that changed", async () => {
    const { departure, tasks } = await makeDeparture();
    const badge = tasks.find((task) => task.title_en === "Deactivate building badge")!;
    const { task, changed } = await updateDepartureTask(
      departure.id,
      badge.id,
      await definition({
        titleEn: "Deactivate badge",
        titleFr: "Désactiver le badge",
        category: "access",
        descriptionEn: "And the parking card",
        descriptionFr: "Et la carte de parking",
        offsetBusinessDays: 2,
      }),
      { actorUserId: null },
    );
    expect(changed).toBe(true);
    expect(task).toMatchObject({
      title_en: "Deactivate badge",
      title_fr: "Désactiver le badge",
      due_date: "2026-12-22",
      description_en: "And the parking card",
      description_fr: "Et la carte de parking",
    });
    const [audit] = await auditOf("departure.task_updated");
    expect(audit!.data).toEqual({
      taskId: badge.id,
      title: "Deactivate badge",
      titleFr: "Désactiver le badge",
      changes: {
        title_en: ["Deactivate building badge", "Deactivate badge"],
        title_fr: ["Désactiver le badge d’accès aux locaux", "Désactiver le badge"],
        offset_business_days: [0, 2],
        due_date: ["2026-12-18", "2026-12-22"],
        description: true,
      },
    });
  });

  it("keeps the due date of a finished task, and records nothing when nothing changed", async () => {
    const { departure, tasks } = await makeDeparture();
    const badge = tasks.find((task) => task.title_en === "Deactivate building badge")!;
    const titles = { titleEn: badge.title_en, titleFr: badge.title_fr };
    await testDb().updateTable("departure_tasks").set({ status: "done" }).where("id", "=", badge.id).execute();
    const { task } = await updateDepartureTask(departure.id, badge.id, await definition({ category: "access", ...titles, offsetBusinessDays: 3 }), {
      actorUserId: null,
    });
    expect(task.due_date).toBe("2026-12-18");

    const again = await updateDepartureTask(departure.id, badge.id, await definition({ category: "access", ...titles, offsetBusinessDays: 3 }), {
      actorUserId: null,
    });
    expect(again.changed).toBe(false);
    expect(await auditOf("departure.task_updated")).toHaveLength(1);
  });

  it("refuses a task of another departure", async () => {
    const { departure } = await makeDeparture();
    const { tasks: others } = await makeDeparture();
    await expect(updateDepartureTask(departure.id, others[0]!.id, await definition(), { actorUserId: null })).rejects.toMatchObject({ kind: "notFound", code: "departureTask.notFound" });
  });
});

describe("removing a task of one departure", () => {
  it("deletes it and records its title, refusing a task of another departure", async () => {
    const { departure, tasks } = await makeDeparture();
    const { tasks: others } = await makeDeparture();
    await removeDepartureTask(departure.id, tasks[0]!.id, { actorUserId: null });
    expect(await testDb().selectFrom("departure_tasks").select("id").where("id", "=", tasks[0]!.id).execute()).toEqual([]);
    const [audit] = await auditOf("departure.task_removed");
    expect(audit).toMatchObject({ subject_id: departure.id, data: { taskId: tasks[0]!.id, title: tasks[0]!.title_en, titleFr: tasks[0]!.title_fr, taskStatus: "open" } });

    await expect(removeDepartureTask(departure.id, others[0]!.id, { actorUserId: null })).rejects.toMatchObject({ kind: "notFound", code: "departureTask.notFound" });
    expect(await testDb().selectFrom("departure_tasks").select("id").where("id", "=", others[0]!.id).execute()).toHaveLength(1);
  });
});

describe("who can own a task", () => {
  it("offers every team and the staff accounts that are not disabled", async () => {
    await createUser({ role: "task_owner", name: "Ivan Torres" });
    await createUser({ role: "task_owner", name: "Gone Owner", status: "disabled" });
    await createUser({ role: "leaver", name: "Lea Leaver" });
    await createUser({ role: "hr_admin", name: "Hana Reyes" });
    const options = await listTaskOwnerOptions(testDb());
    expect(options.teams.map((team) => team.name)).toEqual(["Facilities", "IT", "Payroll", "People team"]);
    expect(options.people.map((person) => person.name)).toEqual(["Hana Reyes", "Ivan Torres"]);
  });
});

it("reports unknown owners as a validation error the forms can show", async () => {
  const { departure } = await makeDeparture();
  await expect(
    addDepartureTask(departure.id, await definition({ ownerTeamId: "6f1c0c4e-1111-4111-8111-111111111111" }), { actorUserId: null }),
  ).rejects.toMatchObject({ kind: "invalid", failures: [{ code: "departureTask.ownerUnknown", field: "ownerUserId" }] });
});
