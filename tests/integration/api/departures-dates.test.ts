import * as departureRoute from "~/routes/api.v1.departures.$departureId";
import * as departuresRoute from "~/routes/api.v1.departures";
import { departureWithTasksResponse } from "~/modules/integrations/api-schemas";
import { testDb, useTestDatabase } from "../../support/database";
import { apiRequest, callRoute, departureBody, problemOf } from "./helpers";
import { installOffboardingDefaults, issueToken } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/** The API's side of issue 9's date defects: unusual dates, departures recorded late, a termination date that follows. */

useTestDatabase();
useJobQueue();

const TODAY = "2026-12-10";
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${TODAY}T12:00:00Z`) });
});
afterAll(() => {
  vi.useRealTimers();
});

let token: string;
beforeEach(async () => {
  await installOffboardingDefaults();
  ({ token } = await issueToken());
});

function post(json: unknown) {
  return callRoute(departuresRoute, apiRequest("/api/v1/departures", { method: "POST", token, json }));
}

function patch(id: string, json: unknown) {
  return callRoute(departureRoute, apiRequest(`/api/v1/departures/${id}`, { method: "PATCH", token, json }), { departureId: id });
}

async function departureCount() {
  const row = await testDb().selectFrom("departures").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

const usual = { noticeDate: "2026-12-01", lastDay: "2026-12-31" };

describe("dates outside HR's window of usual dates", () => {
  it("answers 422 unusual-dates naming each date, records nothing, and records it once the request confirms", async () => {
    const body = departureBody({ noticeDate: "2015-12-24", lastDay: "2016-01-03" });
    const refused = await post(body);
    expect(refused.status).toBe(422);
    const problem = await problemOf(refused);
    expect(problem).toMatchObject({ type: "/api/docs#problem-unusual-dates", title: "Unusual dates need confirmation", status: 422 });
    expect(problem.detail).toBe(
      'These dates are outside the window of usual dates set by HR: /noticeDate, /lastDay. If they are right, send the request again with "confirmUnusualDates": true.',
    );
    expect(problem.errors).toEqual([
      { pointer: "/noticeDate", code: "departure.unusualDate.past", detail: "Check the notice date: Dec 24, 2015 is more than 90 days ago." },
      { pointer: "/lastDay", code: "departure.unusualDate.past", detail: "Check the last working day: Jan 3, 2016 is more than 90 days ago." },
    ]);
    expect(await departureCount()).toBe(0);

    const confirmed = await post({ ...body, confirmUnusualDates: true });
    expect(confirmed.status).toBe(201);
    expect(await confirmed.json()).toMatchObject({ noticeDate: "2015-12-24", lastDay: "2016-01-03" });
  });

  it("asks the same for a date moved years ahead with PATCH", async () => {
    const created = departureWithTasksResponse.parse(await (await post(departureBody(usual))).json());
    const refused = await patch(created.id, { lastDay: "2037-03-31" });
    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).errors).toEqual([
      { pointer: "/lastDay", code: "departure.unusualDate.future", detail: "Check the last working day: Mar 31, 2037 is more than 730 days from today." },
    ]);
    const confirmed = await patch(created.id, { lastDay: "2037-03-31", confirmUnusualDates: true });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ lastDay: "2037-03-31" });
  });
});

describe("a departure recorded after its last day", () => {
  it("closes the tasks already due as done when asked, leaving later ones open, and the history names the HR system", async () => {
    const response = await post(
      departureBody({ noticeDate: "2026-11-02", lastDay: "2026-11-30", terminationDate: "2026-12-31", overdueTasks: "done" }),
    );
    expect(response.status).toBe(201);
    const body = departureWithTasksResponse.parse(await response.json());
    expect(body.taskCounts.overdue).toBe(0);
    for (const task of body.tasks) {
      if (task.dueDate < TODAY) {
        expect(task).toMatchObject({ status: "done", completionNote: "Closed when the departure was recorded, after its due date." });
        expect(task.completedAt).not.toBeNull();
      } else {
        expect(task.status).toBe("open");
      }
    }
    expect(body.tasks.some((task) => task.status === "open")).toBe(true);
    const audit = await testDb().selectFrom("audit_log").select(["action", "actor_user_id", "data"]).where("action", "=", "task.completed").execute();
    expect(audit.length).toBe(body.taskCounts.done);
    expect(audit[0]).toMatchObject({ actor_user_id: null, data: { source: "api", closedOnRecording: true } });
  });

  it("leaves them open by default, and refuses an unknown choice naming the field", async () => {
    const late = departureBody({ noticeDate: "2026-11-02", lastDay: "2026-11-30" });
    const refused = await post({ ...late, overdueTasks: "closed" });
    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).errors).toEqual([{ pointer: "/overdueTasks", detail: "Use open, done or not_applicable." }]);
    const body = departureWithTasksResponse.parse(await (await post(late)).json());
    expect(body.taskCounts.overdue).toBeGreaterThan(0);
    expect(body.taskCounts.done + body.taskCounts.notApplicable).toBe(0);
  });
});

describe("a termination date not given", () => {
  it("is reported as the last day, follows it when it moves, and can be set back to following with null", async () => {
    const created = departureWithTasksResponse.parse(await (await post(departureBody(usual))).json());
    expect(created).toMatchObject({ lastDay: "2026-12-31", terminationDate: "2026-12-31", terminationDateFollowsLastDay: true });

    const moved = departureWithTasksResponse.parse(await (await patch(created.id, { lastDay: "2027-01-08" })).json());
    expect(moved).toMatchObject({ lastDay: "2027-01-08", terminationDate: "2027-01-08", terminationDateFollowsLastDay: true });
    expect(moved.tasks.find((task) => task.title === "Stop benefits and inform insurers")?.dueDate).toBe("2027-01-08");

    const set = departureWithTasksResponse.parse(await (await patch(created.id, { terminationDate: "2027-01-29" })).json());
    expect(set).toMatchObject({ terminationDate: "2027-01-29", terminationDateFollowsLastDay: false });
    const cleared = departureWithTasksResponse.parse(await (await patch(created.id, { terminationDate: null })).json());
    expect(cleared).toMatchObject({ terminationDate: "2027-01-08", terminationDateFollowsLastDay: true });

    const list = await callRoute(departuresRoute, apiRequest("/api/v1/departures", { token }));
    expect((await list.json()).data[0]).toMatchObject({ terminationDate: "2027-01-08", terminationDateFollowsLastDay: true });
  });
});
