import enSettings from "~/locales/en/settings.json";
import * as reasonsRoute from "~/routes/admin.settings.reasons._index";
import * as reasonRoute from "~/routes/admin.settings.reasons.$reasonId";
import * as holidaysRoute from "~/routes/admin.settings.holidays";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { createUser, installOffboardingDefaults, makeDeparture, signIn } from "../../factories";

useTestDatabase();

let cookie: string;

beforeEach(async () => {
  await installOffboardingDefaults();
  cookie = await signIn(await createUser({ role: "hr_admin" }));
});

type Reply = { result: { error?: Record<string, string[]> } };
async function errorsOf(response: Response) {
  return ((await response.json()) as Reply).result.error ?? {};
}
async function auditActions() {
  return (await testDb().selectFrom("audit_log").select("action").orderBy("created_at").execute()).map((row) => row.action);
}
function postReasons(form: Record<string, string>) {
  return callAction(reasonsRoute.action, buildRequest("/admin/settings/reasons", { form, cookie }));
}
async function reason(code: string) {
  return testDb().selectFrom("departure_reasons").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
}
async function codesInOrder() {
  return (await testDb().selectFrom("departure_reasons").select("code").orderBy("position").execute()).map((r) => r.code);
}

describe("departure reasons", () => {
  it("lists the reasons in order with how many departures give each", async () => {
    await makeDeparture({ reasonCode: "compensation" });
    const response = await callLoader(reasonsRoute.loader, buildRequest("/admin/settings/reasons", { cookie }));
    const { reasons } = await loaderData<typeof reasonsRoute.loader>(response);
    expect(reasons.slice(0, 3).map((r) => r.code)).toEqual(["career_growth", "compensation", "manager"]);
    expect(reasons.find((r) => r.code === "compensation")?.departure_count).toBe(1);
  });

  it("adds a reason at the end, which the API and CSV files can then send by its code", async () => {
    const response = await postReasons({ intent: "create", code: "sabbatical", labelEn: "Sabbatical", labelFr: "Congé sabbatique" });
    expect(response.headers.get("Location")).toBe("/admin/settings/reasons?notice=created");
    expect((await codesInOrder()).at(-1)).toBe("sabbatical");
    const { departure } = await makeDeparture({ reasonCode: "sabbatical" });
    expect(departure.reason_id).toBe((await reason("sabbatical")).id);
    expect(await auditActions()).toContain("reason.created");
  });

  it("refuses a code with capitals, spaces or dashes, and a code already taken", async () => {
    const bad = await postReasons({ intent: "create", code: "Long Leave", labelEn: "Long leave", labelFr: "Congé long" });
    expect(bad.status).toBe(400);
    expect((await errorsOf(bad)).code).toEqual([enSettings.validation.codeFormat]);
    const taken = await postReasons({ intent: "create", code: "culture", labelEn: "Culture", labelFr: "Culture" });
    expect(taken.status).toBe(400);
    expect((await errorsOf(taken)).code).toEqual(["The code “culture” is already used by another reason."]);
    const missing = await postReasons({ intent: "create", code: "x", labelEn: "", labelFr: "" });
    expect(await errorsOf(missing)).toMatchObject({ labelEn: ["Enter the English label."], labelFr: ["Enter the French label."] });
  });

  it("edits the labels but never the code", async () => {
    const culture = await reason("culture");
    const response = await callAction(
      reasonRoute.action,
      buildRequest(`/admin/settings/reasons/${culture.id}`, { form: { labelEn: "Culture", labelFr: "Culture d'entreprise", code: "vibes" }, cookie }),
      { reasonId: culture.id },
    );
    expect(response.headers.get("Location")).toBe("/admin/settings/reasons?notice=saved");
    expect(await reason("culture")).toMatchObject({ label_en: "Culture", label_fr: "Culture d'entreprise" });
    expect(await auditActions()).toEqual(["reason.updated"]);
  });

  it("reorders reasons without JavaScript", async () => {
    const manager = await reason("manager");
    await postReasons({ intent: "move", reasonId: manager.id, direction: "up" });
    expect((await codesInOrder()).slice(0, 3)).toEqual(["career_growth", "manager", "compensation"]);
    const first = await reason("career_growth");
    await postReasons({ intent: "move", reasonId: first.id, direction: "up" });
    expect((await codesInOrder())[0]).toBe("career_growth");
  });

  it("deactivates a reason, which the API then refuses, and reactivates it", async () => {
    const culture = await reason("culture");
    expect((await postReasons({ intent: "deactivate", reasonId: culture.id })).headers.get("Location")).toMatch(/notice=deactivated$/);
    expect((await reason("culture")).active).toBe(false);
    await expect(makeDeparture({ reasonCode: "culture" })).rejects.toMatchObject({ kind: "invalid", code: "departure.reasonUnknown" });
    await postReasons({ intent: "reactivate", reasonId: culture.id });
    expect((await reason("culture")).active).toBe(true);
    expect(await auditActions()).toEqual(["reason.deactivated", "reason.reactivated"]);
  });

  it("deletes an unused reason but never one a departure gave", async () => {
    await makeDeparture({ reasonCode: "workload" });
    const used = await reason("workload");
    const refused = await postReasons({ intent: "delete", reasonId: used.id });
    expect(refused.status).toBe(400);
    expect((await errorsOf(refused))[""]).toEqual(["The reason “workload” is recorded on 1 departure, so it cannot be deleted. Deactivate it instead."]);
    expect(await reason("workload")).toBeTruthy();

    const unused = await reason("other");
    expect((await postReasons({ intent: "delete", reasonId: unused.id })).status).toBe(302);
    expect(await codesInOrder()).not.toContain("other");
  });

  it("answers 404 for a reason that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await postReasons({ intent: "deactivate", reasonId: missing })).status).toBe(404);
    const loaded = await callLoader(reasonRoute.loader, buildRequest(`/admin/settings/reasons/${missing}`, { cookie }), { reasonId: missing });
    expect(loaded.status).toBe(404);
  });
});

describe("company holidays", () => {
  function postHolidays(form: Record<string, string>) {
    return callAction(holidaysRoute.action, buildRequest("/admin/settings/holidays", { form, cookie }));
  }

  it("adds holidays and lists them one year at a time", async () => {
    expect((await postHolidays({ intent: "add", day: "2026-12-25", name: "Christmas" })).headers.get("Location")).toBe(
      "/admin/settings/holidays?year=2026&notice=added",
    );
    await postHolidays({ intent: "add", day: "2027-01-01", name: "New Year" });
    await postHolidays({ intent: "add", day: "2026-05-01", name: "Labour Day" });
    const response = await callLoader(holidaysRoute.loader, buildRequest("/admin/settings/holidays?year=2026", { cookie }));
    const data = await loaderData<typeof holidaysRoute.loader>(response);
    expect(data.holidays).toEqual([
      { day: "2026-05-01", name: "Labour Day" },
      { day: "2026-12-25", name: "Christmas" },
    ]);
    expect(data.years).toEqual(expect.arrayContaining([2027, 2026]));
    expect(await auditActions()).toEqual(["holiday.added", "holiday.added", "holiday.added"]);
  });

  it("refuses a second holiday on the same day, and an impossible date", async () => {
    await postHolidays({ intent: "add", day: "2026-12-25", name: "Christmas" });
    const twice = await postHolidays({ intent: "add", day: "2026-12-25", name: "Xmas" });
    expect(twice.status).toBe(400);
    expect((await errorsOf(twice)).day).toEqual(["That day is already a holiday: Christmas."]);
    const impossible = await postHolidays({ intent: "add", day: "2026-02-30", name: "Nope" });
    expect(impossible.status).toBe(400);
    expect((await errorsOf(impossible)).day).toEqual([enSettings.validation.dateInvalid]);
  });

  it("removes a holiday without moving the tasks already dated", async () => {
    await postHolidays({ intent: "add", day: "2026-12-03", name: "Company day" });
    const { departure, tasks } = await makeDeparture();
    const before = tasks.find((t) => t.title_en === "Send equipment return instructions");
    expect(before?.due_date).toBe("2026-12-04");
    const response = await postHolidays({ intent: "remove", day: "2026-12-03" });
    expect(response.headers.get("Location")).toBe("/admin/settings/holidays?year=2026&notice=removed");
    const after = await testDb().selectFrom("departure_tasks").select("due_date").where("id", "=", before!.id).executeTakeFirstOrThrow();
    expect(after.due_date).toBe("2026-12-04");
    expect(departure.id).toBeTruthy();
    expect(await testDb().selectFrom("company_holidays").selectAll().execute()).toEqual([]);
  });

  it("answers 404 when removing a day that is not a holiday", async () => {
    expect((await postHolidays({ intent: "remove", day: "2026-07-14" })).status).toBe(404);
  });

  it("ignores a year in the address that is not one", async () => {
    const response = await callLoader(holidaysRoute.loader, buildRequest("/admin/settings/holidays?year=abc", { cookie }));
    expect(response.status).toBe(200);
    expect((await loaderData<typeof holidaysRoute.loader>(response)).year).toBeGreaterThan(2000);
  });
});
