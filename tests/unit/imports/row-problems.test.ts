import { parseRowProblems, rowProblemsOf, rowProblemText } from "~/modules/imports/row-problems";
import { describeErrors } from "~/modules/imports/report.server";
import { translator } from "~/modules/i18n/translator";

describe("a rejected row's problems as stored", () => {
  const failure = { code: "departure.reasonUnknown" as const, field: "reasonCode", values: { value: "bored", codes: "career_growth" } };

  it("files coded failures by field, those about no field under the row", () => {
    expect(rowProblemsOf([failure, { code: "common.notFound" }])).toEqual({ reasonCode: [failure], row: [{ code: "common.notFound" }] });
  });

  it("reads sentences stored before refusals were coded, and coded failures, in one report", () => {
    const stored = { lastDay: ["Enter a date as YYYY-MM-DD."], reasonCode: [failure] };
    const problems = parseRowProblems(JSON.parse(JSON.stringify(stored)));
    expect(problems).toEqual(stored);
    expect(problems.reasonCode!.map((problem) => rowProblemText(problem, "fr"))).toEqual([
      "Motif inconnu «\u00a0bored\u00a0». Utilisez l’un de ceux-ci\u00a0: career_growth.",
    ]);
    expect(describeErrors({ row_number: 3, errors: stored }, translator("en", "imports"), "en")).toMatch(
      /^Row 3 — .*: Enter a date as YYYY-MM-DD\.; .*: Unknown reason "bored"\. Use one of: career_growth\.$/,
    );
  });

  it("shows a value of no known shape as its JSON rather than failing the report", () => {
    expect(parseRowProblems(42)).toEqual({ row: ["42"] });
  });
});
