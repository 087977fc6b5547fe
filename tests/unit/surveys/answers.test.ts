import { failureTextsByField } from "~/modules/i18n/failure-text";
import { enpsCategory, enpsScore, parsePageAnswers, rawAnswers, validateAllAnswers, type AnswerContext } from "~/modules/surveys/answers";
import type { Question, SurveyDefinition } from "~/modules/surveys/definition";

function q(fields: Partial<Question> & Pick<Question, "id" | "type">): Question {
  return { prompt: { en: fields.id, fr: fields.id }, help: null, required: false, options: [], maxLength: null, condition: null, ...fields };
}

const options = [
  { id: "remote", label: { en: "Remote", fr: "À distance" } },
  { id: "office", label: { en: "Office", fr: "Bureau" } },
  { id: "hybrid", label: { en: "Hybrid", fr: "Hybride" } },
];

const enps = q({ id: "enps", type: "enps", required: true });
const rating = q({ id: "manager", type: "rating", required: true });
const single = q({ id: "place", type: "single_choice", options });
const multiple = q({ id: "tools", type: "multiple_choice", options, required: true });
const reasons = q({ id: "reasons", type: "reasons", required: true });
const yesNo = q({ id: "come_back", type: "yes_no", required: true });
const text = q({ id: "change", type: "text", maxLength: 20 });

const en: AnswerContext = { reasonCodes: ["pay", "manager", "other"] };

function failuresOf(questions: Question[], form: Record<string, unknown>, ctx = en) {
  const result = parsePageAnswers(questions, form, ctx);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.answers)}`);
  return result.failures;
}

/** The failure codes by question id: what the domain answers (ADR 013). */
function errorsOf(questions: Question[], form: Record<string, unknown>, ctx = en) {
  const errors: Record<string, string[]> = {};
  for (const failure of failuresOf(questions, form, ctx)) (errors[failure.field!] ??= []).push(failure.code);
  return errors;
}

function answersOf(questions: Question[], form: Record<string, unknown> | FormData, ctx = en) {
  const result = parsePageAnswers(questions, form, ctx);
  if (!result.ok) throw new Error(`expected answers, got ${JSON.stringify(result.failures)}`);
  return result.answers;
}

describe("eNPS and rating answers", () => {
  it("reads scores at both ends of the scale as numbers", () => {
    expect(answersOf([enps, rating], { q_enps: "0", q_manager: "5" })).toEqual({ enps: 0, manager: 5 });
    expect(answersOf([enps, rating], { q_enps: "10", q_manager: "1" })).toEqual({ enps: 10, manager: 1 });
  });

  it("refuses a score of 11, a rating of 0 and anything that is not a whole number, as codes with their values, written in the leaver's language by the page", () => {
    expect(failuresOf([enps], { q_enps: "11" })).toEqual([{ field: "enps", code: "surveyAnswer.outOfRange", values: { min: 0, max: 10 } }]);
    expect(failuresOf([rating], { q_manager: "0" })).toEqual([{ field: "manager", code: "surveyAnswer.outOfRange", values: { min: 1, max: 5 } }]);
    expect(errorsOf([enps], { q_enps: "7.5" }).enps).toHaveLength(1);
    expect(errorsOf([enps], { q_enps: "-1" }).enps).toHaveLength(1);
    const failures = failuresOf([enps], { q_enps: "11" });
    expect(failureTextsByField(failures, "en")).toEqual({ enps: ["Choose a number from 0 to 10."] });
    expect(failureTextsByField(failures, "fr")).toEqual({ enps: ["Choisissez un nombre de 0 à 10."] });
  });

  it("asks for a missing required score", () => {
    expect(errorsOf([enps, rating], {})).toEqual({
      enps: ["surveyAnswer.required.score"],
      manager: ["surveyAnswer.required.score"],
    });
  });
});

describe("choice answers", () => {
  it("accepts a listed option and leaves an optional unanswered choice out", () => {
    expect(answersOf([single], { q_place: "hybrid" })).toEqual({ place: "hybrid" });
    expect(answersOf([single], {})).toEqual({});
  });

  it("refuses an option that is not listed", () => {
    expect(errorsOf([single], { q_place: "moon" })).toEqual({ place: ["surveyAnswer.unknownOption"] });
  });

  it("reads several choices from repeated form fields, once each", () => {
    const form = new FormData();
    form.append("q_tools", "remote");
    form.append("q_tools", "office");
    form.append("q_tools", "remote");
    expect(answersOf([multiple], form)).toEqual({ tools: ["remote", "office"] });
  });

  it("refuses a multiple choice with one unknown option and asks for at least one when required", () => {
    expect(errorsOf([multiple], { q_tools: ["remote", "moon"] })).toEqual({ tools: ["surveyAnswer.unknownOption"] });
    expect(errorsOf([multiple], { q_tools: [] })).toEqual({ tools: ["surveyAnswer.required.several"] });
  });

  it("accepts configured reason codes only", () => {
    expect(answersOf([reasons], { q_reasons: ["pay", "other"] })).toEqual({ reasons: ["pay", "other"] });
    expect(errorsOf([reasons], { q_reasons: ["pay", "boredom"] })).toEqual({ reasons: ["surveyAnswer.unknownOption"] });
    expect(errorsOf([reasons], {})).toEqual({ reasons: ["surveyAnswer.required.several"] });
  });
});

describe("yes/no answers", () => {
  it("reads yes and no as booleans", () => {
    expect(answersOf([yesNo], { q_come_back: "yes" })).toEqual({ come_back: true });
    expect(answersOf([yesNo], { q_come_back: "no" })).toEqual({ come_back: false });
  });

  it("refuses anything else and asks when required", () => {
    expect(errorsOf([yesNo], { q_come_back: "maybe" })).toEqual({ come_back: ["surveyAnswer.yesNo"] });
    expect(errorsOf([yesNo], { q_come_back: "" })).toEqual({ come_back: ["surveyAnswer.required.choice"] });
  });
});

describe("text answers", () => {
  it("keeps trimmed text and counts a line break as one character", () => {
    expect(answersOf([text], { q_change: "  More feedback  " })).toEqual({ change: "More feedback" });
    expect(answersOf([text], { q_change: "0123456789\r\n012345678" })).toEqual({ change: "0123456789\n012345678" });
  });

  it("refuses text over the limit and says by how much", () => {
    const failures = failuresOf([text], { q_change: "x".repeat(21) });
    expect(failures).toEqual([{ field: "change", code: "surveyAnswer.tooLong", values: { max: 20, count: 21 } }]);
    expect(failureTextsByField(failures, "en")).toEqual({ change: ["Keep your answer to 20 characters (it has 21)."] });
  });

  it("asks for required text and treats blank text as unanswered", () => {
    const required = { ...text, required: true };
    expect(errorsOf([required], { q_change: "   " })).toEqual({ change: ["surveyAnswer.required.text"] });
    expect(answersOf([text], { q_change: "   " })).toEqual({});
  });
});

describe("a page with several errors", () => {
  it("returns every error beside its question and the values sent, to fill the form again", () => {
    const result = parsePageAnswers([enps, multiple, text], { q_enps: "11", q_tools: ["remote"], q_change: "x".repeat(30) }, en);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failures.map((failure) => failure.field).sort()).toEqual(["change", "enps"]);
    expect(result.answers).toEqual({ enps: "11", tools: ["remote"], change: "x".repeat(30) });
  });

  it("ignores fields of questions that are not on the page", () => {
    expect(answersOf([single], { q_place: "office", q_enps: "3", q_other: "x" })).toEqual({ place: "office" });
  });
});

describe("final check of all answers", () => {
  const definition: SurveyDefinition = {
    intro: null,
    questions: [
      enps,
      q({ id: "why", type: "text", required: true, maxLength: 100, condition: { questionId: "enps", operator: "lte", value: 6 } }),
      yesNo,
    ],
  };

  it("keeps visible answers and drops answers to hidden questions and unknown ids", () => {
    const result = validateAllAnswers(definition, { enps: 9, why: "left over from an earlier score", come_back: true, extra: "x" }, en);
    expect(result).toEqual({ ok: true, answers: { enps: 9, come_back: true } });
  });

  it("requires an answer to a follow-up that the score now shows, and names its page", () => {
    const result = validateAllAnswers(definition, { enps: 3, come_back: false }, en);
    expect(result).toEqual({ ok: false, failures: [{ field: "why", code: "surveyAnswer.required.text" }], firstInvalidPage: 1 });
  });

  it("refuses a stored value outside the scale", () => {
    const result = validateAllAnswers(definition, { enps: 11, come_back: true }, en);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failures).toEqual([{ field: "enps", code: "surveyAnswer.outOfRange", values: { min: 0, max: 10 } }]);
  });

  it("turns stored answers back into form values to resume a page", () => {
    expect(rawAnswers({ enps: 4, come_back: false, tools: ["remote"], change: "ok" })).toEqual({
      enps: "4",
      come_back: "no",
      tools: ["remote"],
      change: "ok",
    });
  });
});

describe("eNPS score", () => {
  const definition: SurveyDefinition = { intro: null, questions: [enps, yesNo] };

  it("reads the eNPS answer, or null when missing or when the survey has no eNPS question", () => {
    expect(enpsScore(definition, { enps: 0 })).toBe(0);
    expect(enpsScore(definition, {})).toBeNull();
    expect(enpsScore({ intro: null, questions: [yesNo] }, { enps: 5 })).toBeNull();
  });

  it("puts scores in the usual bands", () => {
    expect([0, 6, 7, 8, 9, 10].map(enpsCategory)).toEqual(["detractor", "detractor", "passive", "passive", "promoter", "promoter"]);
  });
});
