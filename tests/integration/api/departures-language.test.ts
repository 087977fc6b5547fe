import { findUserByEmail } from "~/modules/auth/users.server";
import { departureWithTasksResponse } from "~/modules/integrations/api-schemas";
import * as departureRoute from "~/routes/api.v1.departures.$departureId";
import * as departuresRoute from "~/routes/api.v1.departures";
import * as openApiRoute from "~/routes/api.v1.openapi[.]json";
import { testDb, useTestDatabase } from "../../support/database";
import { allowDatesYearsAway, apiRequest, callRoute, departureBody, problemOf } from "./helpers";
import { createUser, installOffboardingDefaults, issueToken } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/** `employee.language` through the HRIS API: it sets the leaver account's language, and reads back. */

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

describe("employee.language in POST /api/v1/departures", () => {
  it("answers 201 and creates the leaver account in that language, which the departure then reports", async () => {
    const response = await post(departureBody({}, { language: "fr" }));
    expect(response.status).toBe(201);
    const body = departureWithTasksResponse.parse(await response.json());
    expect(body.employee.language).toBe("fr");
    expect((await findUserByEmail(testDb(), "sam.leclerc@example.com"))?.locale).toBe("fr");

    const read = await callRoute(departureRoute, apiRequest(`/api/v1/departures/${body.id}`, { token }), { departureId: body.id });
    expect((await read.json()).employee.language).toBe("fr");
  });

  it("switches an existing account to the language given, and leaves it alone when none is", async () => {
    await createUser({ role: "alumnus", locale: "fr", email: "sam.leclerc@example.com" });
    const unchanged = await post(departureBody({ externalId: "HR-1" }, { language: null }));
    expect(unchanged.status).toBe(201);
    expect((await unchanged.json()).employee.language).toBe("fr");

    const switched = await post(departureBody({ externalId: "HR-2", noticeDate: "2031-05-01", lastDay: "2031-06-30" }, { language: "en" }));
    expect(switched.status).toBe(201);
    expect((await switched.json()).employee.language).toBe("en");
    const audit = await testDb().selectFrom("audit_log").select(["data"]).where("action", "=", "user.language_changed").execute();
    expect(audit.map((entry) => entry.data)).toEqual([expect.objectContaining({ changes: { locale: ["fr", "en"] }, source: "api" })]);
  });

  it("answers 422 at /employee/language for a language the portal does not speak, and records nothing", async () => {
    const response = await post(departureBody({}, { language: "de" }));
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([{ pointer: "/employee/language", detail: "Choose a language: en (English) or fr (French)." }]);
    expect(await testDb().selectFrom("departures").selectAll().execute()).toEqual([]);
    expect(await findUserByEmail(testDb(), "sam.leclerc@example.com")).toBeUndefined();
  });
});

describe("the OpenAPI document", () => {
  it("documents employee.language with its two values, in requests and responses", async () => {
    const response = await callRoute(openApiRoute, apiRequest("/api/v1/openapi.json"));
    const { schemas } = (await response.json()).components;
    const requested = schemas.DepartureCreate.properties.employee.properties.language;
    expect(JSON.stringify(requested)).toContain('"enum":["en","fr"]');
    expect(requested.description).toMatch(/en \(English\) or fr \(French\)/);
    expect(schemas.DepartureCreate.properties.employee.required).not.toContain("language");
    expect(schemas.Departure.properties.employee.properties.language).toMatchObject({ enum: ["en", "fr"] });
  });
});
