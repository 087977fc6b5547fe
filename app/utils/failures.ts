/**
 * Refusals as data: how a domain function says "no" (ADR 013).
 *
 * A domain function never writes a sentence. It throws a DomainFailure that says what kind of refusal
 * it is (the status an edge answers with), and for each thing wrong a code, the field it concerns and
 * the values needed to explain it. Each edge turns that into its own language once: a form puts the
 * message beside the field in the reader's language (400), the API answers problem+json whose `type`
 * names the code, a job logs the code and values.
 *
 *   throw DomainFailure.invalid("lastWorkingDay", "departure.lastDayBeforeNotice", { notice: day(noticeDate) });
 *
 * Codes are keys of app/locales/<locale>/failures.json, so the compiler refuses a code without an
 * English message and a test refuses one without a French message.
 */
import type enFailures from "~/locales/en/failures.json";

/**
 * "departure.lastDayBeforeNotice": every leaf of failures.json, dotted. Plural forms
 * ("reason.deleteRefused_one", "…_other") make one code: i18next picks the form from `values.count`.
 */
export type FailureCode = LeafPaths<typeof enFailures>;

type LeafPaths<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${WithoutPlural<K>}` : LeafPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

type WithoutPlural<K extends string> = K extends `${infer Base}_${"zero" | "one" | "two" | "few" | "many" | "other"}` ? Base : K;

/**
 * Values interpolated into the message. A calendar day travels as `{ day: "2027-01-03" }` so that
 * each edge shows it the way its reader sees dates elsewhere ("Jan 3, 2027", "3 janv. 2027").
 */
export type FailureValue = string | number | { day: string };

export interface Failure {
  code: FailureCode;
  /** The form field (or API body property) the failure concerns; none for the whole request. */
  field?: string;
  values?: Record<string, FailureValue>;
}

/**
 * What kind of refusal, which fixes the HTTP status at every edge:
 * invalid → 400 form / 422 API, notFound → 404, conflict → 409 (the data changed or is taken),
 * refused → 409 (the record's state does not allow it, e.g. a cancelled departure).
 */
export type FailureKind = "invalid" | "notFound" | "conflict" | "refused";

export class DomainFailure extends Error {
  override readonly name = "DomainFailure";

  constructor(
    readonly kind: FailureKind,
    readonly failures: readonly Failure[],
  ) {
    // Codes only: this text reaches logs, never a reader.
    super(failures.map((f) => (f.field ? `${f.field}: ${f.code}` : f.code)).join("; ") || kind);
  }

  /** The first failure's code: enough for most callers and for tests. */
  get code(): FailureCode | undefined {
    return this.failures[0]?.code;
  }

  static invalid(field: string | undefined, code: FailureCode, values?: Failure["values"]): DomainFailure {
    return new DomainFailure("invalid", [{ code, field, values }]);
  }

  static notFound(code: FailureCode, values?: Failure["values"]): DomainFailure {
    return new DomainFailure("notFound", [{ code, values }]);
  }

  static conflict(field: string | undefined, code: FailureCode, values?: Failure["values"]): DomainFailure {
    return new DomainFailure("conflict", [{ code, field, values }]);
  }

  static refused(code: FailureCode, values?: Failure["values"]): DomainFailure {
    return new DomainFailure("refused", [{ code, values }]);
  }
}

export function isDomainFailure(error: unknown): error is DomainFailure {
  return error instanceof DomainFailure;
}

/** `{ day }` for a calendar day in failure values. */
export function day(value: string): { day: string } {
  return { day: value };
}

/** Failures grouped as a form shows them: by field, and those about the whole form. */
export function groupFailures<T>(failures: readonly Failure[], text: (failure: Failure) => T): { fieldErrors: Record<string, T[]>; formErrors: T[] } {
  const fieldErrors: Record<string, T[]> = {};
  const formErrors: T[] = [];
  for (const failure of failures) {
    if (failure.field) (fieldErrors[failure.field] ??= []).push(text(failure));
    else formErrors.push(text(failure));
  }
  return { fieldErrors, formErrors };
}

/**
 * What a job logs about an error it caught (ADR 013): a refusal as its kind and coded failures (no
 * sentence, nothing to translate), anything else as the error itself for pino's serializer.
 *
 *   logger.error({ ...errorLogFields(error), userId }, "alumni transition failed for one person");
 */
export function errorLogFields(error: unknown): { kind: FailureKind; failures: readonly Failure[] } | { err: unknown } {
  return isDomainFailure(error) ? { kind: error.kind, failures: error.failures } : { err: error };
}
