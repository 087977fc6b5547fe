import { translator } from "~/modules/i18n/translator";
import {
  conditionInWords,
  definitionProblems,
  newProblems,
  optionsToText,
  parseOptionLines,
  questionFormSchema,
  sameDefinition,
  slugify,
  uniqueId,
} from "~/modules/surveys/builder";
import { defaultExitSurveyDefinition } from "~/modules/surveys/defaults.server";
import type { Question, SurveyDefinition } from "~/modules/surveys/definition";
import { failureText } from "~/modules/i18n/failure-text";
import type { Failure } from "~/utils/failures";

/** [code, question id, source id]: which rule, about which questions. */
function which(problems: readonly Failure[]) {
  return problems.map((p) => [p.code, p.values?.questionId, p.values?.sourceId]);
}

const t = translator("en", "surveys");
const tFr = translator("fr", "surveys");

function q(fields: Partial<Question> & Pick<Question, "id" | "type">): Question {
  return { prompt: { en: `Prompt ${fields.id}`, fr: `Question ${fields.id}` }, help: null, required: false, options: [], maxLength: null, condition: null, ...fields };
}

const options = [
  { id: "remote", label: { en: "Remote", fr: "À distance" } },
  { id: "office", label: { en: "Office", fr: "Bureau" } },
];
const enps = q({ id: "enps", type: "enps", required: true });
const place = q({ id: "place", type: "single_choice", options });
const notes = q({ id: "notes", type: "text" });

const survey = (...questions: Question[]): SurveyDefinition => ({ intro: null, questions });
const exit = { kind: "exit" as const, reasonCodes: ["pay", "other"], publishing: true };

describe("ids", () => {
  it("makes readable ids from prompts, accents and punctuation removed", () => {
    expect(slugify("Would you come back?")).toBe("would_you_come_back");
    expect(slugify("Équipe & café")).toBe("equipe_cafe");
    expect(slugify("123 go")).toBe("go");
    expect(slugify("???")).toBe("");
  });

  it("never reuses a taken id and falls back to a random one", () => {
    expect(uniqueId("Pay", new Set(["pay", "pay_2"]))).toBe("pay_3");
    expect(uniqueId("!!!", new Set(), () => "abc123")).toBe("q_abc123");
  });
});

describe("choice lines", () => {
  it("reads 'English | French' lines, generating ids, and keeps explicit ids", () => {
    const parsed = parseOptionLines("remote | Remote | À distance\nIn the office | Au bureau\n\n", t);
    expect(parsed).toEqual({
      ok: true,
      options: [
        { id: "remote", label: { en: "Remote", fr: "À distance" } },
        { id: "in_the_office", label: { en: "In the office", fr: "Au bureau" } },
      ],
    });
  });

  it("round-trips the text shown in the form", () => {
    expect(parseOptionLines(optionsToText(options), t)).toEqual({ ok: true, options });
  });

  it("names the line of each mistake", () => {
    const parsed = parseOptionLines("Only English\nBad Id | Yes | Oui\nremote | A | B\nremote | C | D", t);
    expect(parsed).toEqual({
      ok: false,
      errors: [
        "Line 1: write “English | French” (or “id | English | French”).",
        "Line 2: the id “Bad Id” may use only lowercase letters, digits and _, and must start with a letter.",
        "Line 4: the id “remote” is already used by another choice.",
      ],
    });
  });

  it("does not let a generated id take an id written on a later line", () => {
    const parsed = parseOptionLines("Remote | À distance\nremote | Remote work | Télétravail", t);
    expect(parsed.ok && parsed.options.map((o) => o.id)).toEqual(["remote_2", "remote"]);
  });
});

describe("the question form", () => {
  const context = { earlier: [enps, place, notes], reasonCodes: ["pay"] };
  const base = { type: "text", promptEn: "What would have made you stay?", promptFr: "Qu’est-ce qui vous aurait fait rester ?" };

  function issues(input: Record<string, unknown>) {
    const result = questionFormSchema(t, context).safeParse(input);
    if (result.success) throw new Error("expected issues");
    return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
  }

  it("builds a conditional text question shown for detractors", () => {
    const value = questionFormSchema(t, context).parse({ ...base, maxLength: 2000, conditionQuestionId: "enps", conditionOperator: "lte", conditionValue: "6" });
    expect(value).toEqual({
      type: "text",
      prompt: { en: base.promptEn, fr: base.promptFr },
      help: null,
      required: false,
      options: [],
      maxLength: 2000,
      condition: { questionId: "enps", operator: "lte", value: 6 },
    });
  });

  it("names the missing prompt, and a help text given in one language only", () => {
    expect(issues({ type: "rating", promptEn: "", promptFr: "Note" })).toEqual({ promptEn: "Fill in “Question in English”." });
    expect(issues({ type: "rating", promptEn: "Rate it", promptFr: "Notez", helpEn: "1 is low" })).toEqual({
      helpFr: "Fill in “Help text in French” too: every text exists in English and in French.",
    });
  });

  it("requires at least two choices for a choice question and ignores choices for other types", () => {
    expect(issues({ ...base, type: "single_choice", options: "Only | Seul" })).toEqual({ options: "Give at least 2 choices, one per line." });
    expect(questionFormSchema(t, context).parse({ ...base, type: "rating", options: "A | B\nC | D" }).options).toEqual([]);
  });

  it("accepts a condition only on an earlier, comparable question with a value it can take", () => {
    expect(issues({ ...base, conditionQuestionId: "later", conditionOperator: "eq", conditionValue: "1" })).toEqual({
      conditionQuestionId: "Choose a question that comes before this one.",
    });
    expect(issues({ ...base, conditionQuestionId: "notes", conditionOperator: "eq", conditionValue: "x" })).toEqual({
      conditionQuestionId: "A free-text answer cannot be compared: choose a score, choice or yes/no question.",
    });
    expect(issues({ ...base, conditionQuestionId: "enps", conditionOperator: "includes", conditionValue: "11" })).toEqual({
      conditionOperator: "For this question, choose: is at most, is at least, is.",
      conditionValue: "Enter a whole number from 0 to 10.",
    });
    expect(issues({ ...base, conditionQuestionId: "place", conditionOperator: "eq", conditionValue: "moon" })).toEqual({
      conditionValue: "Enter the id of one of its choices: remote, office.",
    });
  });

  it("writes its messages in French for a French-speaking admin", () => {
    const result = questionFormSchema(tFr, context).safeParse({ ...base, type: "single_choice", options: "" });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]!.message).toBe("Donnez au moins 2 choix, un par ligne.");
  });
});

describe("survey rules", () => {
  it("finds nothing wrong with the default exit survey", () => {
    expect(definitionProblems(defaultExitSurveyDefinition("Acme Corp"), exit)).toEqual([]);
  });

  it("requires exactly one eNPS question in an exit survey when publishing, and says so", () => {
    const none = survey(place);
    expect(definitionProblems(none, exit)).toEqual([{ code: "survey.enpsMissing" }]);
    expect(failureText(definitionProblems(none, exit)[0]!, "en")).toBe("Add an eNPS question: an exit survey has exactly one.");
    const two = survey(enps, { ...enps, id: "enps_2" });
    expect(failureText(definitionProblems(two, exit)[0]!, "en")).toBe("Keep one eNPS question: this survey has 2.");
    expect(definitionProblems(none, { ...exit, publishing: false })).toEqual([]);
    expect(definitionProblems(none, { ...exit, kind: "pulse" })).toEqual([]);
  });

  it("refuses an empty survey at publication", () => {
    expect(definitionProblems(survey(), { ...exit, kind: "pulse" })).toEqual([{ code: "survey.noQuestions" }]);
  });

  it("finds a condition placed before its source, on free text, or with a value the source cannot take", () => {
    const follow = q({ id: "follow", type: "text", condition: { questionId: "enps", operator: "lte", value: 6 } });
    expect(which(definitionProblems(survey(follow, enps), exit))).toEqual([["survey.conditionNotEarlier", "follow", "enps"]]);
    const onText = q({ id: "x", type: "yes_no", condition: { questionId: "notes", operator: "eq", value: "a" } });
    expect(which(definitionProblems(survey(enps, notes, onText), exit))).toEqual([["survey.conditionSourceType", "x", "notes"]]);
    const badValue = q({ id: "y", type: "text", condition: { questionId: "place", operator: "eq", value: "moon" } });
    expect(which(definitionProblems(survey(enps, place, badValue), exit))).toEqual([["survey.conditionValue", "y", "place"]]);
    const badOperator = q({ id: "z", type: "text", condition: { questionId: "place", operator: "lte", value: "remote" } });
    expect(which(definitionProblems(survey(enps, place, badOperator), exit))).toEqual([["survey.conditionOperator", "z", "place"]]);
    const gone = q({ id: "w", type: "text", condition: { questionId: "deleted", operator: "eq", value: "x" } });
    expect(which(definitionProblems(survey(enps, gone), exit))).toEqual([["survey.conditionMissing", "w", "deleted"]]);
  });

  it("names both questions by their prompts in the reader's language when a condition comes before its source", () => {
    const follow = q({ id: "follow", type: "text", condition: { questionId: "enps", operator: "lte", value: 6 } });
    const [problem] = definitionProblems(survey(follow, enps), exit);
    expect(failureText(problem!, "en")).toBe("Move “Prompt follow” after “Prompt enps”, or change its condition: it depends on that answer.");
    expect(failureText(problem!, "fr")).toBe("Placez « Question follow » après « Question enps », ou modifiez sa condition : elle dépend de cette réponse.");
  });

  it("refuses reasons for leaving in a pulse survey, and choice questions with fewer than two choices", () => {
    expect(which(definitionProblems(survey(q({ id: "r", type: "reasons" })), { ...exit, kind: "pulse" }))).toEqual([["survey.reasonsInPulse", "r", undefined]]);
    expect(which(definitionProblems(survey(enps, q({ id: "c", type: "multiple_choice", options: [options[0]!] })), exit))).toEqual([
      ["survey.optionsMissing", "c", undefined],
    ]);
  });

  it("tells the problems a change introduced from those already there, even when a prompt was reworded", () => {
    const thin = q({ id: "c", type: "multiple_choice", options: [options[0]!] });
    const before = definitionProblems(survey(thin), { ...exit, kind: "pulse" });
    const reworded = { ...thin, prompt: { en: "Reworded", fr: "Reformulée" } };
    const after = definitionProblems(survey(reworded, q({ id: "d", type: "single_choice" })), { ...exit, kind: "pulse" });
    expect(which(newProblems(before, after))).toEqual([["survey.optionsMissing", "d", undefined]]);
  });

  it("compares definitions whatever the key order", () => {
    const a = survey(enps);
    const b = JSON.parse(JSON.stringify({ questions: a.questions, intro: null })) as SurveyDefinition;
    expect(sameDefinition(a, b)).toBe(true);
    expect(sameDefinition(a, survey({ ...enps, required: false }))).toBe(false);
  });

  it("puts a condition in words, with the choice's label", () => {
    const definition = survey(enps, place);
    expect(conditionInWords({ questionId: "enps", operator: "lte", value: 6 }, definition, "en", t)).toBe(
      "Shown only when the answer to “Prompt enps” is 6 or less.",
    );
    const words = conditionInWords({ questionId: "place", operator: "eq", value: "remote" }, definition, "fr", tFr);
    expect(words.replace(/\u00a0/g, " ")).toBe("Affichée seulement si la réponse à « Question place » est « À distance ».");
  });
});
