import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { consumeRateLimit, RATE_LIMITS } from "~/modules/auth/rate-limit.server";
import { unusualDatesIn } from "~/modules/offboarding/unusual-date-failures";
import { logger } from "~/modules/platform/logger.server";
import { apiT, CREATE_FIELD_POINTERS } from "./api-schemas";
import { authenticateApiRequest, type ApiAuthFailureReason, type ApiToken } from "./api-tokens.server";
import { isDomainFailure } from "~/utils/failures";
import { ApiProblem, failureProblem, jsonPointer, PROBLEM_CONTENT_TYPE, type ProblemFieldError } from "./problems";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, isUniqueViolation } from "~/utils/db.server";

/**
 * The HRIS API's one wrapper: every /api/v1 route goes through `handleApiRequest`, which checks the
 * method, authenticates the bearer token, applies the per-token rate limit, reads the JSON body
 * within its size limit, and turns every error into RFC 9457 problem details. Handlers only parse,
 * call the domain and answer.
 */

/** 1 MiB: far above any departure, small enough that a client cannot make us buffer much. */
export const API_BODY_LIMIT_BYTES = 1024 * 1024;

/** Route parameters, as Remix passes them. */
export type Params = Record<string, string | undefined>;

export type ApiMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface ApiRequestContext {
  request: Request;
  url: URL;
  params: Params;
  /** The authenticated token; absent on public endpoints (the OpenAPI document). */
  token: ApiToken | null;
  /** The body as JSON: 415, 413 or 400 problems when it is not acceptable. */
  readJson(): Promise<unknown>;
}

export type ApiHandler = (context: ApiRequestContext) => Promise<Response>;

export interface ApiResource {
  methods: Partial<Record<ApiMethod, ApiHandler>>;
  /** Public resources (the OpenAPI document) need no token and are not rate-limited. */
  public?: boolean;
}

interface RouteArgs {
  request: Request;
  params: Params;
  context: AppLoadContext;
}

const AUTH_DETAILS: Record<ApiAuthFailureReason, string> = {
  missing: "Send an API token in the Authorization header: Authorization: Bearer alp_…",
  malformed: "The Authorization header must be \"Bearer\" followed by an API token that starts with alp_.",
  unknown: "This API token does not exist. Create one in Settings → API tokens.",
  revoked: "This API token has been revoked. Ask an HR admin for a new one.",
  expired: "This API token has expired. Ask an HR admin for a new one.",
};

export async function handleApiRequest(args: RouteArgs, resource: ApiResource): Promise<Response> {
  const { request } = args;
  try {
    // HEAD is GET without a body (Remix sends it to the loader).
    const method = (request.method.toUpperCase() === "HEAD" ? "GET" : request.method.toUpperCase()) as ApiMethod;
    const handler = resource.methods[method];
    if (!handler) {
      const allowed = Object.keys(resource.methods);
      if (allowed.includes("GET")) allowed.push("HEAD");
      throw new ApiProblem("method-not-allowed", `${request.method} is not supported here. Use ${allowed.join(", ")}.`, {
        headers: { Allow: allowed.join(", ") },
      });
    }
    let token: ApiToken | null = null;
    if (!resource.public) {
      const auth = await authenticateApiRequest(request);
      if (!auth.ok) {
        throw new ApiProblem(auth.status === 401 ? "unauthorized" : "forbidden", AUTH_DETAILS[auth.reason], {
          headers: {
            "WWW-Authenticate": auth.status === 401 && auth.reason !== "missing" ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"',
          },
        });
      }
      token = auth.token;
      const verdict = await consumeRateLimit("apiRequestsByToken", token.id);
      if (!verdict.allowed) {
        const seconds = Math.ceil(verdict.retryAfterMs / 1000);
        throw new ApiProblem(
          "rate-limited",
          `This token made more than ${RATE_LIMITS.apiRequestsByToken.points} requests in a minute. Retry in ${seconds} seconds.`,
          { headers: { "Retry-After": String(seconds) } },
        );
      }
    }
    const url = new URL(request.url);
    return await handler({ request, url, params: args.params, token, readJson: () => readJsonBody(request) });
  } catch (error) {
    return problemResponse(toProblem(error, args.context));
  }
}

/** A domain field name at the API body's JSON Pointer ("employeeEmail" → "/employee/email"). */
export function apiPointerOf(field: string): string {
  return CREATE_FIELD_POINTERS[field] ?? jsonPointer([field]);
}

/**
 * Maps every error to a problem: ours as they are, domain refusals (DomainFailure, ADR 013) by their
 * kind and code, anything else to 500.
 */
export function toProblem(error: unknown, context: AppLoadContext): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (isDomainFailure(error)) {
    const problem = failureProblem(error, apiPointerOf);
    const unusual = unusualDatesIn(error.failures);
    if (unusual.length === 0) return problem;
    // The documented unusual-dates problem says what to send again; each date's message is in errors[].
    const fields = unusual.map((date) => apiPointerOf(date.field)).join(", ");
    const one = unusual.length === 1;
    return new ApiProblem(
      problem.problemType,
      `${one ? "This date is" : "These dates are"} outside the window of usual dates set by HR: ${fields}. If ${one ? "it is" : "they are"} right, send the request again with "confirmUnusualDates": true.`,
      problem.options,
    );
  }
  if (isUniqueViolation(error)) {
    // createDeparture resolves a repeated externalId itself; what reaches here is the same person
    // and last day already recorded under another externalId.
    return new ApiProblem(
      "conflict",
      error.constraint === "departures_email_last_day_idx"
        ? "A departure with this work email and last day already exists under another externalId. Change that departure (PATCH), or cancel it first."
        : "This conflicts with an existing record.",
    );
  }
  if (isDatabaseUnavailable(error)) {
    // Nothing was written (the transaction, if any, did not commit): the same request can be sent again.
    logger.warn({ err: error, requestId: context?.requestId }, "API request failed: database unavailable");
    return unavailableProblem();
  }
  logger.error({ err: error, requestId: context?.requestId }, "API request failed");
  return new ApiProblem("internal-error", `Something went wrong on our side. Quote request id ${context?.requestId ?? "unknown"} if you report it.`);
}

/** The answer while the database is unreachable (docs/decisions/036): 503 with Retry-After. */
export function unavailableProblem(): ApiProblem {
  return new ApiProblem(
    "service-unavailable",
    `The database is unreachable right now and nothing was changed. Send the same request again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
    { headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) } },
  );
}

export function problemResponse(problem: ApiProblem): Response {
  return new Response(JSON.stringify(problem.toDocument()), {
    status: problem.status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store", ...problem.options.headers },
  });
}

export function apiJson(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...init.headers },
  });
}

export function validationProblem(errors: ProblemFieldError[]): ApiProblem {
  const fields = errors.map((e) => e.pointer ?? e.parameter).join(", ");
  return new ApiProblem("validation-failed", `${errors.length === 1 ? "One field is" : `${errors.length} fields are`} invalid: ${fields}.`, {
    errors,
  });
}

/**
 * One error per invalid field, at its JSON Pointer; an unknown key is reported at its own pointer.
 * `pointerOf` maps a zod path when the schema's names are not the API's.
 */
export function zodIssuesToProblemErrors(
  issues: readonly z.core.$ZodIssue[],
  pointerOf: (path: readonly PropertyKey[]) => string = jsonPointer,
): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const seen = new Set<string>();
  const push = (pointer: string, detail: string) => {
    // One entry per field: the first (most basic) problem is the one to fix.
    if (seen.has(pointer)) return;
    seen.add(pointer);
    errors.push({ pointer, detail });
  };
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) push(pointerOf([...issue.path, key]), apiT("api.validation.unknownField"));
    } else {
      push(pointerOf(issue.path), issue.message);
    }
  }
  return errors;
}

/**
 * Messages for what the field schemas leave to zod's defaults (a number where a string belongs, a
 * null in a required field): the schemas' own messages take precedence.
 */
export function apiIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return apiT("api.validation.required");
    const received = issue.input === null ? "null" : Array.isArray(issue.input) ? "array" : typeof issue.input;
    if (issue.expected === "object") return apiT("api.validation.expectedObject", { received });
    return apiT("api.validation.expectedType", { expected: issue.expected, received });
  }
  return undefined;
}

// The body -----------------------------------------------------------------------------------

/** application/json or any application/…+json, in UTF-8 (RFC 8259 allows nothing else). */
function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const [mediaType, ...parameters] = header.split(";").map((part) => part.trim().toLowerCase());
  if (!mediaType || !/^application\/([a-z0-9.+-]+\+)?json$/.test(mediaType)) return false;
  const charset = parameters.find((p) => p.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  return charset === undefined || charset === "utf-8" || charset === "utf8";
}

/**
 * The refusal closes the connection: the rest of the body is never read, and a socket left open
 * would make the server read and discard it (or hand the next request garbage).
 */
function tooLarge(): ApiProblem {
  return new ApiProblem("payload-too-large", `The body must not exceed ${API_BODY_LIMIT_BYTES} bytes (1 MiB).`, {
    headers: { Connection: "close" },
  });
}

/**
 * Reads at most the limit. The declared Content-Length is checked first (a cheap early refusal),
 * but the bytes are counted as they arrive too: a chunked body has no length and a client may lie.
 */
async function readLimitedBody(request: Request): Promise<Uint8Array> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > API_BODY_LIMIT_BYTES) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > API_BODY_LIMIT_BYTES) {
      // Stop pulling, but do not cancel: cancelling destroys the socket before the 413 is sent.
      // Unread, the stream applies back-pressure, and Connection: close ends it after the answer.
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function readJsonBody(request: Request): Promise<unknown> {
  if (!isJsonContentType(request.headers.get("Content-Type"))) {
    throw new ApiProblem("unsupported-media-type", "Send the body as JSON with Content-Type: application/json (UTF-8).");
  }
  const bytes = await readLimitedBody(request);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiProblem("malformed-request", "The body is not valid UTF-8.");
  }
  if (text.trim() === "") throw new ApiProblem("malformed-request", "The body is empty: send a JSON object.");
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : "it could not be parsed";
    throw new ApiProblem("malformed-request", `The body is not valid JSON: ${reason}.`);
  }
  const withNul = pointersToNulCharacters(body);
  if (withNul.length > 0) {
    throw validationProblem(withNul.map((pointer) => ({ pointer, detail: apiT("api.validation.nulCharacter") })));
  }
  return body;
}

/**
 * JSON may carry "\u0000", which PostgreSQL text cannot store: refused here, at its field, rather
 * than failing in the database. Iterative, so that a deeply nested body cannot overflow the stack.
 */
function pointersToNulCharacters(body: unknown): string[] {
  // Each node points at its parent: paths are built only for the (rare) hits, never copied per level.
  interface Node {
    value: unknown;
    key: string | null;
    parent: Node | null;
  }
  const pathOf = (node: Node, last?: string) => {
    const reversed: string[] = last === undefined ? [] : [last];
    for (let at: Node | null = node; at && at.key !== null; at = at.parent) reversed.push(at.key);
    return jsonPointer(reversed.reverse());
  };
  const found: string[] = [];
  const stack: Node[] = [{ value: body, key: null, parent: null }];
  while (stack.length > 0 && found.length < 50) {
    const node = stack.pop()!;
    if (typeof node.value === "string") {
      if (node.value.includes("\u0000")) found.push(pathOf(node));
    } else if (node.value !== null && typeof node.value === "object") {
      for (const [key, nested] of Object.entries(node.value)) {
        if (key.includes("\u0000")) found.push(pathOf(node, key));
        else stack.push({ value: nested, key, parent: node });
      }
    }
  }
  return found;
}
