import type { Question, QuestionCondition, SurveyDefinition } from "~/modules/surveys/definition";
import {
  conditionHolds,
  pageCount,
  pageOfQuestion,
  surveyPages,
  visibleQuestions,
  visibleQuestionsOnPage,
} from "~/modules/surveys/pages";
import { defaultExitSurveyDefinition } from "~/modules/surveys/defaults.server";

function q(id: string, type: Question["type"] = "rating", condition: QuestionCondition | null = null): Question {
  return { id, type, prompt: { en: id, fr: id }, help: null, required: false, options: [], maxLength: null, condition };
}

function survey(...questions: Question[]): SurveyDefinition {
  return { intro: null, questions };
}

const ids = (questions: Question[]) => questions.map((question) => question.id);

describe("conditions", () => {
  it("compares scores with lte, gte and eq", () => {
    expect(conditionHolds({ questionId: "e", operator: "lte", value: 6 }, 6)).toBe(true);
    expect(conditionHolds({ questionId: "e", operator: "lte", value: 6 }, 7)).toBe(false);
    expect(conditionHolds({ questionId: "e", operator: "gte", value: 9 }, 9)).toBe(true);
    expect(conditionHolds({ questionId: "e", operator: "gte", value: 9 }, 8)).toBe(false);
    expect(conditionHolds({ questionId: "e", operator: "eq", value: 0 }, 0)).toBe(true);
  });

  it("matches a chosen option, a yes/no answer and an option among several", () => {
    expect(conditionHolds({ questionId: "c", operator: "eq", value: "remote" }, "remote")).toBe(true);
    expect(conditionHolds({ questionId: "c", operator: "eq", value: "remote" }, "office")).toBe(false);
    expect(conditionHolds({ questionId: "y", operator: "eq", value: false }, false)).toBe(true);
    expect(conditionHolds({ questionId: "y", operator: "eq", value: false }, true)).toBe(false);
    expect(conditionHolds({ questionId: "m", operator: "includes", value: "pay" }, ["culture", "pay"])).toBe(true);
    expect(conditionHolds({ questionId: "m", operator: "includes", value: "pay" }, ["culture"])).toBe(false);
  });

  it("never holds for a missing answer or an answer of another kind", () => {
    expect(conditionHolds({ questionId: "e", operator: "lte", value: 6 }, undefined)).toBe(false);
    expect(conditionHolds({ questionId: "e", operator: "lte", value: 6 }, "3")).toBe(false);
    expect(conditionHolds({ questionId: "m", operator: "includes", value: "pay" }, "pay")).toBe(false);
    expect(conditionHolds({ questionId: "m", operator: "eq", value: "pay" }, ["pay"])).toBe(false);
  });
});

describe("visible questions", () => {
  const definition = survey(
    q("enps", "enps"),
    q("why", "text", { questionId: "enps", operator: "lte", value: 6 }),
    q("detail", "text", { questionId: "why", operator: "eq", value: "pay" }),
    q("last", "yes_no"),
  );

  it("hides a conditional question while its source is unanswered", () => {
    expect(ids(visibleQuestions(definition, {}))).toEqual(["enps", "last"]);
  });

  it("shows the follow-up for a detractor score and hides it for a promoter", () => {
    expect(ids(visibleQuestions(definition, { enps: 4 }))).toEqual(["enps", "why", "last"]);
    expect(ids(visibleQuestions(definition, { enps: 9 }))).toEqual(["enps", "last"]);
  });

  it("keeps a question hidden when its source is hidden, whatever answer was left for the source", () => {
    expect(ids(visibleQuestions(definition, { enps: 9, why: "pay" }))).toEqual(["enps", "last"]);
    expect(ids(visibleQuestions(definition, { enps: 2, why: "pay" }))).toEqual(["enps", "why", "detail", "last"]);
  });
});

describe("pagination", () => {
  it("puts at most three questions on a page", () => {
    const pages = surveyPages(survey(q("a"), q("b"), q("c"), q("d"), q("e"), q("f"), q("g")));
    expect(pages.map(ids)).toEqual([["a", "b", "c"], ["d", "e", "f"], ["g"]]);
  });

  it("starts a new page for a question that depends on an answer of the same page", () => {
    const definition = survey(q("a"), q("enps", "enps"), q("why", "text", { questionId: "enps", operator: "lte", value: 6 }), q("d"));
    expect(surveyPages(definition).map(ids)).toEqual([["a", "enps"], ["why", "d"]]);
  });

  it("keeps a question on the page when its source was answered on an earlier page", () => {
    const definition = survey(q("enps", "enps"), q("b"), q("c"), q("why", "text", { questionId: "enps", operator: "lte", value: 6 }), q("e"));
    expect(surveyPages(definition).map(ids)).toEqual([["enps", "b", "c"], ["why", "e"]]);
  });

  it("counts pages, and has none for a survey with no question", () => {
    expect(pageCount(survey(q("a"), q("b"), q("c"), q("d")))).toBe(2);
    expect(pageCount(survey())).toBe(0);
    expect(surveyPages(survey())).toEqual([]);
  });

  it("lists the visible questions of a page and finds the page of a question", () => {
    const definition = survey(q("enps", "enps"), q("why", "text", { questionId: "enps", operator: "lte", value: 6 }));
    expect(ids(visibleQuestionsOnPage(definition, 1, { enps: 3 }))).toEqual(["why"]);
    expect(visibleQuestionsOnPage(definition, 1, { enps: 10 })).toEqual([]);
    expect(visibleQuestionsOnPage(definition, 5, {})).toEqual([]);
    expect(pageOfQuestion(definition, "why")).toBe(1);
    expect(pageOfQuestion(definition, "nope")).toBe(-1);
  });

  it("splits the default exit survey into four pages, the follow-up after the eNPS page", () => {
    const pages = surveyPages(defaultExitSurveyDefinition("Acme Corp"));
    expect(pages.map(ids)).toEqual([
      ["reasons", "manager", "growth"],
      ["pay_benefits", "workload", "culture"],
      ["enps"],
      ["stay_factors", "come_back", "change"],
    ]);
  });
});
