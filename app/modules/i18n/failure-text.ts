import { groupFailures, type Failure } from "~/utils/failures";
import { formatDate } from "~/utils/format";
import type { AppLocale } from "./config";
import { translator } from "./translator";

/**
 * A failure in the reader's words (ADR 013): its code's message in failures.json, with calendar days
 * written as the pages write them. Usable on the server and in the browser.
 */
export function failureText(failure: Failure, locale: AppLocale): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(failure.values ?? {})) {
    values[name] = typeof value === "object" ? formatDate(value.day, locale) : value;
  }
  return translator(locale, "failures")(failure.code, values) as string;
}

/**
 * Failures about fields in the reader's words, by field: for pages that show errors beside their
 * own inputs rather than through conform (the exit survey's questions).
 */
export function failureTextsByField(failures: readonly Failure[], locale: AppLocale): Record<string, string[]> {
  return groupFailures(failures, (failure) => failureText(failure, locale)).fieldErrors;
}
