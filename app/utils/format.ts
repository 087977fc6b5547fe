/**
 * Locale-aware formatting of dates, times, numbers and percentages, shared by the server and the
 * browser (no `.server` suffix on purpose).
 *
 *   formatDate(user.created_at, locale)                    → "Nov 27, 2026" / "27 nov. 2026"
 *   formatDate("2026-11-27", locale)                       → a `date` column: the calendar day as stored
 *   formatDateTime(email.created_at, locale, { timeZone }) → "Nov 27, 2026, 15:05" / "27 nov. 2026, 15:05"
 *   formatRelativeTime(email.created_at, locale, { now })  → "3 days ago" / "il y a 3 jours"
 *   formatNumber(1234, locale)                             → "1,234" / "1 234"
 *   formatPercent(0.125, locale)                           → "12.5%" / "12,5 %"
 *
 * Why the options look the way they do:
 * - The time zone is always explicit (default "UTC" until the company setting exists). A default of
 *   "whatever the machine says" would render one text on the server and another in the browser,
 *   and React would report a hydration mismatch.
 * - Times use a 24-hour clock: ICU versions disagree on the space before "PM", another source of
 *   server/browser differences.
 * - Relative times depend on "now": pass the `now` the loader saw (serialised in its data) so both
 *   sides compute the same words.
 * - An invalid input gives "" rather than throwing: a bad value must not take a whole page down.
 */

export const DEFAULT_TIME_ZONE = "UTC";

export type DateInput = Date | string | number;

export interface TimeZoneOption {
  /** An IANA time zone such as "Europe/Paris". */
  timeZone?: string;
}

/** "YYYY-MM-DD": the shape of a `date` column, which names a calendar day, not an instant. */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatterCache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  key: string,
  create: () => T,
): T {
  let formatter = formatterCache.get(key) as T | undefined;
  if (!formatter) {
    formatter = create();
    formatterCache.set(key, formatter);
  }
  return formatter;
}

function toDate(value: DateInput): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const DATE_PARTS: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" };
const TIME_PARTS: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

function dateTimeFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  return cachedDateTimeFormat(locale, { ...options, timeZone });
}

/**
 * Calendar days already written, per language: a page writes the same few days for each of its rows
 * (due dates, last days), and Intl's format is the costly part. Bounded: emptied past 5,000.
 */
const calendarDayLabels = new Map<string, string>();
const CALENDAR_DAY_LABELS_MAX = 5_000;

function calendarDayLabel(day: string, locale: string, year: string, month: string, date: string): string {
  const key = `${locale}|${day}`;
  let label = calendarDayLabels.get(key);
  if (label === undefined) {
    const calendarDay = new Date(Date.UTC(Number(year), Number(month) - 1, Number(date)));
    // Date.UTC rolls 2026-02-30 over to March: a day that does not exist is not a date.
    const exists = !Number.isNaN(calendarDay.getTime()) && calendarDay.toISOString().slice(0, 10) === day;
    label = exists ? dateTimeFormat(locale, "UTC", DATE_PARTS).format(calendarDay) : "";
    if (calendarDayLabels.size >= CALENDAR_DAY_LABELS_MAX) calendarDayLabels.clear();
    calendarDayLabels.set(key, label);
  }
  return label;
}

/**
 * The one Intl.DateTimeFormat for a locale and options. Building one costs far more than using it
 * (ICU loads the locale's patterns), and pages call these in loops over rows.
 */
export function cachedDateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`dt|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

/**
 * The day of an instant in the given time zone, or, for a "YYYY-MM-DD" string, that calendar day
 * unchanged whatever the time zone.
 */
export function formatDate(value: DateInput, locale: string, options: TimeZoneOption = {}): string {
  if (typeof value === "string") {
    const match = CALENDAR_DATE.exec(value);
    if (match) {
      const [, year, month, day] = match;
      return calendarDayLabel(value, locale, year!, month!, day!);
    }
  }
  const date = toDate(value);
  if (!date) return "";
  return dateTimeFormat(locale, options.timeZone ?? DEFAULT_TIME_ZONE, DATE_PARTS).format(date);
}

/** Day and time (24-hour clock) of an instant in the given time zone. */
export function formatDateTime(value: DateInput, locale: string, options: TimeZoneOption = {}): string {
  const date = toDate(value);
  if (!date) return "";
  return dateTimeFormat(locale, options.timeZone ?? DEFAULT_TIME_ZONE, { ...DATE_PARTS, ...TIME_PARTS }).format(date);
}

/** An ISO 8601 string for the `dateTime` attribute of <time>, so machines read the exact instant. */
export function toIsoString(value: DateInput): string {
  return toDate(value)?.toISOString() ?? "";
}

const RELATIVE_UNITS: Array<{ unit: Intl.RelativeTimeFormatUnit; seconds: number }> = [
  { unit: "year", seconds: 365 * 24 * 60 * 60 },
  { unit: "month", seconds: 30 * 24 * 60 * 60 },
  { unit: "week", seconds: 7 * 24 * 60 * 60 },
  { unit: "day", seconds: 24 * 60 * 60 },
  { unit: "hour", seconds: 60 * 60 },
  { unit: "minute", seconds: 60 },
];

/**
 * "3 days ago", "in 2 hours", "yesterday", "now": the largest whole unit between `value` and `now`.
 * Pass `now` from the loader's data so that the server and the browser agree.
 */
export function formatRelativeTime(value: DateInput, locale: string, options: { now?: DateInput } = {}): string {
  const date = toDate(value);
  const now = toDate(options.now ?? Date.now());
  if (!date || !now) return "";
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const format = cached(`rt|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
  for (const { unit, seconds: size } of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, "second");
}

/** A number with the locale's separators ("1,234.5" / "1 234,5"). */
export function formatNumber(
  value: number,
  locale: string,
  options: { maximumFractionDigits?: number } = {},
): string {
  if (!Number.isFinite(value)) return "";
  const maximumFractionDigits = options.maximumFractionDigits ?? 2;
  return cached(`n|${locale}|${maximumFractionDigits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits })).format(
    value,
  );
}

/** A ratio as a percentage: 0.125 → "12.5%" / "12,5 %". */
export function formatPercent(
  ratio: number,
  locale: string,
  options: { maximumFractionDigits?: number } = {},
): string {
  if (!Number.isFinite(ratio)) return "";
  const maximumFractionDigits = options.maximumFractionDigits ?? 1;
  return cached(
    `p|${locale}|${maximumFractionDigits}`,
    () => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits }),
  ).format(ratio);
}

/**
 * An amount stored in minor units (cents) in the locale's currency format ("€16.50" / "16,50 €").
 * Two minor digits, as every rate in the app is stored.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  if (!Number.isFinite(minor)) return "";
  return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: "currency", currency })).format(minor / 100);
}
