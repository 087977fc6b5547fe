import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { RATE_LIMITS } from "~/modules/auth/rate-limit.server";
import type { AppLocale } from "~/modules/i18n/config";
import { API_BODY_LIMIT_BYTES } from "./api.server";
import { buildOpenApiDocument, EXAMPLE_CREATE, EXAMPLE_UPDATE, failureCatalogue, problemCatalogue, type OpenApiDocument } from "./openapi.server";

/**
 * What the API reference page shows, read from the generated OpenAPI document (so the page, the
 * document and the validation agree): endpoints with their parameters, body fields and responses,
 * curl examples, the error catalogue, and the departure reasons HR has configured.
 */

type JsonSchema = Record<string, unknown>;

export interface ReferenceField {
  name: string;
  required: boolean;
  nullable: boolean;
  type: string;
  format: string | null;
  enumValues: string[] | null;
  maxLength: number | null;
  minimum: number | null;
  maximum: number | null;
  defaultValue: string | null;
  description: string | null;
}

export interface ReferenceEndpoint {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string | null;
  parameters: ReferenceField[];
  body: ReferenceField[] | null;
  responses: Array<{ status: string; description: string }>;
  curl: string;
}

const METHODS = ["get", "post", "patch", "delete"] as const;

/** The non-null branch of `anyOf: [X, {type: "null"}]` or `type: [X, "null"]`, and whether null is allowed. */
function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as JsonSchema[];
    const nonNull = branches.filter((branch) => branch.type !== "null");
    if (nonNull.length === 1 && nonNull.length < branches.length) {
      return { schema: { ...nonNull[0], description: schema.description ?? nonNull[0]!.description }, nullable: true };
    }
  }
  if (Array.isArray(schema.type) && (schema.type as string[]).includes("null")) {
    const types = (schema.type as string[]).filter((type) => type !== "null");
    return { schema: { ...schema, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema, nullable: false };
}

function describeField(name: string, raw: JsonSchema, required: boolean): ReferenceField {
  const { schema, nullable } = unwrapNullable(raw);
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join(" | ") : String(schema.type ?? "any");
  return {
    name,
    required,
    nullable,
    type,
    format: typeof schema.format === "string" ? schema.format : null,
    enumValues: Array.isArray(schema.enum) ? (schema.enum as unknown[]).map(String) : null,
    maxLength: typeof schema.maxLength === "number" ? schema.maxLength : null,
    minimum: typeof schema.minimum === "number" ? schema.minimum : null,
    maximum: typeof schema.maximum === "number" ? schema.maximum : null,
    defaultValue: schema.default === undefined ? null : String(schema.default),
    description: typeof raw.description === "string" ? raw.description : typeof schema.description === "string" ? schema.description : null,
  };
}

/** An object schema's fields, nested objects flattened to dotted names ("employee.email"). */
export function flattenFields(schema: JsonSchema, prefix = ""): ReferenceField[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([key, property]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    const { schema: inner } = unwrapNullable(property);
    if (inner.type === "object" && inner.properties) {
      return [describeField(name, property, required.has(key)), ...flattenFields(inner, name)];
    }
    return [describeField(name, property, required.has(key))];
  });
}

function schemaOf(document: OpenApiDocument, ref: unknown): JsonSchema | null {
  if (typeof ref !== "string") return null;
  const name = ref.replace("#/components/schemas/", "");
  return (document.components.schemas[name] as JsonSchema | undefined) ?? null;
}

function responseDescription(document: OpenApiDocument, response: JsonSchema): string {
  if (typeof response.$ref === "string") {
    const name = response.$ref.replace("#/components/responses/", "");
    const shared = (document.components.responses as Record<string, JsonSchema>)[name];
    return String(shared?.description ?? "");
  }
  return String(response.description ?? "");
}

/** A shell command a developer can paste: the token comes from $API_TOKEN, never typed inline. */
function curlFor(serverUrl: string, method: string, path: string): string {
  const base = serverUrl.replace(/\/$/, "");
  const sampleId = "3f1c2a9e-5b7d-4e2f-9a61-0c8d4b2e7f10";
  const url = `${base}${path.replace("{departureId}", sampleId)}`;
  const lines = [`curl -X ${method.toUpperCase()} "${method === "get" && path.endsWith("/departures") ? `${url}?status=planned,in_progress&limit=50` : url}"`];
  if (path !== "/api/v1/openapi.json") lines.push(`  -H "Authorization: Bearer $API_TOKEN"`);
  const example = method === "post" ? EXAMPLE_CREATE : method === "patch" ? EXAMPLE_UPDATE : null;
  if (example) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  --data '${JSON.stringify(example, null, 2).replace(/\n/g, "\n  ")}'`);
  }
  return lines.join(" \\\n");
}

export function referenceEndpoints(document: OpenApiDocument, serverUrl: string): ReferenceEndpoint[] {
  return Object.entries(document.paths).flatMap(([path, item]) => {
    const pathItem = item as Record<string, JsonSchema | JsonSchema[]>;
    const sharedParameters = (pathItem.parameters ?? []) as JsonSchema[];
    return METHODS.filter((method) => pathItem[method]).map((method) => {
      const operation = pathItem[method] as JsonSchema;
      const parameters = [...sharedParameters, ...((operation.parameters ?? []) as JsonSchema[])].map((parameter) =>
        describeField(String(parameter.name), { ...(parameter.schema as JsonSchema), description: parameter.description }, Boolean(parameter.required)),
      );
      const bodyRef = (operation.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)?.content?.[
        "application/json"
      ]?.schema?.$ref;
      const bodySchema = schemaOf(document, bodyRef);
      const responses = Object.entries((operation.responses ?? {}) as Record<string, JsonSchema>).map(([status, response]) => ({
        status,
        description: responseDescription(document, response),
      }));
      return {
        id: String(operation.operationId ?? `${method}-${path}`),
        method: method.toUpperCase(),
        path,
        summary: String(operation.summary ?? ""),
        description: typeof operation.description === "string" ? operation.description : null,
        parameters,
        body: bodySchema ? flattenFields(bodySchema) : null,
        responses: responses.sort((a, b) => a.status.localeCompare(b.status)),
        curl: curlFor(serverUrl, method, path),
      };
    });
  });
}

export async function listReasonCodes(locale: AppLocale, db: DB = getDb()) {
  const rows = await db
    .selectFrom("departure_reasons")
    .select(["code", "label_en", "label_fr"])
    .where("active", "=", true)
    .orderBy("position")
    .limit(100)
    .execute();
  return rows.map((row) => ({ code: row.code, label: locale === "fr" ? row.label_fr : row.label_en }));
}

export async function buildReference(serverUrl: string, locale: AppLocale) {
  const document = buildOpenApiDocument(serverUrl);
  return {
    serverUrl,
    version: String(document.info.version),
    endpoints: referenceEndpoints(document, serverUrl),
    problems: problemCatalogue(),
    failures: failureCatalogue(),
    reasons: await listReasonCodes(locale),
    rateLimitPerMinute: RATE_LIMITS.apiRequestsByToken.points,
    bodyLimitBytes: API_BODY_LIMIT_BYTES,
    exampleProblem: {
      type: "/api/docs#problem-validation-failed",
      title: "Invalid fields",
      status: 422,
      detail: "2 fields are invalid: /employee/email, /lastDay.",
      errors: [
        { pointer: "/employee/email", detail: "Enter an email address like name@example.com." },
        { pointer: "/lastDay", detail: "The last working day cannot be before the notice date (2026-12-01)." },
      ],
    },
  };
}
