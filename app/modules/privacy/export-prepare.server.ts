import { recordAudit } from "~/modules/auth/audit.server";
import { sendEmail } from "~/modules/email/send-email.server";
import type { DB } from "~/utils/db.server";
import { getAppUrl } from "~/utils/env.server";
import { buildExportArchive, type ExportSection } from "./export-archive.server";
import { exportDownloadUrl } from "./export-links.server";
import { getRetentionSettings } from "./privacy-settings.server";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the personal-data registry holds about one person (personal-data.server.ts personalDataOf). */
export type GatherPersonalData = (db: DB, userId: string) => Promise<ExportSection[]>;

export type PrepareOutcome = "ready" | "notPending";

/**
 * The `privacy.export` job's work: gathers the person's data through the registry, writes the ZIP
 * into the row, sets its expiry (HR's export retention, from now), removes the person's older
 * archives (one copy at a time is enough) and mails the link, all in one transaction. Idempotent:
 * a request already prepared (a retried job) is left alone.
 */
export async function prepareExport(db: DB, exportId: string, gather: GatherPersonalData, now: Date = new Date()): Promise<PrepareOutcome> {
  const request = await db
    .selectFrom("data_exports")
    .innerJoin("users", "users.id", "data_exports.user_id")
    .select(["data_exports.user_id", "users.email", "users.name", "users.locale"])
    .where("data_exports.id", "=", exportId)
    .where("data_exports.status", "=", "pending")
    .executeTakeFirst();
  if (!request) return "notPending";
  const sections = await gather(db, request.user_id);
  const archive = buildExportArchive(request.user_id, sections, now);
  const { exportArchiveDays } = await getRetentionSettings(db);
  const expiresAt = new Date(now.getTime() + exportArchiveDays * DAY_MS);

  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("data_exports")
      .set({ status: "ready", ready_at: now, expires_at: expiresAt, archive: Buffer.from(archive), archive_bytes: archive.byteLength })
      .where("id", "=", exportId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return "notPending" as const;
    await trx
      .updateTable("data_exports")
      .set({ archive: null })
      .where("user_id", "=", request.user_id)
      .where("id", "<>", exportId)
      .where("archive", "is not", null)
      .execute();
    await sendEmail({
      to: request.email,
      template: "data-export-ready",
      props: {
        url: exportDownloadUrl({ exportId, expiresAt }),
        pageUrl: `${getAppUrl()}/alumni/data`,
        name: request.name,
        expiresInDays: exportArchiveDays,
      },
      locale: request.locale,
      userId: request.user_id,
      trx,
    });
    await recordAudit(trx, {
      actorUserId: null,
      action: "privacy.export_prepared",
      subjectType: "data_export",
      subjectId: exportId,
      data: { sections: sections.filter((section) => section.rows.length > 0).length, bytes: archive.byteLength },
    });
    return "ready" as const;
  });
}
