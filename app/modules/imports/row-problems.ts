import { z } from "zod";
import type { AppLocale } from "~/modules/i18n/config";
import { failureText } from "~/modules/i18n/failure-text";
import type { Failure, FailureCode } from "~/utils/failures";

/**
 * Why a CSV row was rejected, as the report stores it (csv_import_rejections.errors): for each field
 * (or "row", the row as a whole) a list of problems. A problem is a coded failure (ADR 013: the
 * preview's row checks, the domain's refusals and unconfirmed unusual dates), put into words in the
 * reader's language when the report is read; or a sentence already written, in the language of
 * whoever started the import, as reports stored before the row checks were coded keep it.
 */
export type RowProblem = string | Failure;
export type RowProblems = Record<string, RowProblem[]>;

const storedFailureSchema = z.object({
  code: z.string().transform((code) => code as FailureCode),
  field: z.string().optional(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.object({ day: z.string() })])).optional(),
});

const storedRowProblemsSchema = z.record(z.string(), z.array(z.union([z.string(), storedFailureSchema])));

/** The stored column, read whatever shape it was written in; a value that is neither becomes its JSON text. */
export function parseRowProblems(stored: unknown): RowProblems {
  const parsed = storedRowProblemsSchema.safeParse(stored);
  return parsed.success ? parsed.data : { row: [JSON.stringify(stored)] };
}

/** Failures filed by their field, those about no field under "row". */
export function rowProblemsOf(failures: readonly Failure[]): Record<string, Failure[]> {
  const problems: Record<string, Failure[]> = {};
  for (const failure of failures) (problems[failure.field ?? "row"] ??= []).push(failure);
  return problems;
}

export function rowProblemText(problem: RowProblem, locale: AppLocale): string {
  return typeof problem === "string" ? problem : failureText(problem, locale);
}
