import { readdirSync } from "node:fs";
import { z } from "zod";
import enFailures from "~/locales/en/failures.json";
import {
  departureCreateBody,
  departureListQuery,
  departureUpdateBody,
  REQUEST_JSON_SCHEMA_OPTIONS,
} from "~/modules/integrations/api-schemas";
import { EXAMPLE_CREATE, EXAMPLE_UPDATE, LIST_PARAMETERS } from "~/modules/integrations/openapi.server";
import { PROBLEM_TYPES } from "~/modules/integrations/problems";
import * as docsPage from "~/routes/api.docs";
import * as departureRoute from "~/routes/api.v1.departures.$departureId";
import * as departuresRoute from "~/routes/api.v1.departures";
import * as enpsMetricsRoute from "~/routes/api.v1.metrics.enps";
import * as openApiRoute from "~/routes/api.v1.openapi[.]json";
import { useTestDatabase } from "../../support/database";
import { callLoader } from "../../support/remix";
import { apiRequest, callRoute } from "./helpers";
import { installOffboardingDefaults, issueToken } from "../../factories";

useTestDatabase();

type Json = Record<string, any>;

async function fetchDocument(): Promise<Json> {
  const response = await callRoute(openApiRoute, apiRequest("/api/v1/openapi.json"));
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  return JSON.parse(await response.text());
}

/** The URL path of each API route file: api.v1.departures.$departureId.ts → /api/v1/departures/{departureId}. */
function routePaths(): string[] {
  return readdirSync("app/routes")
    .filter((file) => file.startsWith("api.v1.") && !file.startsWith("api.v1.$."))
    .map((file) => {
      const base = file.replace(/\.tsx?$/, "").replace(/\[\.\]/g, "\u0000");
      const segments = base.split(".").map((segment) => segment.replace(/\u0000/g, ".").replace(/^\$(.+)$/, "{$1}"));
      return `/${segments.join("/")}`;
    });
}

const ROUTES: Record<string, { route: typeof departuresRoute; params: Record<string, string> }> = {
  "/api/v1/departures": { route: departuresRoute, params: {} },
  "/api/v1/departures/{departureId}": { route: departureRoute, params: { departureId: "7b0e4a1c-1f7d-4c1e-9c55-0c7f0f0e8b11" } },
  "/api/v1/metrics/enps": { route: enpsMetricsRoute, params: {} },
  "/api/v1/openapi.json": { route: openApiRoute, params: {} },
};

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document, public, with the bearer scheme applied to the API", async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.paths["/api/v1/openapi.json"].get.security).toEqual([]);
  });

  it("describes every API route file", async () => {
    const document = await fetchDocument();
    const paths = routePaths();
    expect(paths.sort()).toEqual(Object.keys(document.paths).sort());
  });

  it("documents exactly the methods each route answers", async () => {
    const document = await fetchDocument();
    const { token } = await issueToken();
    for (const [path, { route, params }] of Object.entries(ROUTES)) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const documented = Boolean(document.paths[path][method.toLowerCase()]);
        const request = apiRequest(path, { method, token, ...(method === "GET" || method === "DELETE" ? {} : { json: {} }) });
        const response = await callRoute(route, request, params);
        expect(response.status === 405, `${method} ${path}`).toBe(!documented);
      }
    }
  });

  it("generates each request schema from the very zod schema the route validates with", async () => {
    const document = await fetchDocument();
    const generated = (schema: z.ZodType) => {
      const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, REQUEST_JSON_SCHEMA_OPTIONS) as Json;
      return rest;
    };
    expect(document.components.schemas.DepartureCreate).toEqual(generated(departureCreateBody));
    expect(document.components.schemas.DepartureUpdate).toEqual(generated(departureUpdateBody));
    const parameters = document.paths["/api/v1/departures"].get.parameters as Json[];
    expect(parameters.map((p) => p.name)).toEqual([...LIST_PARAMETERS]);
    for (const parameter of parameters) {
      const { description, ...schema } = generated(departureListQuery.shape[parameter.name as (typeof LIST_PARAMETERS)[number]]);
      expect(parameter).toMatchObject({ in: "query", description, schema });
    }
    expect(document.paths["/api/v1/departures"].post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/DepartureCreate",
    });
    expect(document.paths["/api/v1/departures/{departureId}"].patch.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/DepartureUpdate",
    });
  });

  it("names the required fields and formats the API checks", async () => {
    const { DepartureCreate } = (await fetchDocument()).components.schemas;
    expect(DepartureCreate.required).toEqual(["employee", "lastDay"]);
    expect(DepartureCreate.additionalProperties).toBe(false);
    expect(DepartureCreate.properties.employee.required).toEqual(["email", "name", "department"]);
    expect(DepartureCreate.properties.employee.properties.email).toMatchObject({ type: "string", format: "email", maxLength: 254 });
    expect(DepartureCreate.properties.lastDay).toMatchObject({ type: "string", format: "date" });
    expect(DepartureCreate.properties.type.anyOf[0].enum).toEqual(["voluntary", "involuntary", "retirement", "end_of_contract", "other"]);
  });

  it("gives examples the API accepts", () => {
    expect(departureCreateBody.safeParse(EXAMPLE_CREATE).success).toBe(true);
    expect(departureUpdateBody.safeParse(EXAMPLE_UPDATE).success).toBe(true);
  });

  it("answers every error as problem+json, and every reference resolves", async () => {
    const document = await fetchDocument();
    const text = JSON.stringify(document);
    for (const [, ref] of text.matchAll(/"\$ref":"([^"]+)"/g)) {
      const target = ref!.replace(/^#\//, "").split("/").reduce<Json | undefined>((node, key) => node?.[key], document);
      expect(target, ref).toBeDefined();
    }
    const statuses = new Set<string>();
    for (const item of Object.values(document.paths) as Json[]) {
      for (const operation of Object.values(item).filter((o): o is Json => typeof o === "object" && !Array.isArray(o) && "responses" in o)) {
        for (const [status, response] of Object.entries(operation.responses as Json)) {
          if (Number(status) < 400) continue;
          statuses.add(status);
          const resolved = response.$ref ? document.components.responses[response.$ref.split("/").at(-1)] : response;
          expect(Object.keys(resolved.content), status).toEqual(["application/problem+json"]);
        }
      }
    }
    const catalogued = new Set(Object.values(PROBLEM_TYPES).map((p) => String(p.status)));
    for (const status of statuses) expect(catalogued.has(status), status).toBe(true);
    for (const status of ["400", "401", "403", "404", "405", "409", "413", "415", "422", "429"]) expect(statuses.has(status), status).toBe(true);
  });
});

describe("the API reference page", () => {
  it("lists every endpoint with a curl example, the configured reasons and the error table", async () => {
    await installOffboardingDefaults();
    const response = await callLoader(docsPage.loader, apiRequest("/api/docs"));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.endpoints.map((e: Json) => `${e.method} ${e.path}`)).toEqual([
      "GET /api/v1/departures",
      "POST /api/v1/departures",
      "GET /api/v1/departures/{departureId}",
      "PATCH /api/v1/departures/{departureId}",
      "DELETE /api/v1/departures/{departureId}",
      "GET /api/v1/metrics/enps",
      "GET /api/v1/openapi.json",
    ]);
    const post = data.endpoints.find((e: Json) => e.id === "createDeparture");
    expect(post.curl).toContain('-H "Authorization: Bearer $API_TOKEN"');
    expect(post.curl).toContain('"externalId": "HR-1001"');
    expect(post.body.map((f: Json) => f.name)).toContain("employee.email");
    expect(post.body.find((f: Json) => f.name === "employee.email")).toMatchObject({ required: true, format: "email", maxLength: 254 });
    expect(data.reasons.map((r: Json) => r.code)).toContain("career_growth");
    expect(data.problems.map((p: Json) => p.status)).toEqual([...data.problems.map((p: Json) => p.status)].sort((a, b) => a - b));
  });

  it("lists every failure code with its English message, as the OpenAPI document does", async () => {
    const response = await callLoader(docsPage.loader, apiRequest("/api/docs", { headers: { "Accept-Language": "fr" } }));
    const data = await response.json();
    const codes = leafCodes(enFailures);
    expect(data.failures.map((f: Json) => f.code).sort()).toEqual(codes.sort());
    expect(data.failures.find((f: Json) => f.code === "common.notFound").message).toBe(enFailures.common.notFound);
    const document = await (await callRoute(openApiRoute, apiRequest("/api/v1/openapi.json"))).json();
    expect(document["x-failures"]).toContainEqual({
      code: "common.notFound",
      type: "/api/docs#failure-common.notFound",
      message: enFailures.common.notFound,
    });
    expect(document["x-failures"]).toHaveLength(codes.length);
  });

  it("words a failure that borrows another message's wording with that wording, not i18next's nesting syntax", async () => {
    const response = await callLoader(docsPage.loader, apiRequest("/api/docs"));
    const data = await response.json();
    expect(data.failures.filter((f: Json) => f.message.includes("$t(")).map((f: Json) => f.code)).toEqual([]);
    expect(data.failures.find((f: Json) => f.code === "team.deleteRefusedBoth").message).toBe(
      "{{name}} cannot be deleted while it owns work: {{openTasks}} open tasks and {{templateTasks}} template tasks. Give that work to another owner first.",
    );
    expect(data.failures.find((f: Json) => f.code === "departure.unusualDate.past_other").message).toBe(
      "Check the {{field}}: {{date}} is more than {{count}} days ago.",
    );
  });
});

function leafCodes(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : leafCodes(value as object, `${prefix}${key}.`),
  );
}
