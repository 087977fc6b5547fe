import { sql } from "kysely";
import Papa from "papaparse";
import { recordAudit } from "~/modules/auth/audit.server";
import type { Translate } from "~/modules/i18n/translator";
import { departmentSubtree } from "~/modules/offboarding/departments.server";
import type { Segment } from "~/modules/scoring/formula";
import type { DB } from "~/utils/db.server";
import type { RehireFilter } from "./forms";

/**
 * HR's boomerang pool (/admin/openings/boomerang): the members of the alumni network who said they
 * would consider coming back, with the department and last day of their latest departure, whether
 * that departure marked them eligible for rehire, and their advocacy segment. One query a page (the
 * latest departure is a lateral join), and the same query for the CSV. A page or an export shows
 * names next to what confidential answers made of them (the segment), so each is audited, as the
 * segments page is (ADR 017, 029).
 */

export const POOL_PAGE_SIZE = 50;
export const POOL_EXPORT_MAX = 50_000;

export interface PoolFilters {
  departmentId?: string;
  segment?: Segment;
  rehire?: RehireFilter;
}

export interface PoolRow {
  userId: string;
  name: string;
  personalEmail: string;
  since: Date;
  note: string | null;
  departureId: string | null;
  department: string | null;
  lastDay: string | null;
  eligibleForRehire: boolean | null;
  segment: Segment;
}

async function poolQuery(db: DB, filters: PoolFilters) {
  let query = db
    .selectFrom("boomerang_interest as b")
    .innerJoin("users as u", "u.id", "b.user_id")
    // Members only: someone who left the network is no longer in the pool (the row stays theirs to withdraw if they rejoin).
    .innerJoin("alumni_profiles as ap", (join) => join.onRef("ap.user_id", "=", "b.user_id").on("ap.status", "<>", "left"))
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("departures as d")
          .select(["d.id", "d.department_id", "d.last_day", "d.eligible_for_rehire"])
          .whereRef("d.leaver_user_id", "=", "b.user_id")
          .where("d.status", "<>", "cancelled")
          .orderBy("d.last_day", "desc")
          .limit(1)
          .as("dep_latest"),
      (join) => join.onTrue(),
    )
    .leftJoin("departments as dep", "dep.id", "dep_latest.department_id")
    .leftJoin("advocacy_scores as s", "s.user_id", "b.user_id");
  if (filters.departmentId) {
    const subtree = await departmentSubtree(db, filters.departmentId);
    query = query.where("dep_latest.department_id", "in", subtree.length > 0 ? subtree : [filters.departmentId]);
  }
  if (filters.segment) query = query.where(sql<Segment>`coalesce(s.segment, 'unknown')`, "=", filters.segment);
  if (filters.rehire === "yes") query = query.where("dep_latest.eligible_for_rehire", "=", true);
  if (filters.rehire === "no") query = query.where("dep_latest.eligible_for_rehire", "=", false);
  if (filters.rehire === "unknown") query = query.where("dep_latest.eligible_for_rehire", "is", null);
  return query;
}

async function poolRows(db: DB, filters: PoolFilters, limit: number, offset: number): Promise<PoolRow[]> {
  const rows = await (await poolQuery(db, filters))
    .select([
      "b.user_id as userId",
      "u.name",
      "ap.personal_email as personalEmail",
      "b.since",
      "b.note",
      "dep_latest.id as departureId",
      "dep.name as department",
      "dep_latest.last_day as lastDay",
      "dep_latest.eligible_for_rehire as eligibleForRehire",
      sql<Segment>`coalesce(s.segment, 'unknown')`.as("segment"),
    ])
    .orderBy("b.since", "desc")
    .orderBy("b.user_id")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows as PoolRow[];
}

export interface PoolPage {
  page: number;
  pageCount: number;
  total: number;
  rows: PoolRow[];
}

/** One page of the pool; a page past the end is answered with its pageCount (the route redirects). */
export async function boomerangPoolPage(db: DB, filters: PoolFilters, page: number, viewer: { userId: string }): Promise<PoolPage> {
  const [rows, count] = await Promise.all([
    poolRows(db, filters, POOL_PAGE_SIZE, (page - 1) * POOL_PAGE_SIZE),
    (await poolQuery(db, filters)).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const total = Number(count.n);
  if (rows.length > 0) {
    await recordAudit(db, { actorUserId: viewer.userId, action: "boomerang.pool_viewed", subjectType: "boomerang_pool", data: { page, filters, userIds: rows.map((row) => row.userId) } });
  }
  return { page, pageCount: Math.max(1, Math.ceil(total / POOL_PAGE_SIZE)), total, rows };
}

/** A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula: papaparse quotes it. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The filtered pool as CSV (at most POOL_EXPORT_MAX rows), headings and values in the reader's
 * language (`t` of the `openings` namespace), with a byte order mark so that Excel reads UTF-8.
 * The note is the alumnus's own words: formula-looking cells are neutralised.
 */
export async function boomerangPoolCsv(db: DB, filters: PoolFilters, t: Translate, viewer: { userId: string }): Promise<{ csv: string; rows: number }> {
  const rows = await poolRows(db, filters, POOL_EXPORT_MAX, 0);
  const columns = ["name", "email", "department", "lastDay", "rehire", "segment", "since", "note"] as const;
  const rehire = (value: boolean | null) => t(`pool.rehire.${value === null ? "unknown" : value ? "yes" : "no"}`);
  const csv = Papa.unparse(
    {
      fields: columns.map((column) => t(`pool.export.columns.${column}`)),
      data: rows.map((row) => [
        row.name,
        row.personalEmail,
        row.department ?? "",
        row.lastDay ?? "",
        rehire(row.eligibleForRehire),
        t(`pool.segments.${row.segment}`),
        row.since.toISOString(),
        row.note ?? "",
      ]),
    },
    { escapeFormulae: FORMULA_START, newline: "\r\n" },
  );
  await recordAudit(db, { actorUserId: viewer.userId, action: "boomerang.pool_exported", subjectType: "boomerang_pool", data: { filters, rows: rows.length } });
  return { csv: `\uFEFF${csv}\r\n`, rows: rows.length };
}
