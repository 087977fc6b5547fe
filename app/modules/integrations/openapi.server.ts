import { z } from "zod";
import enFailures from "~/locales/en/failures.json";
import { resources } from "~/modules/i18n/config";
import type { FailureCode } from "~/utils/failures";
import { RATE_LIMITS } from "~/modules/auth/rate-limit.server";
import {
  departureCreateBody,
  departureListQuery,
  departureListResponse,
  departureResponse,
  departureUpdateBody,
  departureWithTasksResponse,
  LIST_LIMIT_MAX,
  problemResponse,
  REQUEST_JSON_SCHEMA_OPTIONS,
  RESPONSE_JSON_SCHEMA_OPTIONS,
  taskResponse,
} from "./api-schemas";
import { API_BODY_LIMIT_BYTES } from "./api.server";
import { ENPS_METRICS_PARAMETERS, enpsMetricsQuery, enpsMetricsResponse } from "./metrics-api.server";
import { failureTypeUri, PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type ProblemType } from "./problems";

/**
 * The OpenAPI 3.1 description of the HRIS API, generated from the zod schemas that validate the
 * requests (and type the responses), so that it cannot drift from what the API does.
 */

type JsonSchema = Record<string, unknown>;

/** Request schemas exactly as z.toJSONSchema gives them, minus `$schema` (the document names the dialect once). */
export function requestJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, REQUEST_JSON_SCHEMA_OPTIONS) as JsonSchema;
  return rest;
}

/**
 * Response schemas. Objects are left open (no `additionalProperties: false`): a field added to a
 * response later must not break a client that validates strictly.
 */
function responseJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    ...RESPONSE_JSON_SCHEMA_OPTIONS,
    override: ({ jsonSchema }) => {
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
      // z.int() states JavaScript's safe-integer range: true, but noise for counts and statuses.
      if (jsonSchema.type === "integer" && jsonSchema.minimum === Number.MIN_SAFE_INTEGER && jsonSchema.maximum === Number.MAX_SAFE_INTEGER) {
        delete jsonSchema.minimum;
        delete jsonSchema.maximum;
      }
    },
  }) as JsonSchema;
  return rest;
}

/** The schema each request body and query parameter is validated with, by component or parameter name. */
export const REQUEST_SCHEMAS = {
  DepartureCreate: departureCreateBody,
  DepartureUpdate: departureUpdateBody,
} as const;

export const LIST_PARAMETERS = ["limit", "cursor", "status", "updatedSince"] as const satisfies readonly (keyof typeof departureListQuery.shape)[];

export const EXAMPLE_CREATE = {
  employee: {
    email: "sam.leclerc@example.com",
    name: "Sam Leclerc",
    department: "Engineering",
    title: "Backend engineer",
    managerEmail: "alex.martin@example.com",
    personalEmail: "sam@example.net",
    location: "Paris",
    hireDate: "2021-03-01",
  },
  noticeDate: "2026-11-27",
  lastDay: "2026-12-18",
  terminationDate: "2026-12-31",
  type: "voluntary",
  reason: "career_growth",
  externalId: "HR-1001",
};

export const EXAMPLE_UPDATE = { lastDay: "2027-01-08", terminationDate: "2027-01-15" };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function problem(description: string, headers?: Record<string, unknown>) {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: ref("Problem") } },
  };
}

const retryAfterHeader = {
  "Retry-After": { description: "Seconds to wait before the next request.", schema: { type: "integer" } },
};

/** Shared error responses, by the problem types the catalogue defines. */
const PROBLEM_RESPONSES: Record<string, ReturnType<typeof problem>> = {
  Unauthorized: problem("No API token, a malformed Authorization header, or a token that does not exist.", {
    "WWW-Authenticate": { description: 'Bearer realm="api"', schema: { type: "string" } },
  }),
  Forbidden: problem("The API token has been revoked or has expired."),
  NotFound: problem("There is no departure with this id."),
  MethodNotAllowed: problem("The method is not supported on this path (see the Allow header).", {
    Allow: { description: "The methods this path supports.", schema: { type: "string" } },
  }),
  PayloadTooLarge: problem(`The body is larger than ${API_BODY_LIMIT_BYTES} bytes (1 MiB).`),
  UnsupportedMediaType: problem("The body is not sent as application/json (UTF-8)."),
  MalformedRequest: problem("The body is empty, not UTF-8, or not valid JSON."),
  ValidationFailed: problem(
    "Some fields are invalid (validation-failed), or dates lie outside the window of usual dates HR set and need `confirmUnusualDates: true` (unusual-dates): `errors` has one entry per field, with its JSON Pointer.",
  ),
  TooManyRequests: problem(
    `More than ${RATE_LIMITS.apiRequestsByToken.points} requests in a minute with this token.`,
    retryAfterHeader,
  ),
};

const responseRef = (name: keyof typeof PROBLEM_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

/** Errors every authenticated operation can answer. */
const COMMON_ERRORS = {
  "401": responseRef("Unauthorized"),
  "403": responseRef("Forbidden"),
  "405": responseRef("MethodNotAllowed"),
  "429": responseRef("TooManyRequests"),
};

const BODY_ERRORS = {
  "400": responseRef("MalformedRequest"),
  "413": responseRef("PayloadTooLarge"),
  "415": responseRef("UnsupportedMediaType"),
  "422": responseRef("ValidationFailed"),
};

function json(schemaName: string, description: string, extra: Record<string, unknown> = {}) {
  return { description, ...extra, content: { "application/json": { schema: ref(schemaName) } } };
}

function listParameters() {
  return LIST_PARAMETERS.map((name) => {
    const schema = requestJsonSchema(departureListQuery.shape[name]);
    const { description, ...rest } = schema;
    return { name, in: "query", required: false, description, schema: rest };
  });
}

function enpsMetricsParameters() {
  return ENPS_METRICS_PARAMETERS.map((name) => {
    const schema = requestJsonSchema(enpsMetricsQuery.shape[name]);
    const { description, ...rest } = schema;
    return { name, in: "query", required: false, description, schema: rest };
  });
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; [key: string]: unknown };
  [key: string]: unknown;
}

/** The document, with `serverUrl` (the portal's address) as its server. */
export function buildOpenApiDocument(serverUrl: string): OpenApiDocument {
  const departureId = {
    name: "departureId",
    in: "path",
    required: true,
    description: "The departure's id (a UUID, as returned by POST or GET).",
    schema: { type: "string", format: "uuid" },
  };
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Alumni Portal HRIS API",
      version: "1.0.0",
      description: [
        "Record and follow departures from an HR information system.",
        "",
        "Authenticate with an API token (created by an HR admin in Settings → API tokens, or with `npm run cli -- api-token:create --name <name>`): `Authorization: Bearer alp_…`.",
        `Each token may make ${RATE_LIMITS.apiRequestsByToken.points} requests a minute; past that the API answers 429 with Retry-After.`,
        `Bodies are JSON (UTF-8), at most ${API_BODY_LIMIT_BYTES} bytes. Dates are YYYY-MM-DD (company calendar days); timestamps are ISO 8601 in UTC.`,
        "Errors are RFC 9457 problem details (application/problem+json); invalid fields are listed in `errors`, one entry per field with its JSON Pointer.",
        "When the portal refuses a request for a business reason (dates that collide, a completed departure), `type` is `/api/docs#failure-<code>`: the codes and their messages are listed under `x-failures` (and on /api/docs).",
        "Creating is idempotent: the same externalId (or, without one, the same work email and last day) returns the existing departure with 200 and changes nothing.",
      ].join("\n"),
    },
    servers: [{ url: serverUrl }],
    "x-failures": failureCatalogue().map(({ code, message }) => ({ code, type: failureTypeUri(code), message })),
    security: [{ bearerAuth: [] }],
    tags: [{ name: "Departures" }, { name: "Metrics" }, { name: "Meta" }],
    paths: {
      "/api/v1/departures": {
        get: {
          operationId: "listDepartures",
          tags: ["Departures"],
          summary: "List departures",
          description: `Least recently updated first, ${LIST_LIMIT_MAX} at most per page. Follow nextCursor until it is null. A departure updated while you page moves to the end and is returned again, so none is skipped. For a periodic sync, pass the largest updatedAt you saw (less a minute of margin) as updatedSince.`,
          parameters: listParameters(),
          responses: {
            "200": json("DepartureList", "A page of departures."),
            "400": problem("A query parameter is invalid: `errors` names each one."),
            ...COMMON_ERRORS,
          },
        },
        post: {
          operationId: "createDeparture",
          tags: ["Departures"],
          summary: "Record a departure",
          description:
            "Creates the departure and the leaver's account, and expands every matching checklist template into dated tasks. Posting the same externalId again returns the existing departure with 200 and changes nothing.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("DepartureCreate"), examples: { departure: { value: EXAMPLE_CREATE } } } },
          },
          responses: {
            "201": json("DepartureWithTasks", "Recorded, with its generated tasks.", {
              headers: { Location: { description: "The departure's URL.", schema: { type: "string" } } },
            }),
            "200": json("DepartureWithTasks", "It already existed (same externalId, or same work email and last day): returned unchanged."),
            "409": problem("The same work email and last day are already recorded under another externalId."),
            ...BODY_ERRORS,
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/v1/departures/{departureId}": {
        parameters: [departureId],
        get: {
          operationId: "getDeparture",
          tags: ["Departures"],
          summary: "Get a departure with its tasks",
          responses: {
            "200": json("DepartureWithTasks", "The departure."),
            "404": responseRef("NotFound"),
            ...COMMON_ERRORS,
          },
        },
        patch: {
          operationId: "updateDeparture",
          tags: ["Departures"],
          summary: "Change a departure's dates or status",
          description: "Open tasks are re-dated from the new dates; done and not-applicable tasks keep theirs.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("DepartureUpdate"), examples: { newLastDay: { value: EXAMPLE_UPDATE } } } },
          },
          responses: {
            "200": json("DepartureWithTasks", "The departure after the change."),
            "404": responseRef("NotFound"),
            ...BODY_ERRORS,
            ...COMMON_ERRORS,
          },
        },
        delete: {
          operationId: "cancelDeparture",
          tags: ["Departures"],
          summary: "Cancel a departure",
          description:
            "Sets the status to cancelled; the record and its tasks stay for the audit trail. Answers 200 with the cancelled departure; cancelling it again changes nothing. A completed departure cannot be cancelled (409).",
          responses: {
            "200": json("DepartureWithTasks", "The cancelled departure."),
            "404": responseRef("NotFound"),
            "409": problem("The departure is completed and cannot be cancelled."),
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/v1/metrics/enps": {
        get: {
          operationId: "getEnpsMetrics",
          tags: ["Metrics"],
          summary: "eNPS, its margin of error, themes and departures",
          description: [
            "The aggregates of HR's eNPS dashboard for the same filters: eNPS per month (exit and pulse side by side), the totals with their 0–10 distribution and promoter / passive / detractor split, per department, comment themes, and departures from HR's own records.",
            "Each figure sums confidential responses and whole released anonymous blocks (counts added, never scores averaged), with its respondent count and its 95% margin of error in ± points.",
            "Anonymous data is only ever counted in whole blocks of at least k responses; a confidential group of fewer than k respondents is left out and, with no block to show, answered as `{\"suppressed\": true, \"reason\": \"fewer_than_k\", \"k\": k}`, never with its counts.",
          ].join("\n\n"),
          parameters: enpsMetricsParameters(),
          responses: {
            "200": json("EnpsMetrics", "The aggregates."),
            "400": problem("A query parameter is invalid: `errors` names each one."),
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          tags: ["Meta"],
          summary: "This document",
          security: [],
          responses: { "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": {} } } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "alp_ followed by 32 characters",
          description: "An API token. It is shown once when created and stored hashed; HR admins can revoke it at any time.",
        },
      },
      schemas: {
        DepartureCreate: requestJsonSchema(departureCreateBody),
        DepartureUpdate: requestJsonSchema(departureUpdateBody),
        Departure: responseJsonSchema(departureResponse),
        DepartureWithTasks: responseJsonSchema(departureWithTasksResponse),
        Task: responseJsonSchema(taskResponse),
        DepartureList: responseJsonSchema(departureListResponse),
        EnpsMetrics: responseJsonSchema(enpsMetricsResponse),
        Problem: responseJsonSchema(problemResponse),
      },
      responses: PROBLEM_RESPONSES,
    },
  };
}

/** The problem types in the order the reference page lists them. */
export function problemCatalogue(): Array<{ type: ProblemType; status: number; title: string }> {
  return (Object.keys(PROBLEM_TYPES) as ProblemType[])
    .map((type) => ({ type, ...PROBLEM_TYPES[type] }))
    .sort((a, b) => a.status - b.status);
}

/** Every failure code (ADR 013) with its English message, as app/locales/en/failures.json words it. */
export function failureCatalogue(): Array<{ code: FailureCode; message: string }> {
  const entries: Array<{ code: FailureCode; message: string }> = [];
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string") entries.push({ code: `${prefix}${key}` as FailureCode, message: withNestingResolved(value) });
      else walk(value as Record<string, unknown>, `${prefix}${key}.`);
    }
  };
  walk(enFailures, "");
  return entries.sort((a, b) => a.code.localeCompare(b.code));
}

const NESTING = /\$t\(([^,)]+)(?:,[^)]*)?\)/g;

/**
 * A message that borrows another's wording (`$t(offboarding:validation.lastDayBeforeNotice)`) shows
 * that wording on the reference page, as a reader of the API sees it, with its `{{placeholders}}`
 * kept. A key chosen by a value (`$t(offboarding:fields.{{field}})`) stays that value's placeholder;
 * a plural key shows its general ("_other") form.
 */
function withNestingResolved(message: string, depth = 0): string {
  if (depth > 3) return message;
  return message.replace(NESTING, (whole, reference: string) => {
    const [namespace, key] = reference.includes(":") ? reference.split(":", 2) : ["failures", reference];
    if (key!.includes("{{")) return key!.slice(key!.indexOf("{{"));
    const found = lookUp(namespace!, key!);
    if (found === undefined) return whole;
    // `$t(team.openTasks, {"count": {{openTasks}} })`: the borrowed wording counts the caller's value.
    const count = /"count":\s*(\{\{\w+\}\})/.exec(whole)?.[1];
    const text = withNestingResolved(found, depth + 1);
    return count ? text.replaceAll("{{count}}", count) : text;
  });
}

function lookUp(namespace: string, key: string): string | undefined {
  let node: unknown = (resources.en as Record<string, unknown>)[namespace];
  for (const part of key.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  if (typeof node === "string") return node;
  if (node === undefined && !key.endsWith("_other")) {
    const parent = key.split(".").slice(0, -1);
    const last = key.split(".").at(-1);
    return lookUp(namespace, [...parent, `${last}_other`].join("."));
  }
  return undefined;
}
