import { failureText } from "~/modules/i18n/failure-text";
import type { DomainFailure, Failure, FailureCode, FailureKind } from "~/utils/failures";

/**
 * Every error the HRIS API can answer, as RFC 9457 problem details (`application/problem+json`).
 * One catalogue: the API wrapper answers from it, the OpenAPI document and the reference page list
 * it, so the three cannot disagree.
 */
export const PROBLEM_TYPES = {
  "malformed-request": { status: 400, title: "Malformed request body" },
  "invalid-parameters": { status: 400, title: "Invalid query parameters" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Token revoked or expired" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  "payload-too-large": { status: 413, title: "Request body too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "validation-failed": { status: 422, title: "Invalid fields" },
  "unusual-dates": { status: 422, title: "Unusual dates need confirmation" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "internal-error": { status: 500, title: "Internal error" },
  "service-unavailable": { status: 503, title: "Service unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The `type` URI of a problem: its entry in the reference page's error table. */
export function problemTypeUri(type: ProblemType): string {
  return `/api/docs#problem-${type}`;
}

/** One invalid field (a JSON Pointer into the request body, RFC 6901) or query parameter. */
export interface ProblemFieldError {
  pointer?: string;
  parameter?: string;
  /** The failure code (failures.json) when a domain refusal concerns this field. */
  code?: string;
  detail: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemFieldError[];
}

/** Thrown by API handlers and helpers; turned into a problem+json response in one place. */
export class ApiProblem extends Error {
  constructor(
    public readonly problemType: ProblemType,
    public readonly detail: string,
    public readonly options: {
      errors?: ProblemFieldError[];
      headers?: Record<string, string>;
      /** A `type` URI other than the problem type's: a domain refusal names its failure code. */
      typeUri?: string;
    } = {},
  ) {
    super(`${PROBLEM_TYPES[problemType].title}: ${detail}`);
    this.name = "ApiProblem";
  }

  get status(): number {
    return PROBLEM_TYPES[this.problemType].status;
  }

  toDocument(): ProblemDocument {
    const { title, status } = PROBLEM_TYPES[this.problemType];
    const document: ProblemDocument = { type: this.options.typeUri ?? problemTypeUri(this.problemType), title, status, detail: this.detail };
    if (this.options.errors) document.errors = this.options.errors;
    return document;
  }
}

/** "/employee/email" from ["employee", "email"] (RFC 6901: "~" and "/" escaped). */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

// Domain refusals (ADR 013) -------------------------------------------------------------------

/** The `type` URI of a domain refusal: its code's entry in the reference page's failure table. */
export function failureTypeUri(code: string): string {
  return `/api/docs#failure-${code}`;
}

/** The status each kind of refusal answers with: 422 invalid, 404 not found, 409 conflict or refused. */
const KIND_PROBLEMS: Record<FailureKind, ProblemType> = {
  invalid: "validation-failed",
  notFound: "not-found",
  conflict: "conflict",
  refused: "conflict",
};

/**
 * Refusals whose problem `type` the API documented before the departures domain answered with codes
 * (issue 9): clients branch on these types, so they keep them (and their status) instead of
 * `/api/docs#failure-<code>`. The one place where a code maps to an older problem type.
 */
const DOCUMENTED_PROBLEMS: Partial<Record<FailureCode, ProblemType>> = {
  "departure.unusualDate.past": "unusual-dates",
  "departure.unusualDate.future": "unusual-dates",
  "departure.notFound": "not-found",
};

/**
 * The API edge of ADR 013: a domain refusal as problem+json. `type` names the (first) failure code,
 * the status comes from the kind, `detail` is the English message (the API's documented language),
 * and each failure about a field becomes an `errors[]` entry at its JSON Pointer. `pointerOf` maps
 * the domain's field names to the API body's (the offboarding form says `employeeEmail`, the API
 * `/employee/email`).
 */
export function failureProblem(failure: DomainFailure, pointerOf: (field: string) => string = (field) => jsonPointer([field])): ApiProblem {
  const english = (f: Failure) => failureText(f, "en");
  const errors: ProblemFieldError[] = failure.failures
    .filter((f) => f.field !== undefined)
    .map((f) => ({ pointer: pointerOf(f.field!), code: f.code, detail: english(f) }));
  const documented = failure.code ? DOCUMENTED_PROBLEMS[failure.code] : undefined;
  const problemType = documented ?? KIND_PROBLEMS[failure.kind];
  const detail = failure.failures.map(english).join(" ") || PROBLEM_TYPES[problemType].title;
  return new ApiProblem(problemType, detail, {
    typeUri: failure.code && !documented ? failureTypeUri(failure.code) : undefined,
    errors: errors.length > 0 ? errors : undefined,
  });
}
