import * as departureRoute from "~/routes/api.v1.departures.$departureId";
import { departureWithTasksResponse } from "~/modules/integrations/api-schemas";
import { testDb, useTestDatabase } from "../../support/database";
import { apiRequest, callRoute, problemOf } from "./helpers";
import { installOffboardingDefaults, issueToken, makeDeparture } from "../../factories";
import { companyToday, daysFromToday, weekdayFromToday } from "../../support/dates";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

let token: string;

beforeEach(async () => {
  await installOffboardingDefaults();
  ({ token } = await issueToken());
});

function send(method: string, id: string, json?: unknown) {
  return callRoute(departureRoute, apiRequest(`/api/v1/departures/${id}`, { method, token, json }), { departureId: id });
}

describe("PATCH /api/v1/departures/{id}", () => {
  it("moves the dates and re-dates open tasks, leaving done tasks as they were", async () => {
    // Near the real today: the API checks changed dates against HR's window of usual dates around it.
    const [noticeDate, lastDay] = [daysFromToday(-5), weekdayFromToday(10)];
    const [movedLastDay, terminationDate] = [weekdayFromToday(31), daysFromToday(45)];
    const { departure, tasks } = await makeDeparture({ noticeDate, lastDay }, { today: companyToday() });
    const onLastDay = tasks.filter((t) => t.anchor === "last_day" && t.offset_business_days === 0);
    const [done, open] = onLastDay;
    expect(done && open).toBeTruthy();
    await testDb().updateTable("departure_tasks").set({ status: "done", completed_at: new Date() }).where("id", "=", done!.id).execute();

    const response = await send("PATCH", departure.id, { lastDay: movedLastDay, terminationDate });
    expect(response.status).toBe(200);
    const body = departureWithTasksResponse.parse(await response.json());
    expect(body).toMatchObject({ lastDay: movedLastDay, terminationDate, noticeDate });
    expect(body.tasks.find((t) => t.id === open!.id)?.dueDate).toBe(movedLastDay);
    expect(body.tasks.find((t) => t.id === done!.id)?.dueDate).toBe(lastDay);
    const audit = await testDb().selectFrom("audit_log").selectAll().where("subject_id", "=", departure.id).where("action", "=", "departure.updated").execute();
    expect(audit).toHaveLength(1);
  });

  it("changes the status along the allowed moves", async () => {
    const { departure } = await makeDeparture();
    const response = await send("PATCH", departure.id, { status: "in_progress" });
    expect(response.status).toBe(200);
    expect((await response.json()).status).toBe("in_progress");
  });

  it.each([
    // The domain's refusals name their failure code too; the request's shape is checked before it.
    ["a last day before the notice date", { lastDay: "2026-11-30" }, "/lastDay", /before the notice date \(Dec 1, 2026\)/, "departure.lastDayBeforeNotice"],
    ["a termination date before the last day", { terminationDate: "2026-12-17" }, "/terminationDate", /before the last working day/, "departure.terminationBeforeLastDay"],
    ["a date in another format", { noticeDate: "01/12/2026" }, "/noticeDate", /YYYY-MM-DD/, undefined],
    ["an unknown status", { status: "archived" }, "/status", /Choose a status/, undefined],
    ["a field that cannot be changed here", { employee: { name: "New name" } }, "/employee", /Unknown field/, undefined],
  ])("refuses %s with 422 at the field", async (_label, patch, pointer, message, code) => {
    const { departure } = await makeDeparture();
    const response = await send("PATCH", departure.id, patch);
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([{ pointer, ...(code ? { code } : {}), detail: expect.stringMatching(message) }]);
    const after = await testDb().selectFrom("departures").select(["last_day", "notice_date", "termination_date"]).where("id", "=", departure.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ notice_date: "2026-12-01", last_day: "2026-12-18", termination_date: null });
  });

  it("refuses a status move the life of a departure does not allow", async () => {
    const { departure } = await makeDeparture();
    await send("DELETE", departure.id);
    const response = await send("PATCH", departure.id, { status: "completed" });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([
      { pointer: "/status", code: "departure.statusTransition", detail: "A cancelled departure cannot become completed." },
    ]);
  });

  it("answers 404 for an unknown departure", async () => {
    const response = await send("PATCH", "7b0e4a1c-1f7d-4c1e-9c55-0c7f0f0e8b11", { lastDay: "2027-01-08" });
    expect(response.status).toBe(404);
  });
});

describe("DELETE /api/v1/departures/{id}", () => {
  it("cancels the departure and answers 200 with it; cancelling again changes nothing", async () => {
    const { departure, tasks } = await makeDeparture();
    const response = await send("DELETE", departure.id);
    expect(response.status).toBe(200);
    const body = departureWithTasksResponse.parse(await response.json());
    expect(body.status).toBe("cancelled");
    expect(body.tasks).toHaveLength(tasks.length);

    const again = await send("DELETE", departure.id);
    expect(again.status).toBe(200);
    expect((await again.json()).status).toBe("cancelled");
    const audit = await testDb().selectFrom("audit_log").select("action").where("subject_id", "=", departure.id).execute();
    expect(audit.filter((a) => a.action === "departure.cancelled")).toHaveLength(1);
  });

  it("refuses to cancel a completed departure with 409", async () => {
    const { departure } = await makeDeparture();
    await testDb().updateTable("departures").set({ status: "completed" }).where("id", "=", departure.id).execute();
    const response = await send("DELETE", departure.id);
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toMatch(/completed departure cannot become cancelled/);
  });

  it("answers 404 for an unknown departure", async () => {
    expect((await send("DELETE", "7b0e4a1c-1f7d-4c1e-9c55-0c7f0f0e8b11")).status).toBe(404);
  });
});
