import { action, loader } from "~/routes/tasks.preferences";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { createUser, signIn } from "../../factories";

useTestDatabase();

function userRow(id: string) {
  return testDb().selectFrom("users").select(["reminder_hour", "locale"]).where("id", "=", id).executeTakeFirstOrThrow();
}

describe("a task owner's reminder settings", () => {
  it("shows the current hour (08:00 by default), the language and the company's time zone", async () => {
    const owner = await createUser({ role: "task_owner" });
    const response = await callLoader(loader, buildRequest("/tasks/preferences", { cookie: await signIn(owner) }));
    expect(await response.json()).toEqual({ preferences: { reminderHour: 8, locale: "en" }, timeZone: "UTC", saved: false });
  });

  it("saves the hour and the language, remembers the language in the cookie, and audits the change", async () => {
    const owner = await createUser({ role: "task_owner" });
    const response = await callAction(
      action,
      buildRequest("/tasks/preferences", { cookie: await signIn(owner), form: { reminderHour: "17", locale: "fr" } }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/tasks/preferences?saved=1");
    expect(response.headers.get("Set-Cookie")).toMatch(/^lng=/);
    expect(await userRow(owner.id)).toEqual({ reminder_hour: 17, locale: "fr" });
    const audit = await testDb().selectFrom("audit_log").selectAll().where("action", "=", "tasks.reminder_preferences_updated").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: owner.id, subject_id: owner.id, data: { reminderHour: [8, 17], locale: ["en", "fr"] } });
  });

  it("refuses an hour outside 0–23 or a language it does not speak, naming the field", async () => {
    const owner = await createUser({ role: "task_owner" });
    const cookie = await signIn(owner);
    for (const form of [
      { reminderHour: "24", locale: "en" },
      { reminderHour: "7.5", locale: "en" },
      { reminderHour: "", locale: "en" },
    ]) {
      const response = await callAction(action, buildRequest("/tasks/preferences", { cookie, form }));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { result: { error: Record<string, string[]> } };
      expect(body.result.error.reminderHour).toEqual(["Choose an hour between 00:00 and 23:00."]);
    }
    const response = await callAction(action, buildRequest("/tasks/preferences", { cookie, form: { reminderHour: "9", locale: "de" } }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { result: { error: Record<string, string[]> } }).result.error.locale).toEqual(["Choose English or French."]);
    expect(await userRow(owner.id)).toEqual({ reminder_hour: 8, locale: "en" });
  });

  it("is for task owners and HR admins (who get digests for their teams' tasks), not for leavers or alumni", async () => {
    const admin = await createUser({ role: "hr_admin" });
    const page = await callLoader(loader, buildRequest("/tasks/preferences", { cookie: await signIn(admin) }));
    expect(page.status).toBe(200);
    for (const role of ["leaver", "alumnus"] as const) {
      const cookie = await signIn(await createUser({ role }));
      expect((await callLoader(loader, buildRequest("/tasks/preferences", { cookie }))).status).toBe(403);
      expect((await callAction(action, buildRequest("/tasks/preferences", { cookie, form: { reminderHour: "9", locale: "en" } }))).status).toBe(403);
    }
  });
});
