import Papa from "papaparse";
import { sql } from "kysely";
import { parseCsvText } from "~/modules/imports/csv.server";
import { logger } from "~/modules/platform/logger.server";
import { addCalendarDays, todayIn, type CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { errorLogFields, isDomainFailure } from "~/utils/failures";
import { getRetentionSettings } from "./privacy-settings.server";
import type { RetentionSettings } from "./retention-settings";

/**
 * What the daily retention job enforces (docs/decisions/031), each step in batches, each batch its
 * own short statement or transaction, so that a large backlog never holds a long transaction and a
 * run cut short simply continues the next day. Every step is idempotent: it only touches what is
 * still there to clear.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const CLICK_BATCH = 5_000;
const IMPORT_BATCH = 20;
const EXPORT_BATCH = 500;
const ERASURE_BATCH = 100;

/** The privacy part's erasure entry point (erasure.server.ts), passed in so that this module stays testable alone. */
export type RequestErasure = (db: DB, input: { userId: string; requestedBy: { userId: string } | null; reason: "self" | "hr" | "retention" }) => Promise<{ requestId: string }>;

export interface RetentionCounts {
  clickIpHashesCleared: number;
  importFilesCleared: number;
  abandonedUploadsDeleted: number;
  exportArchivesDeleted: number;
  erasuresRequested: number;
}

/** Older than `days` whole days before `now`: something exactly `days` old is kept (the boundary belongs to the period). */
function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Clicks keep their time and link (the counts); only the keyed IP hash goes. */
export async function clearOldClickIpHashes(db: DB, now: Date, days: number): Promise<number> {
  const before = cutoff(now, days);
  let total = 0;
  for (;;) {
    const result = await db
      .updateTable("link_clicks")
      .set({ ip_hash: null })
      .where("id", "in", (eb) =>
        eb.selectFrom("link_clicks").select("id").where("ip_hash", "is not", null).where("clicked_at", "<", before).limit(CLICK_BATCH),
      )
      .executeTakeFirst();
    const cleared = Number(result.numUpdatedRows);
    total += cleared;
    if (cleared < CLICK_BATCH) return total;
  }
}

/**
 * The file's header line only: column names are not personal, and the import pages and the
 * rejected-rows report still find the columns they name.
 */
function headerLineOf(content: string): string {
  try {
    const csv = parseCsvText(content);
    return Papa.unparse([csv.headers], { delimiter: csv.delimiter, newline: "\r\n" });
  } catch {
    return "";
  }
}

/**
 * Imports older than the period: a finished import (completed or failed) keeps its counts, its
 * mapping and its header line; its rows and its rejected rows (which repeat the file's cells) go.
 * An upload never imported is deleted whole, as HR's "discard" would. An import still running is
 * left alone.
 */
export async function clearOldImportFiles(db: DB, now: Date, days: number): Promise<{ cleared: number; deleted: number }> {
  const before = cutoff(now, days);
  let cleared = 0;
  let deleted = 0;
  for (;;) {
    const rows = await db
      .selectFrom("csv_imports")
      .select(["id", "status"])
      .where("content_cleared_at", "is", null)
      .where("created_at", "<", before)
      .where("status", "in", ["completed", "failed", "uploaded"])
      .orderBy("created_at")
      .limit(IMPORT_BATCH)
      .execute();
    for (const row of rows) {
      const outcome = await db.transaction().execute(async (trx) => {
        // Locked and checked again: HR may be starting this upload's import right now.
        const current = await trx
          .selectFrom("csv_imports")
          .select(["status", "content"])
          .where("id", "=", row.id)
          .where("content_cleared_at", "is", null)
          .forUpdate()
          .executeTakeFirst();
        if (!current) return "gone" as const;
        await trx.deleteFrom("csv_import_rejections").where("import_id", "=", row.id).execute();
        if (current.status === "uploaded") {
          await trx.deleteFrom("csv_imports").where("id", "=", row.id).execute();
          return "deleted" as const;
        }
        if (current.status === "importing") return "gone" as const;
        await trx.updateTable("csv_imports").set({ content: headerLineOf(current.content), content_cleared_at: now }).where("id", "=", row.id).execute();
        return "cleared" as const;
      });
      if (outcome === "cleared") cleared++;
      if (outcome === "deleted") deleted++;
    }
    if (rows.length < IMPORT_BATCH) return { cleared, deleted };
  }
}

/** Archives past their expiry lose their bytes; the row stays so the page can say the link expired. */
export async function deleteExpiredExportArchives(db: DB, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db
      .updateTable("data_exports")
      .set({ archive: null })
      .where("id", "in", (eb) =>
        eb.selectFrom("data_exports").select("id").where("archive", "is not", null).where("expires_at", "<=", now).limit(EXPORT_BATCH),
      )
      .executeTakeFirst();
    const deleted = Number(result.numUpdatedRows);
    total += deleted;
    if (deleted < EXPORT_BATCH) return total;
  }
}

/**
 * Leavers who never joined the alumni network and whose last day (the latest of their departures
 * not cancelled, company calendar) is more than `days` days ago. "Joined" is what the exit flow
 * records: an alumni decision "joined" on an invitation, or an alumni profile (any status: someone
 * who joined and has not confirmed their address yet is not erased behind their back). Alumni and
 * staff accounts are never candidates: an alumnus decides for themself, a staff account is HR's.
 */
export function leaversToErase(db: DB, today: CalendarDay, days: number, limit: number) {
  const lastDayBefore = addCalendarDays(today, -days);
  return db
    .selectFrom("departures")
    .innerJoin("users", "users.id", "departures.leaver_user_id")
    .select("departures.leaver_user_id as userId")
    .where("users.role", "=", "leaver")
    .where("departures.status", "<>", "cancelled")
    .where((eb) =>
      eb.and([
        eb.not(eb.exists(eb.selectFrom("alumni_profiles").select(sql`1`.as("x")).whereRef("alumni_profiles.user_id", "=", "departures.leaver_user_id"))),
        eb.not(eb.exists(eb.selectFrom("retention_erasures").select(sql`1`.as("x")).whereRef("retention_erasures.user_id", "=", "departures.leaver_user_id"))),
        // Someone whose erasure was already asked for (by themself or HR) is the erasure's business now.
        eb.not(
          eb.exists(eb.selectFrom("privacy_erasure_requests").select(sql`1`.as("x")).whereRef("privacy_erasure_requests.user_id", "=", "departures.leaver_user_id")),
        ),
        eb.not(
          eb.exists(
            eb
              .selectFrom("departures as d")
              .innerJoin("exit_invitations", "exit_invitations.departure_id", "d.id")
              .select(sql`1`.as("x"))
              .whereRef("d.leaver_user_id", "=", "departures.leaver_user_id")
              .where("exit_invitations.alumni_decision", "=", "joined"),
          ),
        ),
      ]),
    )
    .groupBy("departures.leaver_user_id")
    .having((eb) => eb.fn.max("departures.last_day"), "<", lastDayBefore)
    .orderBy("departures.leaver_user_id")
    .limit(limit)
    .execute();
}

/**
 * Asks for the erasure of each leaver due, once: the ledger row and the request are written in one
 * transaction. A refusal of the erasure part (a DomainFailure, e.g. an erasure already under way) is
 * logged by its code and still recorded in the ledger, so the job does not ask again every night.
 */
export async function requestDueLeaverErasures(db: DB, today: CalendarDay, days: number, requestErasure: RequestErasure): Promise<number> {
  let requested = 0;
  for (;;) {
    const due = await leaversToErase(db, today, days, ERASURE_BATCH);
    for (const { userId } of due) {
      try {
        const asked = await db.transaction().execute(async (trx) => {
          const inserted = await trx
            .insertInto("retention_erasures")
            .values({ user_id: userId })
            .onConflict((oc) => oc.doNothing())
            .returning("user_id")
            .executeTakeFirst();
          if (!inserted) return false;
          await requestErasure(trx, { userId, requestedBy: null, reason: "retention" });
          return true;
        });
        if (asked) requested++;
      } catch (error) {
        if (!isDomainFailure(error)) throw error;
        logger.warn({ ...errorLogFields(error) }, "retention erasure refused");
        await db.insertInto("retention_erasures").values({ user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
      }
    }
    if (due.length < ERASURE_BATCH) return requested;
  }
}

/** One run: every period read from HR's settings at the start. */
export async function runRetention(db: DB, options: { now?: Date; requestErasure: RequestErasure; settings?: RetentionSettings }): Promise<RetentionCounts> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? (await getRetentionSettings(db));
  const today = todayIn(getEnv().COMPANY_TIME_ZONE, now);
  const clickIpHashesCleared = await clearOldClickIpHashes(db, now, settings.clickIpDays);
  const imports = await clearOldImportFiles(db, now, settings.importFileDays);
  const exportArchivesDeleted = await deleteExpiredExportArchives(db, now);
  const erasuresRequested = await requestDueLeaverErasures(db, today, settings.leaverErasureDays, options.requestErasure);
  return {
    clickIpHashesCleared,
    importFilesCleared: imports.cleared,
    abandonedUploadsDeleted: imports.deleted,
    exportArchivesDeleted,
    erasuresRequested,
  };
}
