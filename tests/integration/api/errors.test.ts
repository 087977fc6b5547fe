import { penalizeRateLimit } from "~/modules/auth/rate-limit.server";
import { API_BODY_LIMIT_BYTES } from "~/modules/integrations/api.server";
import { revokeApiToken } from "~/modules/integrations/api-tokens.server";
import * as adminHome from "~/routes/admin._index";
import * as adminPeople from "~/routes/admin.people";
import * as adminTokens from "~/routes/admin.settings.api-tokens._index";
import * as apiFallback from "~/routes/api.v1.$";
import * as departureRoute from "~/routes/api.v1.departures.$departureId";
import * as departuresRoute from "~/routes/api.v1.departures";
import * as openApiRoute from "~/routes/api.v1.openapi[.]json";
import { testDb, useTestDatabase } from "../../support/database";
import { callLoader } from "../../support/remix";
import { allowDatesYearsAway, apiRequest, callRoute, departureBody, problemOf } from "./helpers";
import { installOffboardingDefaults, issueToken } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

let token: string;
let tokenId: string;

beforeEach(async () => {
  await installOffboardingDefaults();
  await allowDatesYearsAway();
  ({ token, id: tokenId } = await issueToken());
});

const list = (init: Parameters<typeof apiRequest>[1] = {}) => callRoute(departuresRoute, apiRequest("/api/v1/departures", init));
const create = (init: Parameters<typeof apiRequest>[1]) => callRoute(departuresRoute, apiRequest("/api/v1/departures", { method: "POST", ...init }));

async function departureCount() {
  const row = await testDb().selectFrom("departures").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("authentication", () => {
  it.each([
    ["no Authorization header", {}],
    ["another scheme", { Authorization: "Basic dXNlcjpwYXNz" }],
    ["a bearer value that is not one of our tokens", { Authorization: "Bearer hello" }],
    ["a well-formed token that was never issued", { Authorization: "Bearer alp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }],
  ])("answers 401 with %s", async (_label, headers) => {
    const response = await list({ headers });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm="api"/);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 401, type: "/api/docs#problem-unauthorized", title: "Authentication required" });
  });

  it("accepts the scheme in any case", async () => {
    expect((await list({ headers: { Authorization: `bearer ${token}` } })).status).toBe(200);
  });

  it("answers 403 to a revoked token", async () => {
    await revokeApiToken(tokenId, { actorUserId: null });
    const response = await list({ token });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).detail).toMatch(/revoked/);
  });

  it("answers 403 to an expired token", async () => {
    await testDb().updateTable("api_tokens").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", tokenId).execute();
    const response = await list({ token });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).detail).toMatch(/expired/);
  });

  it("refuses before reading the body: nothing is created without a valid token", async () => {
    const response = await create({ token: "alp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", json: departureBody() });
    expect(response.status).toBe(401);
    expect(await departureCount()).toBe(0);
  });

  it("records when a token was last used, at most once a minute", async () => {
    const lastUsed = async () =>
      (await testDb().selectFrom("api_tokens").select("last_used_at").where("id", "=", tokenId).executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toBeNull();
    await list({ token });
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await list({ token });
    expect(await lastUsed()).toEqual(first);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await testDb().updateTable("api_tokens").set({ last_used_at: twoMinutesAgo }).where("id", "=", tokenId).execute();
    await list({ token });
    expect((await lastUsed())!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });

  it("does not let an API token open HR pages: they are for signed-in people only", async () => {
    for (const [route, path] of [
      [adminHome, "/admin"],
      [adminPeople, "/admin/people"],
      [adminTokens, "/admin/settings/api-tokens"],
    ] as const) {
      const response = await callLoader(route.loader, apiRequest(path, { token }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });
});

describe("methods and paths", () => {
  it.each([
    ["PUT on the collection", departuresRoute, "/api/v1/departures", "PUT", {}, "GET, POST, HEAD"],
    ["POST on a departure", departureRoute, "/api/v1/departures/7b0e4a1c-1f7d-4c1e-9c55-0c7f0f0e8b11", "POST", { departureId: "7b0e4a1c-1f7d-4c1e-9c55-0c7f0f0e8b11" }, "GET, PATCH, DELETE, HEAD"],
    ["DELETE on the OpenAPI document", openApiRoute, "/api/v1/openapi.json", "DELETE", {}, "GET, HEAD"],
  ])("answers 405 to %s and lists the allowed methods", async (_label, route, path, method, params, allow) => {
    const response = await callRoute(route, apiRequest(path, { method, token }), params);
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe(allow);
    expect((await problemOf(response)).type).toBe("/api/docs#problem-method-not-allowed");
  });

  it("answers a problem+json 404 for a path the API does not have", async () => {
    const response = await callRoute(apiFallback, apiRequest("/api/v1/employees", { token }), { "*": "employees" });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toMatch(/no API endpoint at \/api\/v1\/employees/);
  });
});

describe("request bodies", () => {
  const oversized = () => JSON.stringify({ ...departureBody(), padding: "x".repeat(API_BODY_LIMIT_BYTES) });

  it("answers 413 when Content-Length announces more than 1 MiB", async () => {
    const response = await create({ token, body: "{}", headers: { "Content-Type": "application/json", "Content-Length": String(API_BODY_LIMIT_BYTES + 1) } });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).type).toBe("/api/docs#problem-payload-too-large");
  });

  it("answers 413 when a body without Content-Length grows past 1 MiB", async () => {
    const response = await create({ token, body: oversized(), headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(413);
  });

  it("answers 413 when a streamed body grows past 1 MiB, without reading it all", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 64 * API_BODY_LIMIT_BYTES) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await create({ token, body: stream, headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(2 * API_BODY_LIMIT_BYTES);
  });

  it("accepts a body of exactly 1 MiB", async () => {
    const body = JSON.stringify(departureBody({ externalId: "HR-BIG" }));
    const padded = body.slice(0, -1) + " ".repeat(API_BODY_LIMIT_BYTES - body.length) + "}";
    expect(new TextEncoder().encode(padded).byteLength).toBe(API_BODY_LIMIT_BYTES);
    const response = await create({ token, body: padded, headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(201);
  });

  it.each([
    ["no Content-Type", undefined],
    ["a form", "application/x-www-form-urlencoded"],
    ["plain text", "text/plain"],
    ["JSON in another charset", "application/json; charset=iso-8859-1"],
  ])("answers 415 to a body with %s", async (_label, contentType) => {
    const headers: Record<string, string> = contentType ? { "Content-Type": contentType } : {};
    const response = await create({ token, body: JSON.stringify(departureBody()), headers });
    expect(response.status).toBe(415);
    expect((await problemOf(response)).type).toBe("/api/docs#problem-unsupported-media-type");
  });

  it("accepts application/json with a UTF-8 charset and vendor +json types", async () => {
    for (const [contentType, email] of [["application/json; charset=UTF-8", "a@example.com"], ["application/vnd.hris+json", "b@example.com"]]) {
      const response = await create({ token, body: JSON.stringify(departureBody({}, { email })), headers: { "Content-Type": contentType! } });
      expect(response.status).toBe(201);
    }
  });

  it.each([
    ["truncated JSON", '{"employee": {"email": "a@example.com"'],
    ["an empty body", ""],
    ["a trailing comma", '{"lastDay": "2031-01-01",}'],
  ])("answers 400 to %s", async (_label, body) => {
    const response = await create({ token, body, headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).type).toBe("/api/docs#problem-malformed-request");
  });

  it("answers 400 to bytes that are not UTF-8", async () => {
    const response = await create({ token, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).detail).toMatch(/UTF-8/);
  });

  it("answers 422 at the field for a NUL character, which the database cannot store", async () => {
    const response = await create({ token, json: departureBody({}, { name: "Sam\u0000Leclerc" }) });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([{ pointer: "/employee/name", detail: expect.stringMatching(/NUL/) }]);
  });

  it("never answers 500, whatever the body", async () => {
    const bodies = [
      "[".repeat(400_000) + "]".repeat(400_000),
      JSON.stringify({ employee: { email: { $gt: "" }, name: ["a"], department: Number.MAX_VALUE }, lastDay: true }),
      '{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}',
      JSON.stringify(departureBody({ lastDay: "9999-12-31", noticeDate: "0001-01-01" }, { hireDate: "0001-01-01" })),
      JSON.stringify(departureBody({ reason: "'; drop table departures; --" }, { department: "Ünïcødé 🚀 \ud800" })),
      JSON.stringify(departureBody({}, { email: `${"a".repeat(64)}@${"b".repeat(63)}.example` })),
      "1e999999",
      '"\\u0000"',
    ];
    for (const body of bodies) {
      const response = await create({ token, body, headers: { "Content-Type": "application/json" } });
      expect(response.status, body.slice(0, 60)).toBeLessThan(500);
    }
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a token has used its allowance, and not for another token", async () => {
    await penalizeRateLimit("apiRequestsByToken", tokenId, 600);
    const response = await list({ token });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(response.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect((await problemOf(response)).type).toBe("/api/docs#problem-rate-limited");

    const other = await issueToken({ name: "Other system" });
    expect((await list({ token: other.token })).status).toBe(200);
  });

  it("counts each request, so a token is refused after 600 in a minute", async () => {
    await penalizeRateLimit("apiRequestsByToken", tokenId, 599);
    expect((await list({ token })).status).toBe(200);
    expect((await list({ token })).status).toBe(429);
  });
});
