import type { AppLocale } from "./config";

/**
 * A text HR writes in both languages (a checklist template's name, a task's title, a survey's
 * name), stored as `<column>_en` / `<column>_fr`. Shared by the server and the browser.
 */
export interface LocalizedText {
  en: string;
  fr: string;
}

/** Reads the two columns of a row into one value: `localizedColumns(row, "title")`. */
export function localizedColumns<Column extends string>(row: Record<`${Column}_en` | `${Column}_fr`, string>, column: Column): LocalizedText {
  return { en: row[`${column}_en`], fr: row[`${column}_fr`] };
}

/**
 * The text in `locale`, or in the other language when that one is empty: rows written before
 * both languages existed have no French text, and an optional description may be given in one.
 */
export function localized(text: LocalizedText, locale: AppLocale | string): string {
  const [wanted, other] = locale === "fr" ? [text.fr, text.en] : [text.en, text.fr];
  return wanted.trim() ? wanted : other;
}
