import enOffboarding from "~/locales/en/offboarding.json";
import enSettings from "~/locales/en/settings.json";
import enFailures from "~/locales/en/failures.json";
import * as listRoute from "~/routes/admin.settings.templates._index";
import * as templateRoute from "~/routes/admin.settings.templates.$templateId._index";
import * as taskRoute from "~/routes/admin.settings.templates.$templateId.tasks.$taskId";
import * as deleteRoute from "~/routes/admin.settings.templates.$templateId.delete";
import { listDepartureTasks } from "~/modules/offboarding/departures.server";
import type { User } from "~/modules/auth/users.server";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { createUser, installOffboardingDefaults, makeDeparture, signIn, teamId } from "../../factories";

useTestDatabase();

let admin: User;
let cookie: string;

beforeEach(async () => {
  await installOffboardingDefaults();
  admin = await createUser({ role: "hr_admin" });
  cookie = await signIn(admin);
});

type Reply = { result: { status?: string; error?: Record<string, string[]> } };

async function errorsOf(response: Response): Promise<Record<string, string[]>> {
  return ((await response.json()) as Reply).result.error ?? {};
}

async function templateNamed(name: string) {
  return testDb().selectFrom("checklist_templates").selectAll().where("name_en", "=", name).executeTakeFirstOrThrow();
}

async function tasksOf(templateId: string) {
  return testDb().selectFrom("checklist_template_tasks").selectAll().where("template_id", "=", templateId).orderBy("position").execute();
}

async function auditActions() {
  return (await testDb().selectFrom("audit_log").select("action").orderBy("created_at").execute()).map((row) => row.action);
}

function postTemplate(templateId: string, form: Record<string, string | string[]>) {
  return callAction(
    templateRoute.action,
    buildRequest(`/admin/settings/templates/${templateId}`, { form, cookie }),
    { templateId },
  );
}

function postTask(templateId: string, taskId: string, form: Record<string, string>) {
  return callAction(
    taskRoute.action,
    buildRequest(`/admin/settings/templates/${templateId}/tasks/${taskId}`, { form, cookie }),
    { templateId, taskId },
  );
}

const aTask = (overrides: Record<string, string> = {}) => ({
  titleEn: "Revoke the parking permit",
  titleFr: "Révoquer le badge de parking",
  descriptionEn: "",
  descriptionFr: "",
  category: "access",
  ownerTeamId: "",
  ownerUserId: "",
  anchor: "last_day",
  offsetBusinessDays: "-3",
  ...overrides,
});

describe("the list of templates", () => {
  it("shows each template with its conditions and its number of tasks", async () => {
    const response = await callLoader(listRoute.loader, buildRequest("/admin/settings/templates", { cookie }));
    expect(response.status).toBe(200);
    const { templates } = (await response.json()) as {
      templates: { name: { en: string; fr: string }; taskCount: number; active: boolean; conditions: { departure_types: string[] } }[];
    };
    expect(templates.map((t) => [t.name.en, t.taskCount])).toEqual([
      ["Access revocation", 4],
      ["Announcement", 2],
      ["Equipment return", 3],
      ["Knowledge transfer", 2],
      ["Payroll and benefits", 3],
    ]);
    expect(templates.find((t) => t.name.en === "Knowledge transfer")?.conditions.departure_types).toEqual(["voluntary", "retirement", "end_of_contract"]);
  });
});

describe("creating and editing a template", () => {
  it("creates a template with normalised conditions and records it in the audit log", async () => {
    const engineering = await testDb()
      .insertInto("departments")
      .values({ name: "Engineering", parent_id: (await testDb().selectFrom("departments").select("id").executeTakeFirstOrThrow()).id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const response = await postTemplate("new", {
      nameEn: "  Remote engineers ",
      nameFr: "Ingénieurs à distance",
      descriptionEn: "Ship the laptop back.",
      descriptionFr: "Renvoyer l’ordinateur portable.",
      active: "on",
      departureTypes: ["voluntary", "involuntary"],
      departmentId: engineering.id,
      locations: " Remote,  home office , remote",
    });
    expect(response.status).toBe(302);
    const template = await templateNamed("Remote engineers");
    expect(response.headers.get("Location")).toBe(`/admin/settings/templates/${template.id}?notice=created`);
    expect(template).toMatchObject({
      name_fr: "Ingénieurs à distance",
      description_en: "Ship the laptop back.",
      description_fr: "Renvoyer l’ordinateur portable.",
      active: true,
      departure_types: ["voluntary", "involuntary"],
      department_id: engineering.id,
      locations: ["Remote", "home office"],
    });
    expect(await auditActions()).toEqual(["template.created"]);
  });

  it("answers 400 naming the field when the name is missing or a type is unknown", async () => {
    const response = await postTemplate("new", { nameEn: " ", nameFr: "Congé", departureTypes: ["voluntary", "sabbatical"] });
    expect(response.status).toBe(400);
    const errors = await errorsOf(response);
    expect(errors.nameEn).toEqual(["Enter the name in English."]);
    expect(Object.keys(errors).some((key) => key.startsWith("departureTypes"))).toBe(true);
  });

  it("refuses a department that does not exist, beside the field", async () => {
    const response = await postTemplate("new", { nameEn: "Ghost", nameFr: "Fantôme", departmentId: "00000000-0000-4000-8000-000000000000" });
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).departmentId).toEqual([enSettings.validation.departmentInvalid]);
  });

  it("saves the conditions and deactivates a template", async () => {
    const template = await templateNamed("Announcement");
    const response = await postTemplate(template.id, { intent: "save", nameEn: "Announcement", nameFr: "Annonce du départ", descriptionEn: "", departureTypes: "retirement" });
    expect(response.status).toBe(302);
    expect(await templateNamed("Announcement")).toMatchObject({ active: false, departure_types: ["retirement"], locations: [] });
    expect(await auditActions()).toEqual(["template.deactivated"]);
  });

  it("deactivates and reactivates with one button, without touching the conditions", async () => {
    const template = await templateNamed("Knowledge transfer");
    expect((await postTemplate(template.id, { intent: "set-active", active: "false" })).headers.get("Location")).toMatch(/notice=deactivated$/);
    expect(await templateNamed("Knowledge transfer")).toMatchObject({ active: false, departure_types: ["voluntary", "retirement", "end_of_contract"] });
    await postTemplate(template.id, { intent: "set-active", active: "true" });
    expect((await templateNamed("Knowledge transfer")).active).toBe(true);
    expect(await auditActions()).toEqual(["template.deactivated", "template.activated"]);
  });

  it("answers 404 for a template that does not exist or an id that is not one", async () => {
    for (const templateId of ["00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      const loaded = await callLoader(templateRoute.loader, buildRequest(`/admin/settings/templates/${templateId}`, { cookie }), { templateId });
      expect(loaded.status).toBe(404);
      const posted = await postTemplate(templateId, { intent: "save", nameEn: "x", nameFr: "x" });
      expect(posted.status).toBe(404);
    }
  });
});

describe("a template's tasks", () => {
  it("adds a task owned by a team at the end, and the next departure gets it with its due date", async () => {
    const template = await templateNamed("Equipment return");
    const facilities = await teamId("Facilities");
    const response = await postTask(template.id, "new", aTask({ ownerTeamId: facilities, beforeLastDay: "on" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/settings/templates/${template.id}?notice=taskAdded`);
    const tasks = await tasksOf(template.id);
    expect(tasks.at(-1)).toMatchObject({
      title_en: "Revoke the parking permit",
      title_fr: "Révoquer le badge de parking",
      owner_team_id: facilities,
      owner_user_id: null,
      offset_business_days: -3,
      before_last_day: true,
      position: 3,
    });
    const { tasks: departureTasks } = await makeDeparture({ lastDay: "2026-12-18" });
    expect(departureTasks.find((task) => task.title_en === "Revoke the parking permit")).toMatchObject({
      title_fr: "Révoquer le badge de parking",
      due_date: "2026-12-15",
      owner_team_id: facilities,
    });
    expect(await auditActions()).toContain("template.task_added");
  });

  it("lets a named task owner or HR admin own a task", async () => {
    const template = await templateNamed("Equipment return");
    const owner = await createUser({ role: "task_owner" });
    expect((await postTask(template.id, "new", aTask({ ownerUserId: owner.id }))).status).toBe(302);
    expect((await tasksOf(template.id)).at(-1)).toMatchObject({ owner_user_id: owner.id, owner_team_id: null });
  });

  it("refuses a task with both a person and a team, or with neither", async () => {
    const template = await templateNamed("Equipment return");
    const owner = await createUser({ role: "task_owner" });
    const both = await postTask(template.id, "new", aTask({ ownerUserId: owner.id, ownerTeamId: await teamId("IT") }));
    expect(both.status).toBe(400);
    expect((await errorsOf(both)).ownerUserId).toEqual([enOffboarding.validation.ownerMissing]);
    const neither = await postTask(template.id, "new", aTask());
    expect(neither.status).toBe(400);
    expect((await errorsOf(neither)).ownerUserId).toEqual([enOffboarding.validation.ownerMissing]);
    expect(await tasksOf(template.id)).toHaveLength(3);
  });

  it("refuses a leaver as owner, and a team that does not exist", async () => {
    const template = await templateNamed("Equipment return");
    const leaver = await createUser({ role: "leaver" });
    const person = await postTask(template.id, "new", aTask({ ownerUserId: leaver.id }));
    expect(person.status).toBe(400);
    expect((await errorsOf(person)).ownerUserId).toEqual([enFailures.template.ownerUserInvalid]);
    const team = await postTask(template.id, "new", aTask({ ownerTeamId: "00000000-0000-4000-8000-000000000000" }));
    expect(team.status).toBe(400);
    expect((await errorsOf(team)).ownerTeamId).toEqual([enFailures.template.ownerTeamInvalid]);
  });

  it("refuses an offset that is not a whole number of business days within a year", async () => {
    const template = await templateNamed("Equipment return");
    const it = await teamId("IT");
    for (const offset of ["abc", "1.5", "300", ""]) {
      const response = await postTask(template.id, "new", aTask({ ownerTeamId: it, offsetBusinessDays: offset }));
      expect(response.status).toBe(400);
      expect((await errorsOf(response)).offsetBusinessDays).toEqual([enOffboarding.validation.offsetInvalid]);
    }
  });

  it("answers 400 naming the field for a crafted unknown category or anchor", async () => {
    const template = await templateNamed("Equipment return");
    const response = await postTask(template.id, "new", aTask({ ownerTeamId: await teamId("IT"), category: "snacks", anchor: "birthday" }));
    expect(response.status).toBe(400);
    const errors = await errorsOf(response);
    expect(errors.category).toEqual([enOffboarding.validation.categoryInvalid]);
    expect(errors.anchor).toEqual([enOffboarding.validation.anchorInvalid]);
  });

  it("answers 404 for a task of another template or one that does not exist", async () => {
    const equipment = await templateNamed("Equipment return");
    const payroll = await templateNamed("Payroll and benefits");
    const [payrollTask] = await tasksOf(payroll.id);
    const crossed = await postTask(equipment.id, payrollTask!.id, aTask({ ownerTeamId: await teamId("IT") }));
    expect(crossed.status).toBe(404);
    const loaded = await callLoader(
      taskRoute.loader,
      buildRequest(`/admin/settings/templates/${equipment.id}/tasks/00000000-0000-4000-8000-000000000000`, { cookie }),
      { templateId: equipment.id, taskId: "00000000-0000-4000-8000-000000000000" },
    );
    expect(loaded.status).toBe(404);
  });

  it("editing a template's task leaves the tasks already created for departures exactly as they were", async () => {
    const { departure } = await makeDeparture({ lastDay: "2026-12-18" });
    const before = await listDepartureTasks(testDb(), departure.id);
    const template = await templateNamed("Access revocation");
    const [first, second] = await tasksOf(template.id);

    const edited = await postTask(template.id, first!.id, aTask({ titleEn: "Plan the account shutdown", ownerUserId: admin.id, offsetBusinessDays: "-5", category: "other" }));
    expect(edited.status).toBe(302);
    expect(await postTask(template.id, "new", aTask({ ownerTeamId: await teamId("IT") }))).toHaveProperty("status", 302);
    expect((await postTemplate(template.id, { intent: "remove-task", taskId: second!.id })).status).toBe(302);
    await postTemplate(template.id, { intent: "save", nameEn: "Access revocation (v2)", nameFr: "Suppression des accès (v2)", active: "on", departureTypes: "involuntary" });

    const after = await listDepartureTasks(testDb(), departure.id);
    const comparable = (tasks: typeof before) => tasks.map(({ template_task_id: _ignored, updated_at: _u, ...rest }) => rest);
    expect(comparable(after)).toEqual(comparable(before));
    expect(after).toHaveLength(before.length);

    // The next departure gets the edited definition.
    const { tasks: next } = await makeDeparture({ lastDay: "2026-12-18", type: "involuntary" });
    expect(next.find((task) => task.title_en === "Plan the account shutdown")).toMatchObject({ due_date: "2026-12-11", owner_user_id: admin.id, category: "other" });
    expect(next.some((task) => task.title_en === second!.title_en)).toBe(false);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(["template.task_updated", "template.task_added", "template.task_removed", "template.updated"]),
    );
  });

  it("moves tasks up and down without JavaScript, and ignores a move past either end", async () => {
    const template = await templateNamed("Access revocation");
    const original = (await tasksOf(template.id)).map((task) => task.id);
    const moved = await postTemplate(template.id, { intent: "move", taskId: original[2]!, direction: "up" });
    expect(moved.headers.get("Location")).toBe(`/admin/settings/templates/${template.id}?notice=taskMoved`);
    expect((await tasksOf(template.id)).map((task) => task.id)).toEqual([original[0], original[2], original[1], original[3]]);
    await postTemplate(template.id, { intent: "move", taskId: original[0]!, direction: "up" });
    await postTemplate(template.id, { intent: "move", taskId: original[0]!, direction: "down" });
    expect((await tasksOf(template.id)).map((task) => [task.id, task.position])).toEqual([
      [original[2], 0],
      [original[0], 1],
      [original[1], 2],
      [original[3], 3],
    ]);
    const sideways = await postTemplate(template.id, { intent: "move", taskId: original[0]!, direction: "sideways" });
    expect(sideways.status).toBe(400);
  });

  it("shows each task's rule and owner on the template page", async () => {
    const template = await templateNamed("Access revocation");
    const response = await callLoader(templateRoute.loader, buildRequest(`/admin/settings/templates/${template.id}`, { cookie }), { templateId: template.id });
    const data = (await response.json()) as {
      template: { departureCount: number; tasks: { title: { en: string; fr: string }; ownerName: string; ownerIsTeam: boolean; offset_business_days: number }[] };
    };
    expect(data.template.tasks[0]).toMatchObject({
      title: { en: "Schedule account deactivation for the last day", fr: "Programmer la désactivation des comptes pour le dernier jour" },
      ownerName: "IT", ownerIsTeam: true, offset_business_days: -2 });
    expect(data.template.departureCount).toBe(0);
  });
});

describe("deleting a template", () => {
  it("deletes an unused template after confirmation", async () => {
    const template = await templateNamed("Announcement");
    const response = await callAction(
      deleteRoute.action,
      buildRequest(`/admin/settings/templates/${template.id}/delete`, { form: { confirm: "yes" }, cookie }),
      { templateId: template.id },
    );
    expect(response.headers.get("Location")).toBe("/admin/settings/templates?notice=deleted");
    expect(await testDb().selectFrom("checklist_templates").select("id").where("id", "=", template.id).execute()).toEqual([]);
    expect(await auditActions()).toEqual(["template.deleted"]);
  });

  it("refuses to delete a template a departure used, and says to deactivate it", async () => {
    await makeDeparture();
    const template = await templateNamed("Announcement");
    const response = await callAction(
      deleteRoute.action,
      buildRequest(`/admin/settings/templates/${template.id}/delete`, { form: { confirm: "yes" }, cookie }),
      { templateId: template.id },
    );
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[""]).toEqual(["This template cannot be deleted: 1 departure has tasks from it. Deactivate it instead."]);
    expect(await templateNamed("Announcement")).toBeTruthy();
  });

  it("does nothing without the confirmation field", async () => {
    const template = await templateNamed("Announcement");
    const response = await callAction(deleteRoute.action, buildRequest(`/admin/settings/templates/${template.id}/delete`, { form: {}, cookie }), {
      templateId: template.id,
    });
    expect(response.status).toBe(400);
    expect(await templateNamed("Announcement")).toBeTruthy();
  });
});
