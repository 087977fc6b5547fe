import type { Answers, SurveyDefinition } from "~/modules/surveys/definition";
import { conditionHolds, surveyPages } from "~/modules/surveys/pages";

/**
 * Moving through the survey's pages. Page numbers are 1-based and fixed by the survey's layout
 * (surveyPages), so a URL and the invitation's `current_page` keep their meaning while answers
 * change; a page whose every question is hidden by its condition is skipped.
 *
 * `current_page` counts the pages the leaver is done with: 0 before the first save. The leaver may
 * open any page up to the first one not done yet (current_page + 1, or the next page that shows).
 */

/**
 * The ids of the questions that show, or may still show, given the answers so far. A question
 * whose source is in `undecided` (the questions of the page being filled, whose answers may change
 * on this very submission) counts as shown, so that the page does not claim to be the last one
 * while a follow-up question may still open.
 */
function shownQuestionIds(definition: SurveyDefinition, answers: Answers, undecided: ReadonlySet<string>): Set<string> {
  const shown = new Set<string>();
  for (const question of definition.questions) {
    const condition = question.condition;
    if (condition) {
      if (!shown.has(condition.questionId)) continue;
      const open = undecided.has(condition.questionId) || conditionHolds(condition, answers[condition.questionId]);
      if (!open) continue;
    }
    shown.add(question.id);
  }
  return shown;
}

/** The 1-based numbers of the pages that have at least one question to show. */
export function visiblePageNumbers(definition: SurveyDefinition, answers: Answers, undecided: ReadonlySet<string> = new Set()): number[] {
  const shown = shownQuestionIds(definition, answers, undecided);
  return surveyPages(definition)
    .map((questions, index) => (questions.some((q) => shown.has(q.id)) ? index + 1 : null))
    .filter((page): page is number => page !== null);
}

export function totalPages(definition: SurveyDefinition): number {
  return surveyPages(definition).length;
}

/** The page to open when the leaver comes back: the first one not done yet, else the last one. */
export function resumePage(definition: SurveyDefinition, answers: Answers, currentPage: number): number {
  const pages = visiblePageNumbers(definition, answers);
  return pages.find((page) => page > currentPage) ?? pages.at(-1) ?? 1;
}

/** The next page with questions to show after `page`, or null when `page` is the last one. */
export function nextPage(definition: SurveyDefinition, answers: Answers, page: number): number | null {
  return visiblePageNumbers(definition, answers).find((p) => p > page) ?? null;
}

export function previousPage(definition: SurveyDefinition, answers: Answers, page: number): number | null {
  return visiblePageNumbers(definition, answers).findLast((p) => p < page) ?? null;
}

/** The questions of `page` not answered yet: their answers may still open a follow-up page. */
function unansweredOn(definition: SurveyDefinition, answers: Answers, page: number): Set<string> {
  return new Set((surveyPages(definition)[page - 1] ?? []).filter((q) => !Object.hasOwn(answers, q.id)).map((q) => q.id));
}

/**
 * Whether `page` ends the survey, for the label of its button: not while one of its unanswered
 * questions may still open a follow-up page.
 */
export function isLastPage(definition: SurveyDefinition, answers: Answers, page: number): boolean {
  return !visiblePageNumbers(definition, answers, unansweredOn(definition, answers, page)).some((p) => p > page);
}

/** "Page 2 of 5", counted over the pages that show (or may still show). */
export function progressOf(definition: SurveyDefinition, answers: Answers, page: number): { current: number; total: number } {
  const pages = visiblePageNumbers(definition, answers, unansweredOn(definition, answers, page));
  const position = pages.filter((p) => p <= page).length;
  return { current: Math.max(position, 1), total: Math.max(pages.length, 1) };
}

export type PageAccess = { kind: "open" } | { kind: "redirect"; page: number };

/**
 * Whether the leaver may open `requested` (any text from the URL). Pages up to the resume page are
 * open; a page further on, a page that does not exist or a page with nothing to show sends them
 * to the right one.
 */
export function pageAccess(definition: SurveyDefinition, answers: Answers, currentPage: number, requested: string | undefined): PageAccess {
  const resume = resumePage(definition, answers, currentPage);
  if (!requested || !/^\d{1,4}$/.test(requested)) return { kind: "redirect", page: resume };
  const page = Number(requested);
  if (page < 1 || page > resume) return { kind: "redirect", page: resume };
  if (!visiblePageNumbers(definition, answers).includes(page)) {
    return { kind: "redirect", page: Math.min(nextPage(definition, answers, page) ?? resume, resume) };
  }
  return { kind: "open" };
}
