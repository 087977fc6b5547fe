import Papa from "papaparse";
import type { Rejection } from "./imports.server";
import type { ProblemKey } from "./preview.server";
import type { AppLocale } from "~/modules/i18n/config";
import type { Translate } from "~/modules/i18n/translator";
import { parseRowProblems, rowProblemText } from "./row-problems";

/**
 * The report of rejected rows as a CSV file HR can fix and import again: the file's own columns,
 * then an "errors" column saying, field by field, why the row was refused.
 */
export function rejectionsCsv(headers: readonly string[], rejections: readonly Rejection[], t: Translate, locale: AppLocale): string {
  const errorsHeader = t("report.errorsColumn");
  const rows = rejections.map((rejection) => [
    ...headers.map((header) => rejection.raw[header] ?? ""),
    describeErrors(rejection, t, locale),
  ]);
  const body = Papa.unparse(
    { fields: [...headers, errorsHeader].map(neutraliseFormula), data: rows.map((row) => row.map(neutraliseFormula)) },
    { delimiter: ",", newline: "\r\n", quotes: false },
  );
  // The byte order mark makes Excel read the file as UTF-8 (accents intact).
  return `\uFEFF${body}\r\n`;
}

/**
 * "Row 5 — Work email: Enter an email address…; Last working day: …" (the row number as in the file),
 * coded problems in the reader's language (`t` and `locale` are the reader's).
 */
export function describeErrors(rejection: Pick<Rejection, "row_number" | "errors">, t: Translate, locale: AppLocale): string {
  const parts = Object.entries(parseRowProblems(rejection.errors)).map(([key, problems]) => {
    const messages = problems.map((problem) => rowProblemText(problem, locale));
    // A problem of the whole row (a duplicate, a shifted row) needs no field name.
    if (key === "row") return messages.join(" ");
    const label = t(`fields.${key as ProblemKey}`, { defaultValue: key });
    return `${label}: ${messages.join(" ")}`;
  });
  return `${t("fields.row")} ${rejection.row_number} — ${parts.join("; ")}`;
}

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return
 * before one) gets a leading apostrophe: the report repeats what the uploaded file said, and
 * opening it must not execute anything (OWASP "CSV injection").
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
