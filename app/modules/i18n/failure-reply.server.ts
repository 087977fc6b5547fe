import type { Submission, SubmissionResult } from "@conform-to/react";
import { groupFailures, type DomainFailure } from "~/utils/failures";
import type { AppLocale } from "./config";
import { failureText } from "./failure-text";

/**
 * The form edge of ADR 013: a domain refusal as conform's answer, each message beside its field (or
 * above the form) in the reader's language. The route answers it with status 400 (404 for notFound).
 *
 *   } catch (error) {
 *     if (!isDomainFailure(error)) throw error;
 *     return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
 *   }
 */
export function failureReply(
  submission: Submission<unknown>,
  failure: DomainFailure,
  locale: AppLocale,
  /** Fields whose values must not come back to the browser (passwords). */
  options: { hideFields?: string[] } = {},
): SubmissionResult<string[]> {
  const { fieldErrors, formErrors } = groupFailures(failure.failures, (f) => failureText(f, locale));
  return submission.reply({ fieldErrors, formErrors: formErrors.length > 0 ? formErrors : undefined, hideFields: options.hideFields });
}

/** The status a page answers a refused form with: the form comes back (400) unless the record is gone. */
export function failureStatus(failure: DomainFailure): 400 | 404 {
  return failure.kind === "notFound" ? 404 : 400;
}
