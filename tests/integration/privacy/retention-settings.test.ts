import enData from "~/locales/en/data.json";
import frData from "~/locales/fr/data.json";
import { getRetentionSettings, updateRetentionSettings } from "~/modules/privacy/privacy-settings.server";
import { DEFAULT_RETENTION_SETTINGS } from "~/modules/privacy/retention-settings";
import { action, loader } from "~/routes/admin.settings.privacy";
import { isDomainFailure } from "~/utils/failures";
import { createUser, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { actionData, buildRequest, callAction, callLoader, loaderData } from "../../support/remix";

/** HR's retention settings page: defaults, saving with an audit entry, errors naming the field in both languages. */

useTestDatabase();

const valid = { leaverErasureDays: "120", clickIpDays: "60", importFileDays: "14", exportArchiveDays: "5" };

function save(cookie: string, form: Record<string, string>) {
  return callAction(action, buildRequest("/admin/settings/privacy", { cookie, form }));
}

describe("retention settings", () => {
  it("show the defaults and save HR's values with an audit entry", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const cookie = await signIn(hr);
    const shown = await loaderData<typeof loader>(await callLoader(loader, buildRequest("/admin/settings/privacy", { cookie })));
    expect(shown.settings).toEqual(DEFAULT_RETENTION_SETTINGS);

    const saved = await save(cookie, valid);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/admin/settings/privacy?notice=saved");
    expect(await getRetentionSettings(testDb())).toEqual({ leaverErasureDays: 120, clickIpDays: 60, importFileDays: 14, exportArchiveDays: 5 });
    const audit = await testDb().selectFrom("audit_log").select(["action", "actor_user_id", "data"]).where("action", "=", "privacy.retention_settings_updated").execute();
    expect(audit).toEqual([
      { action: "privacy.retention_settings_updated", actor_user_id: hr.id, data: { fields: { leaverErasureDays: 120, clickIpDays: 60, importFileDays: 14, exportArchiveDays: 5 } } },
    ]);
  });

  it("refuse a value out of bounds or not a whole number with a message naming the field, in the reader's language, and save nothing", async () => {
    for (const [locale, texts] of [["en", enData], ["fr", frData]] as const) {
      const cookie = await signIn(await createUser({ role: "hr_admin", locale }));
      const refused = await save(cookie, { leaverErasureDays: "29", clickIpDays: "abc", importFileDays: "366", exportArchiveDays: "7.5" });
      expect(refused.status).toBe(400);
      const { result } = (await actionData<typeof action>(refused)) as { result: { error: Record<string, string[]> } };
      const limits = (name: "leaverErasureDays" | "clickIpDays" | "importFileDays" | "exportArchiveDays", min: number, max: number) =>
        texts.settings.errors[name].replace("{{min}}", String(min)).replace("{{max}}", String(max));
      expect(result.error).toEqual({
        leaverErasureDays: [limits("leaverErasureDays", 30, 3650)],
        clickIpDays: [limits("clickIpDays", 1, 365)],
        importFileDays: [limits("importFileDays", 1, 365)],
        exportArchiveDays: [limits("exportArchiveDays", 1, 30)],
      });
    }
    // Each message starts with the name of its field.
    expect(frData.settings.errors.clickIpDays).toMatch(/^Adresses IP hachées des clics/);
    expect(await testDb().selectFrom("audit_log").select("id").where("action", "=", "privacy.retention_settings_updated").execute()).toEqual([]);
  });

  it("are checked again by the domain, with a code per wrong field", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const failure = await updateRetentionSettings(testDb(), { leaverErasureDays: 10, clickIpDays: 90, importFileDays: 30, exportArchiveDays: 31 }, { userId: hr.id }).catch(
      (error: unknown) => error,
    );
    expect(isDomainFailure(failure)).toBe(true);
    expect((failure as { failures: unknown }).failures).toEqual([
      { code: "retentionSettings.leaverErasureDaysInvalid", field: "leaverErasureDays", values: { min: 30, max: 3650 } },
      { code: "retentionSettings.exportArchiveDaysInvalid", field: "exportArchiveDays", values: { min: 1, max: 30 } },
    ]);
  });

  it("are for HR admins only", async () => {
    for (const role of ["task_owner", "alumnus", "leaver"] as const) {
      const cookie = await signIn(await createUser({ role }));
      const page = await callLoader(loader, buildRequest("/admin/settings/privacy", { cookie })).catch((thrown: unknown) => thrown as Response);
      expect(page.status).toBe(403);
      const post = await save(cookie, valid).catch((thrown: unknown) => thrown as Response);
      expect(post.status).toBe(403);
    }
  });
});
