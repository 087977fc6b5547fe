import { isLastPage, nextPage, pageAccess, previousPage, progressOf, resumePage, visiblePageNumbers } from "~/modules/exit/flow-pages";
import { surveyDefinitionSchema } from "~/modules/surveys/definition";

const text = (en: string) => ({ en, fr: en });
/** Pages: 1 [score, note] · 2 [why, how] (only when score ≤ 6) · 3 [team]. */
const survey = surveyDefinitionSchema.parse({
  questions: [
    { id: "score", type: "enps", required: true, prompt: text("Score?") },
    { id: "note", type: "text", required: false, prompt: text("Note?") },
    { id: "why", type: "text", required: false, prompt: text("Why?"), condition: { questionId: "score", operator: "lte", value: 6 } },
    { id: "how", type: "yes_no", required: false, prompt: text("How?"), condition: { questionId: "score", operator: "lte", value: 6 } },
    { id: "more", type: "yes_no", required: false, prompt: text("More?"), condition: { questionId: "score", operator: "lte", value: 6 } },
    { id: "team", type: "yes_no", required: false, prompt: text("Team?") },
  ],
});

describe("moving through the survey's pages", () => {
  it("shows the follow-up page only when the score opens it", () => {
    expect(visiblePageNumbers(survey, {})).toEqual([1, 3]);
    expect(visiblePageNumbers(survey, { score: 4 })).toEqual([1, 2, 3]);
    expect(visiblePageNumbers(survey, { score: 9 })).toEqual([1, 3]);
  });

  it("skips a page with nothing to show, both ways", () => {
    expect(nextPage(survey, { score: 9 }, 1)).toBe(3);
    expect(previousPage(survey, { score: 9 }, 3)).toBe(1);
    expect(nextPage(survey, { score: 3 }, 1)).toBe(2);
    expect(nextPage(survey, { score: 3 }, 3)).toBeNull();
    expect(previousPage(survey, {}, 1)).toBeNull();
  });

  it("resumes at the first page not done yet, or the last page when all are done", () => {
    expect(resumePage(survey, {}, 0)).toBe(1);
    expect(resumePage(survey, { score: 3 }, 1)).toBe(2);
    expect(resumePage(survey, { score: 9 }, 2)).toBe(3);
    expect(resumePage(survey, { score: 9, team: true }, 3)).toBe(3);
  });

  it("opens pages up to the resume page and redirects everything else there", () => {
    expect(pageAccess(survey, {}, 0, "1")).toEqual({ kind: "open" });
    for (const requested of ["2", "3", "0", "", "x", "2.5", "99999", undefined]) {
      expect(pageAccess(survey, {}, 0, requested), String(requested)).toEqual({ kind: "redirect", page: 1 });
    }
    // Page 2 has nothing to show for a high score: its page is the next one that does.
    expect(pageAccess(survey, { score: 9 }, 2, "2")).toEqual({ kind: "redirect", page: 3 });
    expect(pageAccess(survey, { score: 9 }, 2, "3")).toEqual({ kind: "open" });
  });

  it("does not call a page the last one while its unanswered score may still open a follow-up page", () => {
    const short = surveyDefinitionSchema.parse({ questions: survey.questions.slice(0, 5) });
    expect(isLastPage(short, {}, 1)).toBe(false);
    expect(progressOf(short, {}, 1)).toEqual({ current: 1, total: 2 });
    expect(isLastPage(short, { score: 9 }, 1)).toBe(true);
    expect(progressOf(short, { score: 9 }, 1)).toEqual({ current: 1, total: 1 });
    expect(isLastPage(short, { score: 2 }, 2)).toBe(true);
  });
});
