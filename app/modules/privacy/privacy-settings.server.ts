import { z } from "zod";
import { recordAudit } from "~/modules/auth/audit.server";
import { parseFields } from "~/modules/feeds/input";
import type { DB } from "~/utils/db.server";
import { DEFAULT_RETENTION_SETTINGS, RETENTION_LIMITS, type RetentionSettings } from "./retention-settings";

/**
 * HR's retention periods: the one row of `privacy_settings`, read as the defaults when it is
 * missing. The daily retention job reads them on each run, so a change applies from the next run.
 */

export async function getRetentionSettings(db: DB): Promise<RetentionSettings> {
  const row = await db
    .selectFrom("privacy_settings")
    .select(["leaver_erasure_days", "click_ip_days", "import_file_days", "export_archive_days"])
    .executeTakeFirst();
  if (!row) return DEFAULT_RETENTION_SETTINGS;
  return {
    leaverErasureDays: row.leaver_erasure_days,
    clickIpDays: row.click_ip_days,
    importFileDays: row.import_file_days,
    exportArchiveDays: row.export_archive_days,
  };
}

const blankIsMissing = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const days = (limits: { min: number; max: number }) => z.preprocess(blankIsMissing, z.coerce.number().int().min(limits.min).max(limits.max));

const L = RETENTION_LIMITS;
const fieldsSchema = z.object({
  leaverErasureDays: days(L.leaverErasureDays),
  clickIpDays: days(L.clickIpDays),
  importFileDays: days(L.importFileDays),
  exportArchiveDays: days(L.exportArchiveDays),
});

const FIELD_CODES = {
  leaverErasureDays: { code: "retentionSettings.leaverErasureDaysInvalid", values: L.leaverErasureDays },
  clickIpDays: { code: "retentionSettings.clickIpDaysInvalid", values: L.clickIpDays },
  importFileDays: { code: "retentionSettings.importFileDaysInvalid", values: L.importFileDays },
  exportArchiveDays: { code: "retentionSettings.exportArchiveDaysInvalid", values: L.exportArchiveDays },
} as const;

/**
 * Checks HR's fields (a code per wrong field) and saves them with their audit entry in one
 * transaction. Throws DomainFailure("invalid") and writes nothing when anything is wrong.
 */
export async function updateRetentionSettings(db: DB, input: unknown, actor: { userId: string }, now: Date = new Date()): Promise<RetentionSettings> {
  const data = parseFields(fieldsSchema, input, FIELD_CODES);
  const values = {
    leaver_erasure_days: data.leaverErasureDays,
    click_ip_days: data.clickIpDays,
    import_file_days: data.importFileDays,
    export_archive_days: data.exportArchiveDays,
    updated_by: actor.userId,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("privacy_settings")
      .values({ id: true, ...values })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
    await recordAudit(trx, { actorUserId: actor.userId, action: "privacy.retention_settings_updated", subjectType: "privacy_settings", data: { fields: data } });
  });
  return getRetentionSettings(db);
}
