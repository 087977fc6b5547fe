import { action as detailAction, loader as detailLoader } from "~/routes/admin.departures.$departureId/route";
import { action as newAction } from "~/routes/admin.departures.new";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings.departure-dates";
import { createDeparture, updateDeparture } from "~/modules/offboarding/departures.server";
import { unusualDatesIn } from "~/modules/offboarding/unusual-date-failures";
import { failureText } from "~/modules/i18n/failure-text";
import { DomainFailure } from "~/utils/failures";
import { departureInputSchema } from "~/modules/offboarding/schemas";
import { translator } from "~/modules/i18n/translator";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { createUser, installOffboardingDefaults, makeDeparture, signIn } from "../../factories";

/**
 * Departure dates a new user got wrong (issue 9): dates years away recorded silently, a departure
 * recorded after its last day filling IT's inbox with overdue tasks, and a termination date that
 * did not follow the last day it was never given apart from.
 */

useTestDatabase();

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

type Reply = { result: { status: string; error: Record<string, string[]> } };

async function departmentId(name = "Acme Corp"): Promise<string> {
  return (await testDb().selectFrom("departments").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
}

async function newForm(overrides: Record<string, string> = {}) {
  return {
    employeeName: "Noor Haddad",
    employeeEmail: "noor@example.com",
    departmentId: await departmentId(),
    noticeDate: "2026-12-01",
    lastDay: "2026-12-31",
    terminationDate: "",
    type: "voluntary",
    ...overrides,
  };
}

function submitNew(form: Record<string, string>, cookie = hrCookie) {
  return callAction(newAction, buildRequest("/admin/departures/new", { cookie, form }));
}

function postDetail(id: string, form: Record<string, string>, cookie = hrCookie) {
  return callAction(detailAction, buildRequest(`/admin/departures/${id}`, { cookie, form }), { departureId: id });
}

async function detail(id: string) {
  const response = await callLoader(detailLoader, buildRequest(`/admin/departures/${id}`, { cookie: hrCookie }), { departureId: id });
  return (await response.json()) as {
    departure: { lastDay: string; terminationDate: string; terminationDateFollowsLastDay: boolean };
    progress: { overdue: number };
    timeline: Array<{ action: string; actor: { kind: string; name?: string }; taskTitle: string | null; changes: unknown[] }>;
  };
}

async function departures() {
  return testDb().selectFrom("departures").selectAll().execute();
}

async function tasksOf(departureId: string) {
  const rows = await testDb().selectFrom("departure_tasks").selectAll().where("departure_id", "=", departureId).execute();
  return new Map(rows.map((task) => [task.title_en, task]));
}

const input = (fields: Record<string, unknown>) =>
  departureInputSchema(translator("en", "offboarding")).parse({
    employeeEmail: "sam@example.com",
    employeeName: "Sam",
    departmentName: "Engineering",
    ...fields,
  });

describe("dates far from today", () => {
  it("refuses a departure whose dates are years in the past, naming each date, until they are confirmed", async () => {
    const old = input({ noticeDate: "2015-12-24", lastDay: "2016-01-03" });
    const refused = (await createDeparture(old, { actorUserId: hr.id, source: "web" }).catch((error: unknown) => error)) as DomainFailure;
    expect(refused).toBeInstanceOf(DomainFailure);
    expect(refused).toMatchObject({
      kind: "invalid",
      failures: [
        { code: "departure.unusualDate.past", field: "noticeDate", values: { field: "noticeDate", date: { day: "2015-12-24" }, count: 90 } },
        { code: "departure.unusualDate.past", field: "lastDay", values: { field: "lastDay", date: { day: "2016-01-03" }, count: 90 } },
      ],
    });
    // The edges get the dates back to ask about them, and each failure's message names its date.
    expect(unusualDatesIn(refused.failures)).toEqual([
      { field: "noticeDate", date: "2015-12-24", side: "past", days: 90 },
      { field: "lastDay", date: "2016-01-03", side: "past", days: 90 },
    ]);
    expect(refused.failures.map((failure) => failureText(failure, "en"))).toEqual([
      "Check the notice date: Dec 24, 2015 is more than 90 days ago.",
      "Check the last working day: Jan 3, 2016 is more than 90 days ago.",
    ]);
    expect(failureText(refused.failures[0]!, "fr")).toBe("Vérifiez la date de préavis : le 24 déc. 2015 remonte à plus de 90 jours.");
    expect(await departures()).toEqual([]);

    // A confirmation of other dates confirms nothing; one of these very dates records the departure.
    await expect(createDeparture(old, { actorUserId: hr.id, source: "web", confirmUnusualDates: "lastDay=2016-01-03" })).rejects.toMatchObject({
      code: "departure.unusualDate.past",
    });
    const { created } = await createDeparture(old, { actorUserId: hr.id, source: "web", confirmUnusualDates: "noticeDate=2015-12-24 lastDay=2016-01-03" });
    expect(created).toBe(true);
  });

  it("refuses a last day in 2037 unless the caller confirms it", async () => {
    const far = input({ noticeDate: "2026-12-01", lastDay: "2037-03-31" });
    await expect(createDeparture(far, { actorUserId: null, source: "api" })).rejects.toMatchObject({
      failures: [{ code: "departure.unusualDate.future", field: "lastDay", values: { date: { day: "2037-03-31" }, count: 730 } }],
    });
    expect((await createDeparture(far, { actorUserId: null, source: "api", confirmUnusualDates: true })).created).toBe(true);
  });

  it("answers the form with 400, the message beside each date and the confirmation box, then records it once the box is ticked", async () => {
    const form = await newForm({ noticeDate: "2015-12-24", lastDay: "2016-01-03", overdueTasks: "open" });
    const response = await submitNew(form);
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as Reply;
    expect(result.error).toEqual({
      noticeDate: ["Check the notice date: Dec 24, 2015 is more than 90 days ago."],
      lastDay: ["Check the last working day: Jan 3, 2016 is more than 90 days ago."],
      confirmUnusualDates: ["Correct the dates marked, or tick this box if they are right."],
    });
    expect(await departures()).toEqual([]);

    const confirmed = await submitNew({ ...form, confirmUnusualDates: "noticeDate=2015-12-24 lastDay=2016-01-03" });
    expect(confirmed.status).toBe(302);
    expect(await departures()).toEqual([expect.objectContaining({ notice_date: "2015-12-24", last_day: "2016-01-03" })]);
  });

  it("asks again when a date changes after the box was ticked", async () => {
    const response = await submitNew(await newForm({ lastDay: "2037-06-30", confirmUnusualDates: "lastDay=2037-06-29" }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as Reply).result.error.lastDay).toEqual([
      "Check the last working day: Jun 30, 2037 is more than 730 days from today.",
    ]);
  });

  it("asks to confirm a date changed to one outside the window on the departure's page, and leaves old dates alone", async () => {
    const { departure } = await makeDeparture({ noticeDate: "2026-12-01", lastDay: "2026-12-18" });
    const dates = { intent: "update", noticeDate: "2026-12-01", lastDay: "2037-12-18", terminationDate: "", status: "planned" };
    const refused = await postDetail(departure.id, dates);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Reply).result.error).toEqual({
      lastDay: ["Check the last working day: Dec 18, 2037 is more than 730 days from today."],
      confirmUnusualDates: ["Correct the dates marked, or tick this box if they are right."],
    });
    const confirmed = await postDetail(departure.id, { ...dates, confirmUnusualDates: "lastDay=2037-12-18" });
    expect(confirmed.status).toBe(302);

    // The date is recorded now: a change of status alone does not ask again.
    const statusOnly = await postDetail(departure.id, { ...dates, status: "in_progress" });
    expect(statusOnly.status).toBe(302);
    // Nor does a caller that changes another date.
    await updateDeparture(departure.id, { noticeDate: "2026-12-02" }, { actorUserId: hr.id });
  });

  it("uses the window HR sets, refuses values out of range naming the field, and audits the change", async () => {
    const early = input({ noticeDate: "2025-06-02", lastDay: "2025-06-30" });
    await expect(createDeparture(early, { actorUserId: hr.id, source: "web" })).rejects.toMatchObject({ code: "departure.unusualDate.past" });

    const page = await callLoader(settingsLoader, buildRequest("/admin/settings/departure-dates", { cookie: hrCookie }));
    expect(((await page.json()) as { settings: unknown }).settings).toEqual({ pastDays: 90, futureDays: 730 });

    const save = (form: Record<string, string>, cookie = hrCookie) =>
      callAction(settingsAction, buildRequest("/admin/settings/departure-dates", { cookie, form }));
    const bad = await save({ pastDays: "0", futureDays: "5000" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Reply).result.error).toEqual({
      pastDays: ["Enter a whole number of days from 1 to 3650."],
      futureDays: ["Enter a whole number of days from 30 to 3650."],
    });
    const french = await save({ pastDays: "x", futureDays: "730" }, await signIn(await createUser({ role: "hr_admin", locale: "fr" })));
    expect(((await french.json()) as Reply).result.error.pastDays).toEqual(["Saisissez un nombre entier de jours de 1 à 3650."]);

    const saved = await save({ pastDays: "730", futureDays: "365" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/admin/settings/departure-dates?notice=saved");
    const audit = await testDb().selectFrom("audit_log").selectAll().where("action", "=", "departure_dates.window_changed").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_user_id: hr.id,
      data: { before: { pastDays: 90, futureDays: 730 }, after: { pastDays: 730, futureDays: 365 } },
    });
    expect((await createDeparture(early, { actorUserId: hr.id, source: "web" })).created).toBe(true);

    // Only HR admins may change it.
    const owner = await signIn(await createUser({ role: "task_owner" }));
    expect((await save({ pastDays: "1", futureDays: "30" }, owner)).status).toBe(403);
  });
});

describe("recording a departure after its last day", () => {
  const late = { noticeDate: "2026-11-02", lastDay: "2026-11-30", terminationDate: "2026-12-31" };

  it("asks what becomes of the tasks already due, without recording anything", async () => {
    const response = await submitNew(await newForm(late));
    expect(response.status).toBe(400);
    expect(((await response.json()) as Reply).result.error).toEqual({
      overdueTasks: ["The last working day has passed: choose what happens to the checklist tasks already due."],
    });
    expect(await departures()).toEqual([]);
  });

  it("closes the tasks already due as not applicable in HR's name, leaves later ones open, and says so in the history", async () => {
    const response = await submitNew(await newForm({ ...late, overdueTasks: "not_applicable" }));
    expect(response.status).toBe(302);
    const [departure] = await departures();
    const tasks = await tasksOf(departure!.id);

    const disable = tasks.get("Disable accounts and revoke tokens")!;
    expect(disable).toMatchObject({
      due_date: "2026-11-30",
      status: "not_applicable",
      completed_by: hr.id,
      not_applicable_reason: "Closed when the departure was recorded, after its due date.",
    });
    expect(disable.completed_at).toBeInstanceOf(Date);
    // Due from today on: still to do (termination date 31 Dec).
    expect(tasks.get("Stop benefits and inform insurers")).toMatchObject({ due_date: "2026-12-31", status: "open", completed_by: null });
    expect(tasks.get("Issue final payslip and employment certificate")).toMatchObject({ status: "open" });
    const closed = [...tasks.values()].filter((task) => task.status !== "open");
    expect(closed.every((task) => task.due_date < TODAY)).toBe(true);

    const page = await detail(departure!.id);
    expect(page.progress.overdue).toBe(0);
    const entries = page.timeline.filter((entry) => entry.action === "task.not_applicable");
    expect(entries).toHaveLength(closed.length);
    expect(entries[0]).toMatchObject({ actor: { kind: "user", name: "Hana Reyes" } });
    expect(entries.map((entry) => entry.taskTitle)).toContain("Disable accounts and revoke tokens");
  });

  it("leaves them open, and overdue, when HR says so", async () => {
    expect((await submitNew(await newForm({ ...late, overdueTasks: "open" }))).status).toBe(302);
    const [departure] = await departures();
    expect([...(await tasksOf(departure!.id)).values()].every((task) => task.status === "open")).toBe(true);
    expect((await detail(departure!.id)).progress.overdue).toBeGreaterThan(0);
  });
});

describe("a termination date left empty", () => {
  it("follows the last day when the last day moves, with the tasks counted from it", async () => {
    expect((await submitNew(await newForm({ lastDay: "2026-12-31" }))).status).toBe(302);
    const [departure] = await departures();
    expect(departure!.termination_date).toBeNull();

    // The reported case: moving the last day later used to fail on the termination date.
    const moved = await postDetail(departure!.id, { intent: "update", noticeDate: "2026-12-01", lastDay: "2027-01-08", terminationDate: "", status: "planned" });
    expect(moved.status).toBe(302);
    const page = await detail(departure!.id);
    expect(page.departure).toMatchObject({ lastDay: "2027-01-08", terminationDate: "2027-01-08", terminationDateFollowsLastDay: true });
    expect((await tasksOf(departure!.id)).get("Stop benefits and inform insurers")!.due_date).toBe("2027-01-08");
    expect((await departures())[0]!.termination_date).toBeNull();
  });

  it("refuses moving the last day onto another departure of the same person, beside the field, instead of failing", async () => {
    await makeDeparture({ employeeEmail: "twice@example.com", noticeDate: "2026-12-01", lastDay: "2027-01-08", externalId: "HR-1" });
    const { departure } = await makeDeparture({ employeeEmail: "twice@example.com", noticeDate: "2026-12-01", lastDay: "2026-12-18", externalId: "HR-2" });
    const response = await postDetail(departure.id, { intent: "update", noticeDate: "2026-12-01", lastDay: "2027-01-08", terminationDate: "", status: "planned" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Reply).result.error).toEqual({
      lastDay: ["This person already has another departure with the last working day Jan 8, 2027: open that one, or choose another day."],
    });
  });

  it("keeps a termination date given, explains in the admin's language and date format when the last day passes it, and follows again once cleared", async () => {
    const { departure } = await makeDeparture({ noticeDate: "2026-12-01", lastDay: "2026-12-18", terminationDate: "2027-01-03" });
    const french = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const dates = { intent: "update", noticeDate: "2026-12-01", lastDay: "2027-01-08", status: "planned" };

    const refused = await postDetail(departure.id, { ...dates, terminationDate: "2027-01-03" }, french);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Reply).result.error).toEqual({
      terminationDate: ["La date de fin de contrat ne peut pas précéder le dernier jour travaillé (8 janv. 2027)."],
    });

    expect((await postDetail(departure.id, { ...dates, terminationDate: "" })).status).toBe(302);
    const page = await detail(departure.id);
    expect(page.departure).toMatchObject({ terminationDate: "2027-01-08", terminationDateFollowsLastDay: true });
    const change = page.timeline.find((entry) => entry.action === "departure.updated")!;
    expect(change.changes).toContainEqual({ field: "termination_date", from: "2027-01-03", to: null });
  });
});
