import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { enqueue } from "~/modules/jobs/boss.server";
import { getDb } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { importJob } from "./import-job.server";
import { runImportJob, type RunOptions } from "./import.server";
import { findImport, stageOf } from "./imports.server";
import { IN_REQUEST_LIMIT } from "./limits";

/**
 * Starting an import: in the request for a small file, else by queueing the `imports.run` job. Apart
 * from the run (import.server) because the job's handler runs it: the module that queues a job is
 * never the one the job runs, or the two would import each other.
 */

/**
 * Starts (or, after a failure, resumes) an import whose mapping HR has confirmed. Returns whether
 * it went to the background; a small file is finished when this returns. `confirmUnusualDates`:
 * HR ticked, on the preview, that rows with dates outside the window of usual dates are right;
 * otherwise those rows are rejected (and listed in the report) rather than imported. A confirmation
 * given once holds when the import is resumed.
 * An import with no mapping, or already running or finished, is refused (`imports.notReady`).
 */
export async function startImport(
  importId: string,
  options: Omit<RunOptions, "maxChunks"> & { confirmUnusualDates?: boolean },
): Promise<{ background: boolean }> {
  const db = getDb();
  const current = await findImport(db, importId);
  if (!current || !(stageOf(current) === "preview" || stageOf(current) === "failed")) throw DomainFailure.refused("imports.notReady");
  const background = current.total_rows > IN_REQUEST_LIMIT;
  await db.transaction().execute(async (trx) => {
    const started = await trx
      .updateTable("csv_imports")
      .set({
        status: "importing",
        error: null,
        started_at: sql<Date>`coalesce(started_at, now())`,
        unusual_dates_confirmed: sql<boolean>`unusual_dates_confirmed or ${options.confirmUnusualDates === true}`,
      })
      .where("id", "=", importId)
      .where("status", "in", ["uploaded", "failed"])
      .where("mapping", "is not", null)
      .executeTakeFirst();
    // Another click (or another HR admin) started it first.
    if (Number(started.numUpdatedRows) === 0) throw DomainFailure.refused("imports.notReady");
    await recordAudit(trx, {
      actorUserId: options.actorUserId,
      action: current.status === "failed" ? "csv_import.resumed" : "csv_import.started",
      subjectType: "csv_import",
      subjectId: importId,
      data: { rows: current.total_rows, background, ...(options.confirmUnusualDates ? { unusualDatesConfirmed: true } : {}) },
    });
    if (background) {
      await enqueue(importJob, { importId, actorUserId: options.actorUserId, locale: options.locale }, { trx });
    }
  });
  if (!background) await runImportJob({ importId, actorUserId: options.actorUserId, locale: options.locale });
  return { background };
}
