import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import * as indexRoute from "~/routes/admin.settings._index";
import * as templatesRoute from "~/routes/admin.settings.templates._index";
import * as templateRoute from "~/routes/admin.settings.templates.$templateId._index";
import * as templateTaskRoute from "~/routes/admin.settings.templates.$templateId.tasks.$taskId";
import * as templateDeleteRoute from "~/routes/admin.settings.templates.$templateId.delete";
import * as departmentsRoute from "~/routes/admin.settings.departments._index";
import * as departmentRoute from "~/routes/admin.settings.departments.$departmentId";
import * as reasonsRoute from "~/routes/admin.settings.reasons._index";
import * as reasonRoute from "~/routes/admin.settings.reasons.$reasonId";
import * as holidaysRoute from "~/routes/admin.settings.holidays";
import * as departureDatesRoute from "~/routes/admin.settings.departure-dates";
import * as teamsRoute from "~/routes/admin.settings.teams._index";
import * as teamRoute from "~/routes/admin.settings.teams.$teamId";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { createUser, installOffboardingDefaults, signIn, teamId } from "../../factories";

useTestDatabase();

interface Page {
  path: string;
  params: Record<string, string>;
  loader: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
  form?: Record<string, string>;
}

/** Every settings page with real ids, and a form that would change something if it were allowed. */
async function pages(): Promise<Page[]> {
  const db = testDb();
  const template = await db.selectFrom("checklist_templates").select("id").where("name_en", "=", "Announcement").executeTakeFirstOrThrow();
  const task = await db.selectFrom("checklist_template_tasks").select("id").where("template_id", "=", template.id).executeTakeFirstOrThrow();
  const root = await db.selectFrom("departments").select("id").executeTakeFirstOrThrow();
  const reason = await db.selectFrom("departure_reasons").select("id").where("code", "=", "other").executeTakeFirstOrThrow();
  const it = await teamId("IT");
  return [
    { path: "/admin/settings", params: {}, loader: indexRoute.loader },
    { path: "/admin/settings/templates", params: {}, loader: templatesRoute.loader },
    {
      path: `/admin/settings/templates/${template.id}`,
      params: { templateId: template.id },
      loader: templateRoute.loader,
      action: templateRoute.action,
      form: { intent: "set-active", active: "false" },
    },
    {
      path: `/admin/settings/templates/${template.id}/tasks/${task.id}`,
      params: { templateId: template.id, taskId: task.id },
      loader: templateTaskRoute.loader,
      action: templateTaskRoute.action,
      form: { titleEn: "Hijacked", titleFr: "Détourné", category: "other", ownerTeamId: it, anchor: "last_day", offsetBusinessDays: "0" },
    },
    {
      path: `/admin/settings/templates/${template.id}/delete`,
      params: { templateId: template.id },
      loader: templateDeleteRoute.loader,
      action: templateDeleteRoute.action,
      form: { confirm: "yes" },
    },
    { path: "/admin/settings/departments", params: {}, loader: departmentsRoute.loader, action: departmentsRoute.action, form: { intent: "create", name: "Shadow", parentId: root.id } },
    { path: `/admin/settings/departments/${root.id}`, params: { departmentId: root.id }, loader: departmentRoute.loader, action: departmentRoute.action, form: { intent: "rename", name: "Hijacked" } },
    { path: "/admin/settings/reasons", params: {}, loader: reasonsRoute.loader, action: reasonsRoute.action, form: { intent: "delete", reasonId: reason.id } },
    { path: `/admin/settings/reasons/${reason.id}`, params: { reasonId: reason.id }, loader: reasonRoute.loader, action: reasonRoute.action, form: { labelEn: "X", labelFr: "X" } },
    { path: "/admin/settings/holidays", params: {}, loader: holidaysRoute.loader, action: holidaysRoute.action, form: { intent: "add", day: "2026-12-24", name: "Eve" } },
    { path: "/admin/settings/departure-dates", params: {}, loader: departureDatesRoute.loader, action: departureDatesRoute.action, form: { pastDays: "3650", futureDays: "3650" } },
    { path: "/admin/settings/teams", params: {}, loader: teamsRoute.loader, action: teamsRoute.action, form: { name: "Shadow team" } },
    { path: `/admin/settings/teams/${it}`, params: { teamId: it }, loader: teamRoute.loader, action: teamRoute.action, form: { intent: "rename", name: "Hijacked" } },
  ];
}

/** A fingerprint of everything the settings pages can change. */
async function settingsState() {
  const db = testDb();
  return JSON.stringify(
    await Promise.all([
      db.selectFrom("checklist_templates").select(["id", "name_en", "name_fr", "active"]).orderBy("id").execute(),
      db.selectFrom("checklist_template_tasks").select(["id", "title_en", "title_fr"]).orderBy("id").execute(),
      db.selectFrom("departments").select(["id", "name"]).orderBy("id").execute(),
      db.selectFrom("departure_reasons").select(["id", "label_en"]).orderBy("id").execute(),
      db.selectFrom("company_holidays").selectAll().execute(),
      db.selectFrom("departure_date_settings").select(["past_days", "future_days"]).execute(),
      db.selectFrom("teams").select(["id", "name"]).orderBy("id").execute(),
    ]),
  );
}

beforeEach(async () => {
  await installOffboardingDefaults();
});

describe("who may open the settings", () => {
  it("gives every settings page to HR admins", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    for (const page of await pages()) {
      const response = await callLoader(page.loader, buildRequest(page.path, { cookie }), page.params);
      expect({ path: page.path, status: response.status }).toEqual({ path: page.path, status: 200 });
    }
  });

  it("answers 403 to a task owner, on every page and every form, and changes nothing", async () => {
    const cookie = await signIn(await createUser({ role: "task_owner" }));
    const before = await settingsState();
    for (const page of await pages()) {
      const loaded = await callLoader(page.loader, buildRequest(page.path, { cookie }), page.params);
      expect({ path: page.path, status: loaded.status }).toEqual({ path: page.path, status: 403 });
      if (page.action) {
        const posted = await callAction(page.action, buildRequest(page.path, { form: page.form, cookie }), page.params);
        expect({ path: page.path, status: posted.status }).toEqual({ path: page.path, status: 403 });
      }
    }
    expect(await settingsState()).toBe(before);
    expect(await testDb().selectFrom("audit_log").selectAll().execute()).toEqual([]);
  });

  it("answers 403 to leavers and alumni too", async () => {
    for (const role of ["leaver", "alumnus"] as const) {
      const cookie = await signIn(await createUser({ role }));
      const response = await callLoader(templatesRoute.loader, buildRequest("/admin/settings/templates", { cookie }));
      expect(response.status).toBe(403);
    }
  });

  it("sends an anonymous visitor to sign in and back, and changes nothing", async () => {
    const before = await settingsState();
    for (const page of await pages()) {
      const loaded = await callLoader(page.loader, buildRequest(page.path), page.params);
      expect(loaded.status).toBe(302);
      expect(loaded.headers.get("Location")).toBe(`/login?${new URLSearchParams({ redirectTo: page.path })}`);
      if (page.action) {
        const posted = await callAction(page.action, buildRequest(page.path, { form: page.form }), page.params);
        expect(posted.status).toBe(302);
        expect(posted.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
      }
    }
    expect(await settingsState()).toBe(before);
  });
});
