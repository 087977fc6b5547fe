import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";

/**
 * HR's retention periods (docs/decisions/031), in days: the limits, the defaults and the form's
 * schema with messages in the reader's language (the form edge, ADR 013; the domain checks again
 * with codes in privacy-settings.server.ts). Plain .ts: conform runs the schema in the browser too.
 */

export const RETENTION_FIELD_NAMES = ["leaverErasureDays", "clickIpDays", "importFileDays", "exportArchiveDays"] as const;
export type RetentionFieldName = (typeof RETENTION_FIELD_NAMES)[number];

export type RetentionSettings = Record<RetentionFieldName, number>;

/**
 * - A leaver who never joined: at least 30 days, so that the exit links (valid 30 days after the
 *   last day) expire before the account goes, and the survey and the invitation can still be answered.
 * - Click IP hashes: 90 days, as the issue states; at most a year.
 * - CSV import files: 30 days, time enough to fix and import rejected rows again.
 * - Export archives: 7 days, as the issue states; at most 30, an archive is a copy of everything.
 */
export const RETENTION_LIMITS: Record<RetentionFieldName, { min: number; max: number }> = {
  leaverErasureDays: { min: 30, max: 3650 },
  clickIpDays: { min: 1, max: 365 },
  importFileDays: { min: 1, max: 365 },
  exportArchiveDays: { min: 1, max: 30 },
};

export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = {
  leaverErasureDays: 90,
  clickIpDays: 90,
  importFileDays: 30,
  exportArchiveDays: 7,
};

/** Each message names its field, so it reads right in the error summary as well as beside the input. */
export function retentionSettingsFormSchema(t: Translate) {
  const days = (name: RetentionFieldName) => {
    const message = t(`settings.errors.${name}`, RETENTION_LIMITS[name]);
    const { min, max } = RETENTION_LIMITS[name];
    return z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
  };
  return z.object({
    leaverErasureDays: days("leaverErasureDays"),
    clickIpDays: days("clickIpDays"),
    importFileDays: days("importFileDays"),
    exportArchiveDays: days("exportArchiveDays"),
  });
}
