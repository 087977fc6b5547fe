import { sql } from "kysely";
import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import { departmentSubtree } from "~/modules/offboarding/departments.server";
import { likePattern } from "~/modules/offboarding/departure-queries.server";
import type { DB } from "~/utils/db.server";
import { parseQuery, queryValue, wholeNumberParam } from "~/utils/query-params";
import type { Role } from "../../../db/schema";
import { DIRECTORY_SEARCH_MAX } from "./profile";
import { departureOfProfile } from "./profile.server";

/**
 * The alumni directory (docs/decisions/033): alumni who chose to be listed (their latest `directory`
 * choice in the consent ledger is a grant, their profile active, their account an enabled alumnus),
 * each showing other alumni only the fields they turned on.
 *
 * The projection happens in SQL: a hidden field's value never leaves the database (`case when`
 * gives null, and the entry then has no such key), and a filter on a field only matches people
 * who show that field, so searching cannot reveal what someone hid. No address is ever selected.
 * HR reads the same list through the same function.
 */

export const DIRECTORY_PAGE_SIZE = 24;
const PAGE_MAX = 10_000;
const YEAR_MIN = 1950;
const YEAR_MAX = 2100;

/** Who may browse: HR, and alumni whose membership is active (an alumnus without a profile row counts as one). */
export async function mayBrowseDirectory(db: DB, user: { id: string; role: Role }): Promise<boolean> {
  if (user.role === "hr_admin") return true;
  if (user.role !== "alumnus") return false;
  const profile = await db.selectFrom("alumni_profiles").select("status").where("user_id", "=", user.id).executeTakeFirst();
  return !profile || profile.status === "active";
}

export function directoryQuerySchema(t: Translate) {
  return z.object({
    q: z.string().trim().max(DIRECTORY_SEARCH_MAX, { error: t("directory.errors.search", { max: DIRECTORY_SEARCH_MAX }) }).optional(),
    department: z.uuid({ error: t("directory.errors.department") }).optional(),
    year: wholeNumberParam(t("directory.errors.year", { min: YEAR_MIN, max: YEAR_MAX }), YEAR_MIN, YEAR_MAX).optional(),
    page: wholeNumberParam(t("directory.errors.page"), 1, PAGE_MAX).default(1),
  });
}

export interface DirectoryFilters {
  /** Part of the name, any case, any accents. */
  name?: string;
  /** A department and everything under it (matches only people who show their department). */
  departmentId?: string;
  /** The year of the last day (matches only people who show it). */
  year?: number;
  page: number;
}

export type ParsedDirectoryQuery = { success: true; filters: DirectoryFilters } | { success: false; errors: Record<string, string[]> };

export function parseDirectoryQuery(params: URLSearchParams, t: Translate): ParsedDirectoryQuery {
  const parsed = parseQuery(directoryQuerySchema(t), {
    q: queryValue(params, "q"),
    department: queryValue(params, "department"),
    year: queryValue(params, "year"),
    page: queryValue(params, "page"),
  });
  if (!parsed.success) return parsed;
  const { q, department, year, page } = parsed.data;
  return { success: true, filters: { name: q || undefined, departmentId: department, year, page } };
}

/**
 * Accented Latin letters and the plain letter each folds to, for `translate()`: the same in
 * PostgreSQL and PGlite, with no extension (unaccent is not in every PGlite build). Letters that
 * fold to two (æ, œ, ß) are left as they are.
 */
const FOLD = (() => {
  let from = "ŁłØøĐđ";
  let to = "LlOoDd";
  for (let code = 0xc0; code <= 0x24f; code += 1) {
    const letter = String.fromCharCode(code);
    const plain = letter.normalize("NFD").replace(/\p{M}/gu, "");
    if (plain !== letter && /^[A-Za-z]$/.test(plain)) {
      from += letter;
      to += plain;
    }
  }
  return { from, to };
})();

/** A text folded for comparison: accents off, then lower case (ASCII lower works in every collation). */
function folded(text: ReturnType<typeof sql.ref> | ReturnType<typeof sql.val>) {
  return sql<string>`lower(translate(${text}, ${FOLD.from}, ${FOLD.to}))`;
}

/** One person as other alumni see them: only the fields they show are present. */
export interface DirectoryEntry {
  name: string;
  /** The viewer's own entry ("this is how others see you"). */
  self: boolean;
  department?: string;
  leftYear?: number;
  company?: string;
  title?: string;
  location?: string;
  linkedinUrl?: string;
}

export interface DirectoryPage {
  entries: DirectoryEntry[];
  total: number;
  page: number;
  pageCount: number;
}

export async function listDirectory(db: DB, filters: DirectoryFilters, viewer: { userId: string }): Promise<DirectoryPage> {
  let departmentIds: string[] | undefined;
  if (filters.departmentId) {
    departmentIds = await departmentSubtree(db, filters.departmentId);
    if (departmentIds.length === 0) return { entries: [], total: 0, page: filters.page, pageCount: 1 };
  }

  let query = db
    .selectFrom("alumni_profiles as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .leftJoinLateral(departureOfProfile, (join) => join.onTrue())
    .select([
      "u.name",
      sql<boolean>`p.user_id = ${viewer.userId}`.as("self"),
      sql<string | null>`case when p.directory_show_department then dep.department_name end`.as("department"),
      sql<number | null>`case when p.directory_show_left_year then extract(year from dep.last_day)::int end`.as("left_year"),
      sql<string | null>`case when p.directory_show_company then p.current_company end`.as("company"),
      sql<string | null>`case when p.directory_show_title then p.current_title end`.as("title"),
      sql<string | null>`case when p.directory_show_location then p.location end`.as("location"),
      sql<string | null>`case when p.directory_show_linkedin then p.linkedin_url end`.as("linkedin_url"),
      sql<string>`count(*) over ()`.as("total_count"),
    ])
    .where("p.status", "=", "active")
    .where("u.role", "=", "alumnus")
    .where("u.status", "<>", "disabled")
    .where(
      (eb) =>
        eb
          .selectFrom("consent_events as c")
          .select("c.granted")
          .whereRef("c.user_id", "=", "p.user_id")
          .where("c.purpose", "=", "directory")
          .orderBy("c.id", "desc")
          .limit(1),
      "=",
      true,
    );

  if (filters.name) query = query.where(folded(sql.ref("u.name")), "like", folded(sql.val(likePattern(filters.name))));
  if (departmentIds) query = query.where("p.directory_show_department", "=", true).where("dep.department_id", "in", departmentIds);
  if (filters.year !== undefined) {
    query = query.where("p.directory_show_left_year", "=", true).where(sql<number>`extract(year from dep.last_day)::int`, "=", filters.year);
  }

  const rows = await query
    .orderBy(folded(sql.ref("u.name")))
    .orderBy("p.user_id")
    .limit(DIRECTORY_PAGE_SIZE)
    .offset((filters.page - 1) * DIRECTORY_PAGE_SIZE)
    .execute();

  const total = rows.length > 0 ? Number(rows[0]!.total_count) : 0;
  return {
    entries: rows.map((row) => {
      const entry: DirectoryEntry = { name: row.name, self: row.self };
      if (row.department !== null) entry.department = row.department;
      if (row.left_year !== null) entry.leftYear = Number(row.left_year);
      if (row.company !== null) entry.company = row.company;
      if (row.title !== null) entry.title = row.title;
      if (row.location !== null) entry.location = row.location;
      if (row.linkedin_url !== null) entry.linkedinUrl = row.linkedin_url;
      return entry;
    }),
    total,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE)),
  };
}
