import type { Answers, AnswerValue, Question, QuestionCondition, SurveyDefinition } from "./definition";

/**
 * How a survey is shown: which questions apply given the answers so far, and how they are split
 * into pages. Pure, shared by the leaver's flow, the builder's preview and the final check.
 */

export const QUESTIONS_PER_PAGE = 3;

/** Whether an answer satisfies a condition; a missing answer never does. */
export function conditionHolds(condition: QuestionCondition, answer: AnswerValue | undefined): boolean {
  if (answer === undefined) return false;
  switch (condition.operator) {
    case "lte":
      return typeof answer === "number" && typeof condition.value === "number" && answer <= condition.value;
    case "gte":
      return typeof answer === "number" && typeof condition.value === "number" && answer >= condition.value;
    case "eq":
      return !Array.isArray(answer) && answer === condition.value;
    case "includes":
      return Array.isArray(answer) && typeof condition.value === "string" && answer.includes(condition.value);
  }
}

/**
 * The questions that apply, in order. A conditional question shows only when its source question is
 * itself shown and answered so that the condition holds: an answer left over from a question that
 * is now hidden never opens another one.
 */
export function visibleQuestions(definition: SurveyDefinition, answers: Answers): Question[] {
  const shown = new Set<string>();
  const visible: Question[] = [];
  for (const question of definition.questions) {
    const condition = question.condition;
    if (condition && !(shown.has(condition.questionId) && conditionHolds(condition, answers[condition.questionId]))) continue;
    shown.add(question.id);
    visible.push(question);
  }
  return visible;
}

/**
 * Every question split into pages of at most QUESTIONS_PER_PAGE. A question whose condition refers
 * to a question of the page being filled starts a new page: its source is answered (and submitted)
 * before it is shown or hidden, so the flow needs no JavaScript.
 */
export function surveyPages(definition: SurveyDefinition): Question[][] {
  const pages: Question[][] = [];
  let page: Question[] = [];
  for (const question of definition.questions) {
    const dependsOnThisPage = question.condition !== null && page.some((q) => q.id === question.condition!.questionId);
    if (page.length === QUESTIONS_PER_PAGE || dependsOnThisPage) {
      pages.push(page);
      page = [];
    }
    page.push(question);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

export function pageCount(definition: SurveyDefinition): number {
  return surveyPages(definition).length;
}

/**
 * The questions of one page (0-based) that apply given the answers so far. Empty when every
 * question of the page is hidden by its condition (the flow skips such a page) or the page does
 * not exist.
 */
export function visibleQuestionsOnPage(definition: SurveyDefinition, page: number, answers: Answers): Question[] {
  const questions = surveyPages(definition)[page];
  if (!questions) return [];
  const visible = new Set(visibleQuestions(definition, answers).map((q) => q.id));
  return questions.filter((q) => visible.has(q.id));
}

/** The page (0-based) a question is on, or -1. */
export function pageOfQuestion(definition: SurveyDefinition, questionId: string): number {
  return surveyPages(definition).findIndex((page) => page.some((q) => q.id === questionId));
}
