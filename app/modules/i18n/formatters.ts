import type { i18n } from "i18next";
import { cachedDateTimeFormat, formatDate } from "~/utils/format";

/**
 * Formatters the translations may use, e.g. `{{company, de}}`. Registered on every i18next instance
 * (server render, browser, translator()) so that a text reads the same wherever it is rendered.
 */

/** French "de" before a name: elided before a vowel ("d’Acme Corp"), kept otherwise ("de Globex"). */
export function frenchDe(name: string): string {
  return /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(name.trim()) ? `d’${name}` : `de ${name}`;
}

/** The day of the week of a calendar day ("YYYY-MM-DD"), whatever the machine's time zone. */
export function weekdayOf(day: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return cachedDateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(date);
}

/** Text that is not an ISO date or timestamp: a day some edge has already put into words. */
function isWrittenOut(value: unknown): value is string {
  return typeof value === "string" && !/^\d{4}-\d{2}-\d{2}/.test(value);
}

export function addFormatters(instance: i18n) {
  // A calendar day ("YYYY-MM-DD") as the pages show it: `{{date, day}}` → "Jan 3, 2027" / "3 janv. 2027".
  // A day already written out (a failure's `{ day }`, which failureText formats first) stays as it is:
  // read again as a date it could move by a day in another time zone.
  instance.services.formatter?.add("day", (value: unknown, lng: string | undefined) =>
    isWrittenOut(value) ? value : formatDate(String(value), lng ?? "en") || String(value),
  );
  // Its day of the week: `{{date, weekday}}` → "Sunday" / "dimanche".
  instance.services.formatter?.add("weekday", (value: unknown, lng: string | undefined) => weekdayOf(String(value), lng ?? "en"));
  // In English the preposition is part of the sentence; only French texts use this format.
  instance.services.formatter?.add("de", (value: unknown, lng: string | undefined) =>
    lng === "fr" ? frenchDe(String(value)) : String(value),
  );
}
