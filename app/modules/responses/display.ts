import type { AlumniState, ExitFlowState } from "./exit-flow-status.server";
import type { EnpsCategory } from "./enps";
import type { StatusTone } from "~/utils/status-tone";
import { cachedDateTimeFormat } from "~/utils/format";

/** How HR's pages colour exit-flow states (the word carries the meaning; the colour repeats it). */
export const EXIT_FLOW_TONES: Record<ExitFlowState, StatusTone> = {
  not_invited: "neutral",
  scheduled: "info",
  invited: "info",
  started: "warning",
  finished: "success",
  cancelled: "neutral",
};

export const ALUMNI_TONES: Record<AlumniState, StatusTone> = {
  pending_confirmation: "warning",
  confirmed: "info",
  active: "success",
  left: "neutral",
  declined: "neutral",
};

export const ENPS_TONES: Record<EnpsCategory, StatusTone> = {
  promoter: "success",
  passive: "neutral",
  detractor: "danger",
};

/**
 * "November 2026" / "novembre 2026" for a month stored as its first day: a "YYYY-MM-01" date or a
 * timestamp at the start of the month. The timestamp may have been taken at midnight in the
 * company's zone or in UTC; reading the middle of the month makes either give the same month.
 */
export function formatMonth(value: string | Date, locale: string): string {
  const start = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(start.getTime())) return "";
  const middle = new Date(start.getTime() + 14 * 24 * 60 * 60 * 1000);
  return cachedDateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(middle);
}
