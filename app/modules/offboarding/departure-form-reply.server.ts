import type { Submission, SubmissionResult } from "@conform-to/react";
import type { AppLocale } from "~/modules/i18n/config";
import { failureText } from "~/modules/i18n/failure-text";
import { translator } from "~/modules/i18n/translator";
import { groupFailures, type DomainFailure, type Failure } from "~/utils/failures";
import { unusualDatesIn } from "./unusual-date-failures";

/**
 * The departure forms' edge of ADR 013 (new departure, the departure page's dates): each failure
 * beside its field in the reader's language, as failureReply does, and, when the refusal is about
 * unusual dates (HR changed the window since the form was checked), the confirmation box's own
 * message too, as the form's schema would have asked. `wording` lets a page say a failure its own
 * way (the departure page names statuses by their labels, the codes carry their ids).
 */
export function departureFormReply(
  submission: Submission<unknown>,
  failure: DomainFailure,
  locale: AppLocale,
  wording: (failure: Failure) => string | undefined = () => undefined,
): SubmissionResult<string[]> {
  const { fieldErrors, formErrors } = groupFailures(failure.failures, (f) => wording(f) ?? failureText(f, locale));
  if (unusualDatesIn(failure.failures).length > 0) {
    fieldErrors.confirmUnusualDates = [translator(locale, "offboarding")("validation.unusualDateConfirm")];
  }
  return submission.reply({ fieldErrors, formErrors: formErrors.length > 0 ? formErrors : undefined });
}
