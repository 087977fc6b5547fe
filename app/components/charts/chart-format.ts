/**
 * How the charts write their numbers, in the reader's locale (app/utils/format.ts underneath): the
 * same text in a chart's labels, its table and its description, so that "show as table" says exactly
 * what the picture says.
 */
import { cachedDateTimeFormat, formatNumber } from "~/utils/format";

const signed = new Map<string, Intl.NumberFormat>();

/** A value on a scale around zero with its sign: "+12", "−8" (the locale's minus), "0". */
export function formatSigned(value: number, locale: string, maximumFractionDigits = 0): string {
  if (!Number.isFinite(value)) return "";
  const key = `${locale}|${maximumFractionDigits}`;
  let format = signed.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { signDisplay: "exceptZero", maximumFractionDigits });
    signed.set(key, format);
  }
  // "exceptZero" also writes a value that rounds to zero (−0.4, −0) as a plain "0".
  return format.format(value);
}

/** A margin of error in points: "±8". */
export function formatMargin(value: number, locale: string): string {
  return Number.isFinite(value) ? `±${formatNumber(value, locale, { maximumFractionDigits: 0 })}` : "";
}

/** A count: "1,234" / "1 234". */
export function formatCount(value: number, locale: string): string {
  return formatNumber(value, locale, { maximumFractionDigits: 0 });
}

/** A month ("YYYY-MM" or "YYYY-MM-01") for an axis: "Jan 2026" / "janv. 2026". */
export function formatMonthShort(month: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 15));
  return cachedDateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(date);
}
