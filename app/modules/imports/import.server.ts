import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import type { AppLocale } from "~/modules/i18n/config";
import { translator } from "~/modules/i18n/translator";
import { enqueue } from "~/modules/jobs/boss.server";
import { logger } from "~/modules/platform/logger.server";
import { createDeparture, createDepartureCache, DepartureValidationError } from "~/modules/offboarding/departures.server";
import { todayIn } from "~/modules/offboarding/business-days";
import { getDatabaseHandle, getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { rowRecord } from "./csv.server";
import { importJob } from "./import-job.server";
import { IN_REQUEST_LIMIT } from "./limits";
import { findImport, mappingOf, parseStoredImport, stageOf, type CsvImport } from "./imports.server";
import { analyseImport, type AnalysedRow } from "./preview.server";

/**
 * Running an import: every row the preview judged new goes through createDeparture (source "csv"),
 * existing rows are counted and skipped, invalid and duplicate rows are written to the report of
 * rejected rows. Small files are imported during the request; larger ones by the `imports.run` job.
 */

/** Rows between two progress updates (one short transaction each). */
export const CHUNK_SIZE = 100;
/** Departures created at the same time on PostgreSQL (the pool has 10 connections; pg-boss has its own). */
const PG_LANES = 4;

export class ImportNotReadyError extends Error {
  constructor(id: string) {
    super(`Import ${id} cannot start: it has no mapping, or it is running or finished`);
    this.name = "ImportNotReadyError";
  }
}

export interface RunOptions {
  actorUserId: string | null;
  locale: AppLocale;
  /** Stop after this many chunks, leaving the import running: how tests simulate a crash. */
  maxChunks?: number;
}

/**
 * Starts (or, after a failure, resumes) an import whose mapping HR has confirmed. Returns whether
 * it went to the background; a small file is finished when this returns.
 */
export async function startImport(importId: string, options: Omit<RunOptions, "maxChunks">): Promise<{ background: boolean }> {
  const db = getDb();
  const current = await findImport(db, importId);
  if (!current || !(stageOf(current) === "preview" || stageOf(current) === "failed")) throw new ImportNotReadyError(importId);
  const background = current.total_rows > IN_REQUEST_LIMIT;
  await db.transaction().execute(async (trx) => {
    const started = await trx
      .updateTable("csv_imports")
      .set({ status: "importing", error: null, started_at: sql<Date>`coalesce(started_at, now())` })
      .where("id", "=", importId)
      .where("status", "in", ["uploaded", "failed"])
      .where("mapping", "is not", null)
      .executeTakeFirst();
    // Another click (or another HR admin) started it first.
    if (Number(started.numUpdatedRows) === 0) throw new ImportNotReadyError(importId);
    await recordAudit(trx, {
      actorUserId: options.actorUserId,
      action: current.status === "failed" ? "csv_import.resumed" : "csv_import.started",
      subjectType: "csv_import",
      subjectId: importId,
      data: { rows: current.total_rows, background },
    });
    if (background) {
      await enqueue(importJob, { importId, actorUserId: options.actorUserId, locale: options.locale }, { trx });
    }
  });
  if (!background) await runImportJob({ importId, ...options });
  return { background };
}

/**
 * The job's work, also called in the request for small files. An error stops the import as
 * "failed" with the message, and HR can resume it; nothing is lost (see runImport).
 */
export async function runImportJob(payload: { importId: string; actorUserId: string | null; locale: AppLocale }) {
  try {
    await runImport(payload.importId, payload);
  } catch (error) {
    logger.error({ err: error, importId: payload.importId }, "CSV import stopped");
    await getDb()
      .updateTable("csv_imports")
      .set({ status: "failed", error: error instanceof Error ? error.message.slice(0, 1000) : String(error), finished_at: new Date() })
      .where("id", "=", payload.importId)
      .where("status", "=", "importing")
      .execute();
  }
}

/**
 * Processes the rows from `processed_rows` on, CHUNK_SIZE at a time. After each chunk, one
 * transaction writes its rejected rows and moves the counters, guarded by the position it started
 * from: a second runner of the same import (a redelivered job) stops instead of counting twice.
 *
 * After a crash inside a chunk, the departures that chunk created exist but were not counted.
 * The new run finds them as existing; one recorded from a CSV file since this import began is
 * counted as created by it, so the totals come out as if nothing had happened.
 */
export async function runImport(importId: string, options: RunOptions): Promise<{ finished: boolean }> {
  const db = getDb();
  const current = await findImport(db, importId);
  if (!current || current.status !== "importing" || !current.date_format) return { finished: current?.status === "completed" };

  const csv = parseStoredImport(current);
  const mapping = mappingOf(current);
  const analysis = await analyseImport(db, csv, mapping, current.date_format, options.locale);
  const t = translator(options.locale, "offboarding");
  const startedAt = current.started_at ?? new Date();
  // PostgreSQL serves several connections: a few departures are created side by side. The embedded
  // database has one session, where that would only queue.
  const laneCount = getDatabaseHandle().kind === "pg" ? PG_LANES : 1;
  let position = current.processed_rows;
  let chunks = 0;

  while (position < analysis.rows.length) {
    if (options.maxChunks !== undefined && chunks >= options.maxChunks) return { finished: false };
    const chunk = analysis.rows.slice(position, position + CHUNK_SIZE);
    // Templates, holidays, departments and reasons read once per chunk instead of once per row,
    // and the company's day computed once (formatting a date in a time zone is not free).
    const cache = createDepartureCache();
    const today = todayIn(getEnv().COMPANY_TIME_ZONE);
    let created = 0;
    let existing = 0;
    const rejections: Array<{ row: AnalysedRow; errors: Record<string, string[]> }> = [];

    const toCreate: AnalysedRow[] = [];
    for (const row of chunk) {
      if (row.outcome === "invalid" || row.outcome === "duplicate") {
        rejections.push({ row, errors: row.errors as Record<string, string[]> });
      } else if (row.outcome === "existing") {
        if (createdByThisImport(row, startedAt)) created += 1;
        else existing += 1;
      } else {
        toCreate.push(row);
      }
    }
    await Promise.all(
      lanesOf(toCreate, laneCount).map(async (lane) => {
        for (const row of lane) {
          // PGlite answers without real I/O, so a chain of queries never gives the event loop a turn:
          // without this, the web process would accept no request until the whole file is imported.
          await yieldToEventLoop();
          try {
            const result = await createDeparture(row.input!, { actorUserId: options.actorUserId, source: "csv", t, cache, today });
            if (result.created) created += 1;
            else existing += 1;
          } catch (error) {
            if (error instanceof DepartureValidationError) rejections.push({ row, errors: error.fieldErrors });
            // Recorded meanwhile under another external id for the same person and last day: the
            // same departure. Any other conflict stops the import (HR can resume it).
            else if (isUniqueViolation(error) && (await personAndDayRecorded(row.input!))) existing += 1;
            else throw error;
          }
        }
      }),
    );

    const advanced = await db.transaction().execute(async (trx) => {
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
      const updated = await trx
        .updateTable("csv_imports")
        .set((eb) => ({
          processed_rows: position + chunk.length,
          created_count: eb("created_count", "+", created),
          existing_count: eb("existing_count", "+", existing),
          // Counted, not added: a chunk written twice must not count its rejections twice.
          rejected_count: eb
            .selectFrom("csv_import_rejections")
            .select((s) => s.fn.countAll<number>().as("n"))
            .where("import_id", "=", importId)
            .$castTo<number>(),
        }))
        .where("id", "=", importId)
        .where("status", "=", "importing")
        .where("processed_rows", "=", position)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) > 0;
    });
    if (!advanced) return { finished: false };
    position += chunk.length;
    chunks += 1;
  }

  await finishImport(importId, options.actorUserId);
  return { finished: true };
}

/**
 * Rows split into `count` lanes by work email: one person's rows stay in one lane, in file order,
 * so two departures of the same person never race to create their account.
 */
function lanesOf(rows: AnalysedRow[], count: number): AnalysedRow[][] {
  const lanes: AnalysedRow[][] = Array.from({ length: count }, () => []);
  for (const row of rows) {
    const email = row.input!.employeeEmail.toLowerCase();
    let hash = 0;
    for (let i = 0; i < email.length; i++) hash = (hash * 31 + email.charCodeAt(i)) >>> 0;
    lanes[hash % count]!.push(row);
  }
  return lanes.filter((lane) => lane.length > 0);
}

async function personAndDayRecorded(input: NonNullable<AnalysedRow["input"]>): Promise<boolean> {
  const found = await getDb()
    .selectFrom("departures")
    .select("id")
    .where(sql<string>`lower(employee_email)`, "=", input.employeeEmail.toLowerCase())
    .where("last_day", "=", input.lastDay)
    .where("status", "<>", "cancelled")
    .executeTakeFirst();
  return found !== undefined;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "23505";
}

export type { CsvImport };
