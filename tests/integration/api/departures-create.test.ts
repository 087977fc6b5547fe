import * as departuresRoute from "~/routes/api.v1.departures";
import { departureWithTasksResponse } from "~/modules/integrations/api-schemas";
import { testDb, useTestDatabase } from "../../support/database";
import { allowDatesYearsAway, apiRequest, callRoute, departureBody, problemOf } from "./helpers";
import { installOffboardingDefaults, issueToken } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

let token: string;

beforeEach(async () => {
  await installOffboardingDefaults();
  await allowDatesYearsAway();
  ({ token } = await issueToken());
});

function post(json: unknown) {
  return callRoute(departuresRoute, apiRequest("/api/v1/departures", { method: "POST", token, json }));
}

async function count(table: "departures" | "departure_tasks" | "users" | "audit_log") {
  const row = await testDb().selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("POST /api/v1/departures", () => {
  it("records the departure and answers 201 with its generated tasks, in camelCase, with a Location", async () => {
    const response = await post(
      departureBody(
        { terminationDate: "2031-04-30", type: "retirement", reason: "retirement", externalId: "HR-7", regrettable: false },
        { title: "Engineer", managerEmail: "boss@example.com", personalEmail: "sam@example.net", location: "Paris", hireDate: "2020-01-06" },
      ),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = departureWithTasksResponse.parse(await response.json());
    expect(response.headers.get("Location")).toBe(`/api/v1/departures/${body.id}`);
    expect(body).toMatchObject({
      externalId: "HR-7",
      status: "planned",
      type: "retirement",
      reason: "retirement",
      regrettable: false,
      eligibleForRehire: null,
      source: "api",
      employee: {
        email: "sam.leclerc@example.com",
        name: "Sam Leclerc",
        department: "Engineering",
        title: "Engineer",
        managerEmail: "boss@example.com",
        personalEmail: "sam@example.net",
        location: "Paris",
        hireDate: "2020-01-06",
      },
      noticeDate: "2031-03-03",
      lastDay: "2031-03-28",
      terminationDate: "2031-04-30",
    });
    expect(body.tasks.length).toBeGreaterThan(0);
    expect(body.taskCounts).toEqual({ total: body.tasks.length, open: body.tasks.length, done: 0, notApplicable: 0, overdue: 0 });
    expect(body.tasks[0]).toMatchObject({ status: "open", owner: { type: expect.stringMatching(/^(user|team)$/) } });
    expect(body.tasks.every((task) => /^\d{4}-\d{2}-\d{2}$/.test(task.dueDate))).toBe(true);
    // `title` stays the English text it always was; the French one comes beside it.
    expect(body.tasks).toContainEqual(
      expect.objectContaining({
        title: "Disable accounts and revoke tokens",
        titleFr: "Désactiver les comptes et révoquer les jetons",
        description: "Disable SSO, revoke API tokens and active sessions, remove from groups.",
        descriptionFr: "Désactiver le SSO, révoquer les jetons d’API et les sessions actives, retirer des groupes.",
      }),
    );
    expect(body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("answers 200 with the existing departure and changes nothing when the externalId comes again", async () => {
    const first = await post(departureBody({ externalId: "HR-42" }));
    expect(first.status).toBe(201);
    const created = await first.json();
    const before = { departures: await count("departures"), tasks: await count("departure_tasks"), audit: await count("audit_log") };

    const again = await post(departureBody({ externalId: "HR-42", lastDay: "2031-06-30" }, { name: "Somebody Else" }));
    expect(again.status).toBe(200);
    const existing = await again.json();
    expect(existing).toEqual(created);
    expect(existing.lastDay).toBe("2031-03-28");
    expect({ departures: await count("departures"), tasks: await count("departure_tasks"), audit: await count("audit_log") }).toEqual(before);
  });

  it("treats the same work email and last day as the same departure when there is no externalId", async () => {
    const first = await (await post(departureBody())).json();
    const again = await post(departureBody({}, { email: "SAM.LECLERC@example.com" }));
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(first.id);
  });

  it("answers 409 when the same person and last day are already recorded under another externalId", async () => {
    expect((await post(departureBody({ externalId: "HR-1" }))).status).toBe(201);
    const response = await post(departureBody({ externalId: "HR-2" }));
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toMatch(/already exists under another externalId/);
    expect(await count("departures")).toBe(1);
  });

  it("creates an unknown department for review and applies defaults like the HR form", async () => {
    const response = await post({ employee: { email: "new@example.com", name: "New Person", department: "Quantum Lab" }, lastDay: "2031-05-30" });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ type: "voluntary", terminationDate: "2031-05-30", employee: { department: "Quantum Lab" } });
    const department = await testDb().selectFrom("departments").selectAll().where("name", "=", "Quantum Lab").executeTakeFirstOrThrow();
    expect(department.needs_review).toBe(true);
  });

  it("reads null in an optional field as not given", async () => {
    const response = await post(
      departureBody({ noticeDate: null, terminationDate: null, type: null, reason: null, externalId: null, regrettable: null }, { title: null, hireDate: null }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ type: "voluntary", externalId: null, employee: { title: null, hireDate: null } });
  });
});

describe("POST /api/v1/departures validation", () => {
  const long = (n: number) => "x".repeat(n);

  it.each([
    ["the employee", { employee: undefined }, {}, "/employee", /required/],
    ["the work email", {}, { email: undefined }, "/employee/email", /^Enter the work email\.$/],
    ["the name", {}, { name: undefined }, "/employee/name", /^Enter the name\.$/],
    ["the department", {}, { department: undefined }, "/employee/department", /^Enter the department\.$/],
    ["the last day", { lastDay: undefined }, {}, "/lastDay", /YYYY-MM-DD/],
  ])("names %s when it is missing", async (_label, overrides, employee, pointer, message) => {
    const response = await post(departureBody(overrides, employee));
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 422, title: "Invalid fields", type: "/api/docs#problem-validation-failed" });
    expect(problem.errors).toEqual([{ pointer, detail: expect.stringMatching(message) }]);
  });

  it.each([
    ["a blank work email", {}, { email: "   " }, "/employee/email", /^Enter the work email\.$/],
    ["a malformed work email", {}, { email: "sam-at-example" }, "/employee/email", /email address like/],
    ["a number as work email", {}, { email: 42 }, "/employee/email", /^Enter the work email\.$/],
    ["a too long work email", {}, { email: `${long(250)}@example.com` }, "/employee/email", /too long/],
    ["a blank name", {}, { name: "" }, "/employee/name", /^Enter the name\.$/],
    ["a too long name", {}, { name: long(201) }, "/employee/name", /at most 200/],
    ["a too long department", {}, { department: long(201) }, "/employee/department", /at most 200/],
    ["a too long title", {}, { title: long(201) }, "/employee/title", /at most 200/],
    ["a malformed manager email", {}, { managerEmail: "boss" }, "/employee/managerEmail", /email address like/],
    ["a malformed personal email", {}, { personalEmail: "me@" }, "/employee/personalEmail", /email address like/],
    ["a too long location", {}, { location: long(201) }, "/employee/location", /at most 200/],
    ["an impossible hire date", {}, { hireDate: "2020-13-01" }, "/employee/hireDate", /YYYY-MM-DD/],
    ["a last day in another format", { lastDay: "28/03/2031" }, {}, "/lastDay", /YYYY-MM-DD/],
    ["an impossible notice date", { noticeDate: "2031-02-30" }, {}, "/noticeDate", /YYYY-MM-DD/],
    ["a termination date that is not a date", { terminationDate: "soon" }, {}, "/terminationDate", /YYYY-MM-DD/],
    ["an unknown type", { type: "fired" }, {}, "/type", /voluntary, involuntary/],
    ["a too long externalId", { externalId: long(101) }, {}, "/externalId", /at most 100/],
    ["a string as regrettable", { regrettable: "yes" }, {}, "/regrettable", /true or false/],
    ["an unknown top-level field", { last_day: "2031-03-28" }, {}, "/last_day", /Unknown field/],
    ["an unknown employee field", {}, { nickname: "Sammy" }, "/employee/nickname", /Unknown field/],
  ])("refuses %s and names the field", async (_label, overrides, employee, pointer, message) => {
    const response = await post(departureBody(overrides, employee));
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([{ pointer, detail: expect.stringMatching(message) }]);
    expect(await count("departures")).toBe(0);
  });

  it("refuses an unknown reason and names the field and the failure code", async () => {
    const response = await post(departureBody({ reason: "bored" }));
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 422, title: "Invalid fields", type: "/api/docs#failure-departure.reasonUnknown" });
    expect(problem.errors).toEqual([{ pointer: "/reason", code: "departure.reasonUnknown", detail: expect.stringMatching(/Unknown reason "bored"/) }]);
    expect(await count("departures")).toBe(0);
  });

  it.each([
    ["a last day before the notice date", { noticeDate: "2031-03-10", lastDay: "2031-03-09" }, {}, "/lastDay", /before the notice date \(Mar 10, 2031\)/],
    ["a termination date before the last day", { terminationDate: "2031-03-27" }, {}, "/terminationDate", /before the last working day \(Mar 28, 2031\)/],
    ["a hire date after the last day", {}, { hireDate: "2031-04-01" }, "/employee/hireDate", /after the last working day \(Mar 28, 2031\)/],
  ])("refuses %s at the later field", async (_label, overrides, employee, pointer, message) => {
    const response = await post(departureBody(overrides, employee));
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([{ pointer, detail: expect.stringMatching(message) }]);
  });

  it("lists every invalid field at once, one entry each", async () => {
    const response = await post({ employee: { email: "nope", name: "" }, lastDay: "someday", type: "fired" });
    const problem = await problemOf(response);
    expect(problem.errors?.map((e) => e.pointer).sort()).toEqual(["/employee/department", "/employee/email", "/employee/name", "/lastDay", "/type"]);
    expect(problem.detail).toMatch(/^5 fields are invalid/);
  });

  it.each([
    ["an array", []],
    ["a string", "departure"],
    ["null", null],
  ])("refuses %s as the body with a pointer to the whole document", async (_label, body) => {
    const response = await post(body);
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([{ pointer: "", detail: expect.stringMatching(/Expected a JSON object/) }]);
  });
});
