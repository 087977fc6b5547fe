import enFailures from "~/locales/en/failures.json";
import { failureText } from "~/modules/i18n/failure-text";
import { translator } from "~/modules/i18n/translator";
import { departureInputSchema } from "~/modules/offboarding/schemas";
import { day, type Failure, type FailureCode } from "~/utils/failures";

/** The values each importRow code's message uses, as the preview's row checks give them. */
const SAMPLE_VALUES: Record<string, Failure["values"]> = {
  dateInvalid: { value: "31/02/2027", pattern: "DD/MM/YYYY" },
  extraValues: { count: 2, columns: 6 },
  duplicateOf: { row: 2 },
  languageInvalid: { value: "Deutsch" },
  flagInvalid: { value: "maybe" },
  required: { field: "employeeName" },
  emailTooLong: { max: 254 },
  textTooLong: { max: 200 },
  hireAfterLastDay: { date: day("2027-01-03") },
};

const codes = [...new Set(Object.keys(enFailures.importRow).map((key) => key.replace(/_(one|other)$/, "")))];

describe("a CSV row's failures in words", () => {
  it.each(codes)("importRow.%s reads as a whole sentence in English and French", (name) => {
    for (const locale of ["en", "fr"] as const) {
      const text = failureText({ code: `importRow.${name}` as FailureCode, values: SAMPLE_VALUES[name] }, locale);
      expect(text, `${locale} importRow.${name}`).toMatch(/^\S.*\.$/);
      expect(text).not.toMatch(/\$t\(|\{\{|importRow|validation\./);
    }
  });

  it("names the field and writes days as the pages do, through the offboarding sentences it nests", () => {
    expect(failureText({ code: "importRow.required", values: { field: "employeeName" } }, "en")).toBe("Enter the name.");
    expect(failureText({ code: "importRow.textTooLong", values: { max: 200 } }, "fr")).toBe("200 caractères au maximum.");
    const hire: Failure = { code: "importRow.hireAfterLastDay", values: { date: day("2027-01-03") } };
    expect(failureText(hire, "en")).toBe("The hire date cannot be after the last working day (Jan 3, 2027).");
    expect(failureText(hire, "fr")).toMatch(/\(3 janv\. 2027\)\.$/);
  });
});

describe("the departure form's date order, worded once in failures.json", () => {
  it("writes the form's message and the domain's failure alike, in the reader's language", () => {
    const input = { employeeEmail: "a@example.com", employeeName: "A", departmentName: "Sales", noticeDate: "2027-01-10", lastDay: "2027-01-03" };
    for (const locale of ["en", "fr"] as const) {
      const parsed = departureInputSchema(translator(locale, "offboarding")).safeParse(input);
      const formMessage = parsed.success ? undefined : parsed.error.issues[0]?.message;
      expect(formMessage).toBe(failureText({ code: "departure.lastDayBeforeNotice", field: "lastDay", values: { notice: day("2027-01-10") } }, locale));
    }
    expect(failureText({ code: "departure.lastDayBeforeNotice", values: { notice: day("2027-01-10") } }, "en")).toBe(
      "The last working day cannot be before the notice date (Jan 10, 2027).",
    );
  });
});
