import { sql } from "kysely";
import * as departureRoute from "~/routes/api.v1.departures.$departureId";
import * as departuresRoute from "~/routes/api.v1.departures";
import { departureListResponse, departureWithTasksResponse } from "~/modules/integrations/api-schemas";
import { updateDeparture } from "~/modules/offboarding/departures.server";
import { testDb, useTestDatabase } from "../../support/database";
import { allowDatesYearsAway, apiRequest, callRoute, problemOf } from "./helpers";
import { installOffboardingDefaults, issueToken, makeDeparture } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

let token: string;

beforeEach(async () => {
  await installOffboardingDefaults();
  await allowDatesYearsAway();
  ({ token } = await issueToken());
});

async function list(query = "") {
  const response = await callRoute(departuresRoute, apiRequest(`/api/v1/departures${query}`, { token }));
  return response;
}

async function listPage(query = "") {
  const response = await list(query);
  expect(response.status).toBe(200);
  return departureListResponse.parse(await response.json());
}

/** Every page from the first, following nextCursor. */
async function allPages(limit: number, extra = "") {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listPage(`?limit=${limit}${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    pages.push(page.data.map((d) => d.id));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

async function makeDepartures(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await makeDeparture({ externalId: `EXT-${i}` })).departure.id);
  return ids;
}

describe("GET /api/v1/departures", () => {
  it("pages through every departure once, least recently updated first, and ends with a null cursor", async () => {
    const ids = await makeDepartures(5);
    const pages = await allPages(2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(ids);
  });

  it("orders departures updated at the same instant by id, without skipping or repeating any", async () => {
    await makeDepartures(5);
    await sql`update departures set updated_at = '2031-01-01T10:00:00.123456Z'`.execute(testDb());
    const pages = await allPages(2);
    const all = pages.flat();
    expect(all).toHaveLength(5);
    expect([...all].sort()).toEqual(all);
  });

  it("keeps its place when departures change while a client pages: the changed one comes again at the end", async () => {
    const ids = await makeDepartures(5);
    const first = await listPage("?limit=2");
    expect(first.data.map((d) => d.id)).toEqual(ids.slice(0, 2));
    // One departure not yet seen and one already seen change between two pages.
    await updateDeparture(ids[2]!, { lastDay: "2026-12-16" }, { actorUserId: null });
    await updateDeparture(ids[0]!, { lastDay: "2026-12-17" }, { actorUserId: null });
    const rest: string[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listPage(`?limit=2&cursor=${encodeURIComponent(cursor)}`);
      rest.push(...page.data.map((d) => d.id));
      cursor = page.nextCursor;
    }
    expect(rest).toEqual([ids[3], ids[4], ids[2], ids[0]]);
    const seen = new Set([...first.data.map((d) => d.id), ...rest]);
    expect(seen.size).toBe(5);
  });

  it("answers 25 per page by default and at most 100", async () => {
    await makeDepartures(3);
    const page = await listPage();
    expect(page.data).toHaveLength(3);
    expect(page.nextCursor).toBeNull();
    expect((await list("?limit=100")).status).toBe(200);
  });

  it.each([
    ["0", "limit=0", "limit"],
    ["101", "limit=101", "limit"],
    ["not a number", "limit=many", "limit"],
    ["a fraction", "limit=2.5", "limit"],
    ["a forged cursor", "cursor=not-a-cursor", "cursor"],
    ["an unknown status", "status=archived", "status"],
    ["a date without a time zone", "updatedSince=2031-01-01T00:00:00", "updatedSince"],
  ])("refuses %s with 400 naming the parameter", async (_label, query, parameter) => {
    const response = await list(`?${query}`);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.type).toBe("/api/docs#problem-invalid-parameters");
    expect(problem.errors).toEqual([{ parameter, detail: expect.any(String) }]);
  });

  it("filters by one or several statuses", async () => {
    const [a, b, c] = await makeDepartures(3);
    await updateDeparture(a!, { status: "cancelled" }, { actorUserId: null });
    await updateDeparture(b!, { status: "in_progress" }, { actorUserId: null });
    expect((await listPage("?status=cancelled")).data.map((d) => d.id)).toEqual([a]);
    expect((await listPage("?status=planned,in_progress")).data.map((d) => d.id)).toEqual([c, b]);
  });

  it("filters by updatedSince, inclusive", async () => {
    const [a, b, c] = await makeDepartures(3);
    await sql`update departures set updated_at = '2031-01-01T09:00:00Z' where id = ${a}`.execute(testDb());
    await sql`update departures set updated_at = '2031-01-01T10:00:00Z' where id = ${b}`.execute(testDb());
    await sql`update departures set updated_at = '2031-01-01T11:30:00Z' where id = ${c}`.execute(testDb());
    expect((await listPage("?updatedSince=2031-01-01T10:00:00Z")).data.map((d) => d.id)).toEqual([b, c]);
    expect((await listPage("?updatedSince=2031-01-01T12:00:00%2B01:00")).data.map((d) => d.id)).toEqual([c]);
    expect((await listPage("?updatedSince=2031-01-01T12:00:00Z")).data).toEqual([]);
  });

  it("counts each departure's tasks by status", async () => {
    const { departure, tasks } = await makeDeparture();
    await testDb().updateTable("departure_tasks").set({ status: "done" }).where("id", "=", tasks[0]!.id).execute();
    await testDb().updateTable("departure_tasks").set({ status: "not_applicable" }).where("id", "=", tasks[1]!.id).execute();
    const [listed] = (await listPage()).data;
    expect(listed?.id).toBe(departure.id);
    expect(listed?.taskCounts).toMatchObject({ total: tasks.length, done: 1, notApplicable: 1, open: tasks.length - 2 });
  });
});

describe("GET /api/v1/departures/{id}", () => {
  it("answers the departure with its tasks by due date", async () => {
    const { departure, tasks } = await makeDeparture({ externalId: "HR-9" });
    const response = await callRoute(departureRoute, apiRequest(`/api/v1/departures/${departure.id}`, { token }), { departureId: departure.id });
    expect(response.status).toBe(200);
    const body = departureWithTasksResponse.parse(await response.json());
    expect(body).toMatchObject({ id: departure.id, externalId: "HR-9", lastDay: "2026-12-18" });
    expect(body.tasks).toHaveLength(tasks.length);
    const dueDates = body.tasks.map((t) => t.dueDate);
    expect([...dueDates].sort()).toEqual(dueDates);
  });

  it.each([
    ["an unknown id", "7b0e4a1c-1f7d-4c1e-9c55-0c7f0f0e8b11"],
    ["an id that is not a UUID", "1; drop table departures"],
  ])("answers 404 for %s", async (_label, id) => {
    const response = await callRoute(departureRoute, apiRequest(`/api/v1/departures/${encodeURIComponent(id)}`, { token }), { departureId: id });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).type).toBe("/api/docs#problem-not-found");
  });
});
