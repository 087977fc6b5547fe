import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import type { AppLocale } from "~/modules/i18n/config";
import { logger } from "~/modules/platform/logger.server";
import { createDepartureCache, createDepartureIn, createDeparturesIn } from "~/modules/offboarding/departures.server";
import { todayIn } from "~/utils/calendar-days";
import { unusualDateFailures } from "~/modules/offboarding/unusual-date-failures";
import { getDb, isUniqueViolation, type DB } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";
import { getEnv } from "~/utils/env.server";
import { yieldToEventLoop } from "~/utils/event-loop";
import { rowRecord } from "./csv.server";
import { findImport, mappingOf, parseStoredImport, type CsvImport } from "./imports.server";
import { analyseImport, type AnalysedRow } from "./preview.server";
import { rowProblemsOf, type RowProblems } from "./row-problems";

/**
 * Running an import: every row the preview judged new goes through createDeparture (source "csv"),
 * existing rows are counted and skipped, invalid and duplicate rows are written to the report of
 * rejected rows. Small files are imported during the request; larger ones by the `imports.run` job
 * (both started by start-import.server).
 */

/**
 * Rows committed together with their progress, in one transaction. Small enough that on the embedded
 * database (one session, held by the transaction) a request waits a fraction of a second at most.
 */
export const CHUNK_SIZE = 50;

export interface RunOptions {
  actorUserId: string | null;
  locale: AppLocale;
  /** Stop after this many chunks, leaving the import running: how tests simulate a crash. */
  maxChunks?: number;
}

/**
 * The job's work, also called in the request for small files. An error stops the import as
 * "failed" with the message, and HR can resume it; nothing is lost (see runImport).
 */
export async function runImportJob(payload: { importId: string; actorUserId: string | null; locale: AppLocale }) {
  try {
    await runImport(payload.importId, payload);
  } catch (error) {
    // A refusal is logged as its codes (ADR 013); anything else with its stack.
    if (isDomainFailure(error)) logger.warn({ importId: payload.importId, kind: error.kind, failures: error.failures }, "CSV import refused");
    else logger.error({ err: error, importId: payload.importId }, "CSV import stopped");
    await getDb()
      .updateTable("csv_imports")
      .set({ status: "failed", error: error instanceof Error ? error.message.slice(0, 1000) : String(error), finished_at: new Date() })
      .where("id", "=", payload.importId)
      .where("status", "=", "importing")
      .execute();
  }
}

/**
 * Processes the rows from `processed_rows` on, CHUNK_SIZE at a time. Each chunk is one transaction:
 * its departures (written together by createDeparturesIn, or, when one row cannot go in, one by one,
 * each all-or-nothing in a savepoint, by createDepartureIn), its rejected rows and the counters
 * move together, so a crash loses the chunk whole and the next run does it again. The
 * chunk starts by locking the import at the position it expects: a second runner of the same import
 * (a redelivered job) waits, then finds the position moved and stops instead of counting twice.
 *
 * A departure recorded from a CSV file since this import began is counted as created by it when the
 * run finds it existing (an earlier version of this job committed row by row), so the totals come out
 * as if nothing had happened.
 */
export async function runImport(importId: string, options: RunOptions): Promise<{ finished: boolean }> {
  const db = getDb();
  const current = await findImport(db, importId);
  if (!current || current.status !== "importing" || !current.date_format) return { finished: current?.status === "completed" };

  const csv = parseStoredImport(current);
  const mapping = mappingOf(current);
  const analysis = await analyseImport(db, csv, mapping, current.date_format);
  const startedAt = current.started_at ?? new Date();
  let position = current.processed_rows;
  let chunks = 0;

  while (position < analysis.rows.length) {
    if (options.maxChunks !== undefined && chunks >= options.maxChunks) return { finished: false };
    // Between chunks the database is free: let waiting requests have it.
    await yieldToEventLoop();
    const chunk = analysis.rows.slice(position, position + CHUNK_SIZE);
    const from = position;
    const advanced = await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .selectFrom("csv_imports")
        .select("processed_rows")
        .where("id", "=", importId)
        .where("status", "=", "importing")
        .forUpdate()
        .executeTakeFirst();
      if (claimed?.processed_rows !== from) return false;

      // Templates, holidays, departments and reasons read once per chunk instead of once per row,
      // and the company's day computed once (formatting a date in a time zone is not free).
      // Rows with unusual dates reach the domain only when HR confirmed them on the preview.
      const creation = {
        actorUserId: options.actorUserId,
        source: "csv" as const,
        // Tasks closed on recording get their note in the language the import was started in.
        noteLocale: options.locale,
        today: todayIn(getEnv().COMPANY_TIME_ZONE),
        cache: createDepartureCache(),
        returnTasks: false,
        confirmUnusualDates: current.unusual_dates_confirmed,
      };
      let created = 0;
      let existing = 0;
      const rejections: Array<{ row: AnalysedRow; errors: RowProblems }> = [];
      const toCreate: AnalysedRow[] = [];
      for (const row of chunk) {
        if (row.outcome === "invalid" || row.outcome === "duplicate") rejections.push({ row, errors: rowProblemsOf(row.failures) });
        else if (row.outcome === "new" && row.unusualDates?.length && !current.unusual_dates_confirmed) {
          rejections.push({ row, errors: rowProblemsOf(unusualDateFailures(row.unusualDates)) });
        } else if (row.outcome === "new") toCreate.push(row);
        else if (createdByThisImport(row, startedAt)) created += 1;
        else existing += 1;
      }

      // Usually every new row goes in at once; when one of them cannot, row by row says which.
      const together = await createDeparturesIn(
        trx,
        toCreate.map((row) => row.input!),
        creation,
      );
      if (together) {
        created += together.filter((result) => result.created).length;
        existing += together.filter((result) => !result.created).length;
      } else {
        for (const row of toCreate) {
          await yieldToEventLoop();
          try {
            const result = await createDepartureIn(trx, row.input!, creation);
            if (result.created) created += 1;
            else existing += 1;
          } catch (error) {
            // The report keeps the codes: it is put into words in the language of whoever reads it.
            if (isDomainFailure(error) && (error.kind === "invalid" || error.kind === "conflict")) {
              rejections.push({ row, errors: rowProblemsOf(error.failures) });
            }
            // Recorded meanwhile under another external id for the same person and last day: the
            // same departure. Any other conflict stops the import (HR can resume it).
            else if (isUniqueViolation(error) && (await personAndDayRecorded(trx, row.input!))) existing += 1;
            else throw error;
          }
        }
      }

      if (rejections.length > 0) {
        await trx
          .insertInto("csv_import_rejections")
          .values(
            rejections.map(({ row, errors }) => ({
              import_id: importId,
              row_number: row.rowNumber,
              errors: JSON.stringify(errors),
              raw: JSON.stringify(rowRecord(csv.headers, row)),
            })),
          )
          .onConflict((oc) => oc.columns(["import_id", "row_number"]).doNothing())
          .execute();
      }
      await trx
        .updateTable("csv_imports")
        .set((eb) => ({
          processed_rows: from + chunk.length,
          created_count: eb("created_count", "+", created),
          existing_count: eb("existing_count", "+", existing),
          // Counted, not added: rejections an earlier version wrote ahead of its counters count once.
          rejected_count: eb
            .selectFrom("csv_import_rejections")
            .select((s) => s.fn.countAll<number>().as("n"))
            .where("import_id", "=", importId)
            .$castTo<number>(),
        }))
        .where("id", "=", importId)
        .execute();
      return true;
    });
    if (!advanced) return { finished: false };
    position += chunk.length;
    chunks += 1;
  }

  await finishImport(importId, options.actorUserId);
  return { finished: true };
}

async function personAndDayRecorded(trx: DB, input: NonNullable<AnalysedRow["input"]>): Promise<boolean> {
  const found = await trx
    .selectFrom("departures")
    .select("id")
    .where(sql<string>`lower(employee_email)`, "=", input.employeeEmail.toLowerCase())
    .where("last_day", "=", input.lastDay)
    .where("status", "<>", "cancelled")
    .executeTakeFirst();
  return found !== undefined;
}

function createdByThisImport(row: AnalysedRow, startedAt: Date): boolean {
  return row.existing?.source === "csv" && row.existing.createdAt.getTime() >= startedAt.getTime();
}

async function finishImport(importId: string, actorUserId: string | null) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const done = await trx
        .updateTable("csv_imports")
        .set({ status: "completed", finished_at: new Date() })
        .where("id", "=", importId)
        .where("status", "=", "importing")
        .returning(["created_count", "existing_count", "rejected_count"])
        .executeTakeFirst();
      if (!done) return;
      await recordAudit(trx, {
        actorUserId,
        action: "csv_import.completed",
        subjectType: "csv_import",
        subjectId: importId,
        data: { created: done.created_count, existing: done.existing_count, rejected: done.rejected_count },
      });
    });
}

export type { CsvImport };
