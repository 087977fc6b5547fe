import { sql, type RawBuilder } from "kysely";
import { departmentSubtree } from "~/modules/offboarding/departments.server";
import type { DB } from "~/utils/db.server";
import type { Confidentiality, SurveyKind } from "../../../db/schema";
import { exposedByDifferencing, type ResponseCell } from "./differencing";
import { countsFromDistribution, enpsCategory, enpsFromCounts, type EnpsCategory, type EnpsCounts } from "./enps";
import { nextMonth, type ResponseFilters } from "./filters";

/**
 * What HR's responses page reads, for one set of filters, in a fixed number of queries whatever
 * the data: the confidential responses (one page, one query), the results per survey (one grouped
 * query) and each survey's response rate (one grouped query). HR admins only: the route checks.
 *
 * Anonymous responses only ever leave this module as counts per survey, and not even that below
 * ANONYMOUS_MIN_GROUP_SIZE: a small group's figures could point at the people in it. Nor when a
 * wider selection differs by fewer than that many responses (see ./differencing): subtracting the
 * two would single out the few in between.
 */

/** Fewer anonymous responses than this in a filtered group and its figures are withheld. */
export const ANONYMOUS_MIN_GROUP_SIZE = 5;
export const CONFIDENTIAL_PAGE_SIZE = 50;
/** Invitation statuses that mean the invitation went out. */
const SENT_STATUSES = ["invited", "started", "finished"] as const;

export interface SurveyOption {
  id: string;
  name: string;
  kind: SurveyKind;
  archived: boolean;
}

export async function listSurveyOptions(db: DB): Promise<SurveyOption[]> {
  const rows = await db
    .selectFrom("surveys")
    .select(["id", "name", "kind", "archived_at"])
    .orderBy(sql`lower(name)`)
    .orderBy("id")
    .limit(500)
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, kind: row.kind, archived: row.archived_at !== null }));
}

export interface ConfidentialResponseRow {
  id: string;
  surveyName: string;
  version: number;
  personName: string | null;
  departureId: string | null;
  departmentId: string | null;
  submittedAt: Date | null;
  periodMonth: string;
  enpsScore: number | null;
  enpsCategory: EnpsCategory | null;
}

interface ResultBase {
  surveyId: string;
  surveyName: string;
  confidentiality: Confidentiality;
}

/**
 * Why an anonymous group's figures are withheld: too few responses, or few enough outside it
 * (within a wider selection) that comparing the two would expose them.
 */
export type SuppressionReason = "small_group" | "differencing";

/** A survey's results under the filters: figures, or, for an anonymous group at risk, none at all. */
export type SurveyResult =
  | (ResultBase & { suppressed: true; reason: SuppressionReason })
  | (ResultBase & {
      suppressed: false;
      responses: number;
      /** Responses with an eNPS answer (the eNPS is computed over these). */
      scored: number;
      enps: number | null;
      counts: EnpsCounts;
      /** How many gave each score, index = score 0–10. */
      distribution: number[];
    });

export interface ResponseRate {
  surveyId: string;
  surveyName: string;
  versions: number[];
  /** Invitations sent: invited, started or finished. */
  invited: number;
  /** Of those, opened the survey (started or finished). */
  started: number;
  finished: number;
  /** finished / invited, 0–1; null when nothing was sent. */
  rate: number | null;
}

export interface ResponsesOverview {
  confidential: { rows: ConfidentialResponseRow[]; total: number; page: number; pageCount: number };
  results: SurveyResult[];
  rates: ResponseRate[];
}

type Condition = RawBuilder<boolean>;

function all(conditions: Condition[]): Condition {
  return conditions.length === 0 ? sql<boolean>`true` : sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/** The filters as conditions on survey_responses (alias r): months are stored as their first day. */
function responseConditions(filters: ResponseFilters, departmentIds: string[] | undefined): Condition[] {
  const conditions: Condition[] = [];
  if (filters.fromMonth) conditions.push(sql<boolean>`r.period_month >= ${filters.fromMonth}::date`);
  if (filters.toMonth) conditions.push(sql<boolean>`r.period_month <= ${filters.toMonth}::date`);
  if (filters.surveyId) conditions.push(sql<boolean>`r.survey_id = ${filters.surveyId}::uuid`);
  if (departmentIds) conditions.push(sql<boolean>`r.department_id in (${sql.join(departmentIds.map((id) => sql`${id}::uuid`))})`);
  return conditions;
}

/**
 * The filters as conditions on invitations (alias i, with their survey version v): the period is
 * the month the invitation was sent, the department the departure's.
 */
function invitationConditions(filters: ResponseFilters, departmentIds: string[] | undefined): Condition[] {
  const conditions: Condition[] = [];
  if (filters.fromMonth) conditions.push(sql<boolean>`i.send_on >= ${filters.fromMonth}::date`);
  if (filters.toMonth) conditions.push(sql<boolean>`i.send_on < ${nextMonth(filters.toMonth)}::date`);
  if (filters.surveyId) conditions.push(sql<boolean>`v.survey_id = ${filters.surveyId}::uuid`);
  if (departmentIds) {
    const ids = sql.join(departmentIds.map((id) => sql`${id}::uuid`));
    conditions.push(sql<boolean>`i.departure_id in (select d.id from departures d where d.department_id in (${ids}))`);
  }
  return conditions;
}

export async function listConfidentialResponses(
  db: DB,
  filters: ResponseFilters,
  departmentIds: string[] | undefined,
): Promise<ResponsesOverview["confidential"]> {
  // The page of responses is chosen (and counted) on survey_responses alone; only those rows are
  // then joined to their survey, invitation and departure.
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("survey_responses as r")
        .select([
          "r.id",
          "r.survey_id",
          "r.survey_version_id",
          "r.invitation_id",
          "r.submitted_at",
          "r.period_month",
          "r.department_id",
          "r.enps_score",
          sql<string>`count(*) over ()`.as("total_count"),
        ])
        .where("r.confidentiality", "=", "confidential")
        .where(all(responseConditions(filters, departmentIds)))
        .orderBy("r.submitted_at", "desc")
        .orderBy("r.id", "desc")
        .limit(CONFIDENTIAL_PAGE_SIZE)
        .offset((filters.page - 1) * CONFIDENTIAL_PAGE_SIZE)
        .as("page"),
    )
    .innerJoin("surveys as s", "s.id", "page.survey_id")
    .innerJoin("survey_versions as v", "v.id", "page.survey_version_id")
    .leftJoin("exit_invitations as i", "i.id", "page.invitation_id")
    .leftJoin("departures as d", "d.id", "i.departure_id")
    .select([
      "page.id",
      "page.submitted_at",
      "page.period_month",
      "page.department_id",
      "page.enps_score",
      "page.total_count",
      "s.name as survey_name",
      "v.version",
      "d.id as departure_id",
      "d.employee_name",
    ])
    .orderBy("page.submitted_at", "desc")
    .orderBy("page.id", "desc")
    .execute();
  const total = rows.length > 0 ? Number(rows[0]!.total_count) : 0;
  return {
    total,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(total / CONFIDENTIAL_PAGE_SIZE)),
    rows: rows.map((row) => ({
      id: row.id,
      surveyName: row.survey_name,
      version: row.version,
      personName: row.employee_name,
      departureId: row.departure_id,
      departmentId: row.department_id,
      submittedAt: row.submitted_at,
      periodMonth: row.period_month,
      enpsScore: row.enps_score,
      enpsCategory: row.enps_score === null ? null : enpsCategory(row.enps_score),
    })),
  };
}

/**
 * Results per survey and mode, from one grouped query (counts per eNPS score). When an anonymous
 * group is big enough, two more queries (whatever the number of surveys) fetch what the
 * differencing check needs: that survey's anonymous counts per department and month, and the
 * department tree.
 */
export async function surveyResults(db: DB, filters: ResponseFilters, departmentIds: string[] | undefined): Promise<SurveyResult[]> {
  const rows = await db
    .selectFrom("survey_responses as r")
    .innerJoin("surveys as s", "s.id", "r.survey_id")
    .select(["r.survey_id", "s.name", "r.confidentiality", "r.enps_score", sql<number>`count(*)::int`.as("count")])
    .where(all(responseConditions(filters, departmentIds)))
    .groupBy(["r.survey_id", "s.name", "r.confidentiality", "r.enps_score"])
    .execute();

  const groups = new Map<string, ResultBase & { responses: number; distribution: number[] }>();
  for (const row of rows) {
    const key = `${row.survey_id}|${row.confidentiality}`;
    let group = groups.get(key);
    if (!group) {
      group = { surveyId: row.survey_id, surveyName: row.name, confidentiality: row.confidentiality, responses: 0, distribution: Array(11).fill(0) };
      groups.set(key, group);
    }
    const count = Number(row.count);
    group.responses += count;
    if (row.enps_score !== null) group.distribution[row.enps_score]! += count;
  }

  const toCheck = [...groups.values()]
    .filter((group) => group.confidentiality === "anonymous" && group.responses >= ANONYMOUS_MIN_GROUP_SIZE)
    .map((group) => group.surveyId);
  const exposed = await surveysExposedByDifferencing(db, filters, toCheck);

  return [...groups.values()]
    .sort((a, b) => a.surveyName.localeCompare(b.surveyName) || a.confidentiality.localeCompare(b.confidentiality) || a.surveyId.localeCompare(b.surveyId))
    .map((group): SurveyResult => {
      const base = { surveyId: group.surveyId, surveyName: group.surveyName, confidentiality: group.confidentiality };
      if (group.confidentiality === "anonymous") {
        if (group.responses < ANONYMOUS_MIN_GROUP_SIZE) return { ...base, suppressed: true, reason: "small_group" };
        if (exposed.has(group.surveyId)) return { ...base, suppressed: true, reason: "differencing" };
      }
      const counts = countsFromDistribution(group.distribution);
      return {
        ...base,
        suppressed: false,
        responses: group.responses,
        scored: counts.promoters + counts.passives + counts.detractors,
        enps: enpsFromCounts(counts),
        counts,
        distribution: group.distribution,
      };
    });
}

/** The surveys (of `surveyIds`) whose anonymous group under these filters a wider selection would expose. */
async function surveysExposedByDifferencing(db: DB, filters: ResponseFilters, surveyIds: string[]): Promise<Set<string>> {
  const exposed = new Set<string>();
  // Nothing narrowed: no wider selection to compare with.
  if (surveyIds.length === 0 || (!filters.departmentId && !filters.fromMonth && !filters.toMonth)) return exposed;
  const [cellRows, departments] = await Promise.all([
    db
      .selectFrom("survey_responses as r")
      .select(["r.survey_id", "r.department_id", "r.period_month", sql<number>`count(*)::int`.as("count")])
      .where("r.confidentiality", "=", "anonymous")
      .where(sql<boolean>`r.survey_id in (${sql.join(surveyIds.map((id) => sql`${id}::uuid`))})`)
      .groupBy(["r.survey_id", "r.department_id", "r.period_month"])
      .execute(),
    filters.departmentId ? db.selectFrom("departments").select(["id", "parent_id"]).execute() : Promise.resolve([]),
  ]);
  const parentOf = new Map(departments.map((department) => [department.id, department.parent_id]));
  const cellsBySurvey = new Map<string, ResponseCell[]>();
  for (const row of cellRows) {
    const cells = cellsBySurvey.get(row.survey_id) ?? [];
    cells.push({ departmentId: row.department_id, month: row.period_month, count: Number(row.count) });
    cellsBySurvey.set(row.survey_id, cells);
  }
  for (const surveyId of surveyIds) {
    const cells = cellsBySurvey.get(surveyId) ?? [];
    const query = { cells, parentOf, departmentId: filters.departmentId, fromMonth: filters.fromMonth, toMonth: filters.toMonth };
    if (exposedByDifferencing({ ...query, minGroupSize: ANONYMOUS_MIN_GROUP_SIZE })) exposed.add(surveyId);
  }
  return exposed;
}

/**
 * Per survey: invitations sent, started, finished, from one query grouped by survey version (summed
 * here). The departures are only read when a department is chosen.
 */
export async function responseRates(db: DB, filters: ResponseFilters, departmentIds: string[] | undefined): Promise<ResponseRate[]> {
  const rows = await db
    .selectFrom("exit_invitations as i")
    .innerJoin("survey_versions as v", "v.id", "i.survey_version_id")
    .innerJoin("surveys as s", "s.id", "v.survey_id")
    .select([
      "s.id",
      "s.name",
      "v.version",
      sql<number>`count(*)::int`.as("invited"),
      sql<number>`(count(*) filter (where i.status in ('started', 'finished')))::int`.as("started"),
      sql<number>`(count(*) filter (where i.status = 'finished'))::int`.as("finished"),
    ])
    .where("i.status", "in", SENT_STATUSES)
    .where(all(invitationConditions(filters, departmentIds)))
    .groupBy(["s.id", "s.name", "v.version"])
    .execute();

  const bySurvey = new Map<string, ResponseRate>();
  for (const row of rows) {
    let rate = bySurvey.get(row.id);
    if (!rate) {
      rate = { surveyId: row.id, surveyName: row.name, versions: [], invited: 0, started: 0, finished: 0, rate: null };
      bySurvey.set(row.id, rate);
    }
    rate.versions.push(row.version);
    rate.invited += Number(row.invited);
    rate.started += Number(row.started);
    rate.finished += Number(row.finished);
  }
  return [...bySurvey.values()]
    .sort((a, b) => a.surveyName.localeCompare(b.surveyName) || a.surveyId.localeCompare(b.surveyId))
    .map((rate) => ({
      ...rate,
      versions: rate.versions.sort((a, b) => a - b),
      rate: rate.invited === 0 ? null : rate.finished / rate.invited,
    }));
}

export type ResponsesOverviewResult = { ok: true; overview: ResponsesOverview } | { ok: false; unknownDepartment: true };

/** Everything the page shows for these filters (the department expanded to its subtree once). */
export async function responsesOverview(db: DB, filters: ResponseFilters): Promise<ResponsesOverviewResult> {
  let departmentIds: string[] | undefined;
  if (filters.departmentId) {
    departmentIds = await departmentSubtree(db, filters.departmentId);
    if (departmentIds.length === 0) return { ok: false, unknownDepartment: true };
  }
  const [confidential, results, rates] = await Promise.all([
    listConfidentialResponses(db, filters, departmentIds),
    surveyResults(db, filters, departmentIds),
    responseRates(db, filters, departmentIds),
  ]);
  return { ok: true, overview: { confidential, results, rates } };
}
