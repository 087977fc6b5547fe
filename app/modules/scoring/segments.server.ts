import { sql, type RawBuilder } from "kysely";
import Papa from "papaparse";
import { recordAudit } from "~/modules/auth/audit.server";
import type { Translate } from "~/modules/i18n/translator";
import type { DB } from "~/utils/db.server";
import { SEGMENTS, type Segment } from "./formula";
import { reasonText } from "./reason";

/**
 * HR's view of the segments (/admin/segments): counts, a page of one segment, its CSV export, and
 * the SQL condition the newsletter's audience narrows by. A page or an export shows names next to
 * what confidential answers made of them, so each showing is audited (ADR 017), as the confidential
 * responses list is.
 */

export const SEGMENT_PAGE_SIZE = 50;
export const SEGMENT_EXPORT_MAX = 50_000;

export type SegmentCounts = Record<Segment, number>;

export async function segmentCounts(db: DB): Promise<SegmentCounts> {
  const rows = await db.selectFrom("advocacy_scores").select(["segment", sql<string>`count(*)`.as("n")]).groupBy("segment").execute();
  const counts = Object.fromEntries(SEGMENTS.map((segment) => [segment, 0])) as SegmentCounts;
  for (const row of rows) counts[row.segment] = Number(row.n);
  return counts;
}

export interface SegmentRow {
  userId: string;
  name: string;
  email: string;
  score: number;
  reasonCode: string;
  reasonValues: unknown;
  computedAt: Date;
  /** The person's latest departure, for a link to its page. */
  departureId: string | null;
}

/** Promoters and passives best first, detractors worst first, unknowns by name. */
function segmentQuery(db: DB, segment: Segment) {
  const query = db
    .selectFrom("advocacy_scores as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select([
      "s.user_id as userId",
      "u.name",
      "u.email",
      "s.score",
      "s.reason_code as reasonCode",
      "s.reason_values as reasonValues",
      "s.computed_at as computedAt",
      (eb) =>
        eb
          .selectFrom("departures as d")
          .select("d.id")
          .whereRef("d.leaver_user_id", "=", "s.user_id")
          .where("d.status", "<>", "cancelled")
          .orderBy("d.last_day", "desc")
          .limit(1)
          .as("departureId"),
    ])
    .where("s.segment", "=", segment);
  const ordered = segment === "detractor" ? query.orderBy("s.score", "asc") : segment === "unknown" ? query : query.orderBy("s.score", "desc");
  return ordered.orderBy(sql`lower(u.name)`).orderBy("s.user_id");
}

export interface SegmentPage {
  segment: Segment;
  page: number;
  pageCount: number;
  total: number;
  rows: SegmentRow[];
  /** Every segment's count, for the tabs. */
  counts: SegmentCounts;
}

/** One page of a segment; a page past the end is answered with its pageCount (the route redirects). */
export async function segmentPage(db: DB, segment: Segment, page: number, viewer: { userId: string }): Promise<SegmentPage> {
  const [rows, counts] = await Promise.all([
    segmentQuery(db, segment)
      .limit(SEGMENT_PAGE_SIZE)
      .offset((page - 1) * SEGMENT_PAGE_SIZE)
      .execute(),
    segmentCounts(db),
  ]);
  const total = counts[segment];
  if (rows.length > 0) {
    await recordAudit(db, { actorUserId: viewer.userId, action: "scoring.segment_viewed", subjectType: "advocacy_segment", data: { segment, page, userIds: rows.map((row) => row.userId) } });
  }
  return { segment, page, pageCount: Math.max(1, Math.ceil(total / SEGMENT_PAGE_SIZE)), total, rows: rows as SegmentRow[], counts };
}

/** A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula: papaparse quotes it. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The whole segment as CSV (at most SEGMENT_EXPORT_MAX rows), headings and reasons in the reader's
 * language (`t` of the `scoring` namespace), with a byte order mark so that Excel reads UTF-8.
 */
export async function segmentCsv(db: DB, segment: Segment, t: Translate, viewer: { userId: string }): Promise<{ csv: string; rows: number }> {
  const rows = (await segmentQuery(db, segment).limit(SEGMENT_EXPORT_MAX).execute()) as SegmentRow[];
  const columns = ["name", "email", "segment", "score", "reason", "computedAt"] as const;
  const csv = Papa.unparse(
    {
      fields: columns.map((column) => t(`export.columns.${column}`)),
      data: rows.map((row) => [row.name, row.email, segment, row.score, reasonText(t, { code: row.reasonCode, values: row.reasonValues }), row.computedAt.toISOString()]),
    },
    { escapeFormulae: FORMULA_START, newline: "\r\n" },
  );
  await recordAudit(db, { actorUserId: viewer.userId, action: "scoring.segment_exported", subjectType: "advocacy_segment", data: { segment, rows: rows.length } });
  return { csv: `\uFEFF${csv}\r\n`, rows: rows.length };
}

/**
 * Whether the person in `userIdColumn` is in `segment`, as SQL for another domain's query (the
 * newsletter's audience). Unknown also holds people not scored yet (no row).
 */
export function inSegmentSql(segment: Segment, userIdColumn: RawBuilder<unknown>): RawBuilder<unknown> {
  if (segment === "unknown") {
    return sql`not exists (select 1 from advocacy_scores as seg where seg.user_id = ${userIdColumn} and seg.segment <> 'unknown')`;
  }
  return sql`exists (select 1 from advocacy_scores as seg where seg.user_id = ${userIdColumn} and seg.segment = ${segment})`;
}

/**
 * Whether the portal may nudge this person towards sharing (the alumni home's "turn on the share
 * feed" link, the ambassador invitation): never a detractor (docs/decisions/029). Their own
 * choices stay theirs: the preferences page still lists the share feed like every purpose.
 */
export async function mayBeAskedToShare(db: DB, userId: string): Promise<boolean> {
  const row = await db.selectFrom("advocacy_scores").select("segment").where("user_id", "=", userId).executeTakeFirst();
  return row?.segment !== "detractor";
}
