import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { localizedColumns, type LocalizedText } from "~/modules/i18n/localized-text";
import { departmentSubtree } from "~/modules/offboarding/departments.server";
import { nextMonth } from "~/utils/calendar-days";
import { DomainFailure } from "~/utils/failures";
import type { DB } from "~/utils/db.server";
import type { Confidentiality, SurveyKind } from "../../../db/schema";
import { anonymousFigures } from "./anonymous-results.server";
import { all, type Condition } from "./sql-conditions.server";
import { countsFromDistribution, enpsCategory, enpsFromCounts, type EnpsCategory, type EnpsCounts } from "./enps";
import type { ResponseFilters } from "./filters";

/**
 * What HR's responses page reads, for one set of filters, in a fixed number of queries whatever
 * the data: the confidential responses (one page, one query), the results per survey (one grouped
 * query) and each survey's response rate (one grouped query). HR admins only: the route checks.
 *
 * Anonymous responses are read only as sums over whole released blocks of at least k responses
 * (./anonymous-results.server, docs/decisions/008); survey_responses holds confidential ones only.
 */

export const CONFIDENTIAL_PAGE_SIZE = 50;
/** Invitation statuses that mean the invitation went out. */
const SENT_STATUSES = ["invited", "started", "finished"] as const;

export interface SurveyOption {
  id: string;
  name: LocalizedText;
  kind: SurveyKind;
  archived: boolean;
}

export async function listSurveyOptions(db: DB): Promise<SurveyOption[]> {
  const rows = await db
    .selectFrom("surveys")
    .select(["id", "name_en", "name_fr", "kind", "archived_at"])
    .orderBy(sql`lower(name_en)`)
    .orderBy("id")
    .limit(500)
    .execute();
  return rows.map((row) => ({ id: row.id, name: localizedColumns(row, "name"), kind: row.kind, archived: row.archived_at !== null }));
}

export interface ConfidentialResponseRow {
  id: string;
  surveyName: LocalizedText;
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
  surveyName: LocalizedText;
  confidentiality: Confidentiality;
}

/**
 * Why an anonymous survey shows no figures: every released block it has under these filters also
 * holds responses from outside the chosen department, and a block is never cut.
 */
export type SuppressionReason = "wider_groups_only";

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
      /** Anonymous: the whole released blocks summed; null for confidential responses. */
      blocks: number | null;
      /** Anonymous: blocks reaching outside the chosen department were left out. */
      partialBlocksLeftOut: boolean;
    });

export interface ResponseRate {
  surveyId: string;
  surveyName: LocalizedText;
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
    // An alumni pulse answer has no invitation: its person is the alumnus who gave it.
    .leftJoin("pulse_answers as pa", "pa.response_id", "page.id")
    .leftJoin("alumni_profiles as ap", "ap.user_id", "pa.user_id")
    .leftJoin("departures as d", (join) => join.on(sql<boolean>`d.id = coalesce(i.departure_id, ap.departure_id)`))
    .select([
      "page.id",
      "page.submitted_at",
      "page.period_month",
      "page.department_id",
      "page.enps_score",
      "page.total_count",
      "s.name_en",
      "s.name_fr",
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
      surveyName: localizedColumns(row, "name"),
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
 * Results per survey and mode: the confidential responses from one grouped query (counts per eNPS
 * score), the anonymous ones from whole released blocks only (./anonymous-results.server).
 */
export async function surveyResults(db: DB, filters: ResponseFilters, departmentIds: string[] | undefined): Promise<SurveyResult[]> {
  const [rows, anonymous] = await Promise.all([
    db
      .selectFrom("survey_responses as r")
      .innerJoin("surveys as s", "s.id", "r.survey_id")
      .select(["r.survey_id", "s.name_en", "s.name_fr", "r.enps_score", sql<number>`count(*)::int`.as("count")])
      .where(all(responseConditions(filters, departmentIds)))
      .groupBy(["r.survey_id", "s.name_en", "s.name_fr", "r.enps_score"])
      .execute(),
    anonymousFigures(db, { surveyId: filters.surveyId, fromMonth: filters.fromMonth, toMonth: filters.toMonth, departmentIds }),
  ]);

  const confidential = new Map<string, { surveyId: string; surveyName: LocalizedText; responses: number; distribution: number[] }>();
  for (const row of rows) {
    let group = confidential.get(row.survey_id);
    if (!group) {
      group = { surveyId: row.survey_id, surveyName: localizedColumns(row, "name"), responses: 0, distribution: Array(11).fill(0) };
      confidential.set(row.survey_id, group);
    }
    const count = Number(row.count);
    group.responses += count;
    if (row.enps_score !== null) group.distribution[row.enps_score]! += count;
  }

  const shown = (base: ResultBase, responses: number, distribution: number[], blocks: number | null, partialBlocksLeftOut: boolean): SurveyResult => {
    const counts = countsFromDistribution(distribution);
    return {
      ...base,
      suppressed: false,
      responses,
      scored: counts.promoters + counts.passives + counts.detractors,
      enps: enpsFromCounts(counts),
      counts,
      distribution,
      blocks,
      partialBlocksLeftOut,
    };
  };
  const results: SurveyResult[] = [
    ...[...confidential.values()].map((group) =>
      shown({ surveyId: group.surveyId, surveyName: group.surveyName, confidentiality: "confidential" }, group.responses, group.distribution, null, false),
    ),
    ...anonymous.map((figures): SurveyResult => {
      const base = { surveyId: figures.surveyId, surveyName: figures.surveyName, confidentiality: "anonymous" as const };
      // Only blocks that reach outside the department: nothing whole to show.
      if (figures.responses === 0) return { ...base, suppressed: true, reason: "wider_groups_only" };
      return shown(base, figures.responses, figures.distribution, figures.blocks, figures.partialBlocksLeftOut);
    }),
  ];
  return results.sort(
    (a, b) => a.surveyName.en.localeCompare(b.surveyName.en) || a.confidentiality.localeCompare(b.confidentiality) || a.surveyId.localeCompare(b.surveyId),
  );
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
      "s.name_en",
      "s.name_fr",
      "v.version",
      sql<number>`count(*)::int`.as("invited"),
      sql<number>`(count(*) filter (where i.status in ('started', 'finished')))::int`.as("started"),
      sql<number>`(count(*) filter (where i.status = 'finished'))::int`.as("finished"),
    ])
    .where("i.status", "in", SENT_STATUSES)
    .where(all(invitationConditions(filters, departmentIds)))
    .groupBy(["s.id", "s.name_en", "s.name_fr", "v.version"])
    .execute();

  const bySurvey = new Map<string, ResponseRate>();
  for (const row of rows) {
    let rate = bySurvey.get(row.id);
    if (!rate) {
      rate = { surveyId: row.id, surveyName: localizedColumns(row, "name"), versions: [], invited: 0, started: 0, finished: 0, rate: null };
      bySurvey.set(row.id, rate);
    }
    rate.versions.push(row.version);
    rate.invited += Number(row.invited);
    rate.started += Number(row.started);
    rate.finished += Number(row.finished);
  }
  return [...bySurvey.values()]
    .sort((a, b) => a.surveyName.en.localeCompare(b.surveyName.en) || a.surveyId.localeCompare(b.surveyId))
    .map((rate) => ({
      ...rate,
      versions: rate.versions.sort((a, b) => a - b),
      rate: rate.invited === 0 ? null : rate.finished / rate.invited,
    }));
}

/** The audit action of a page of the confidential list (names next to scores) being shown. */
export const RESPONSE_LIST_VIEWED_ACTION = "survey.response_list_viewed";

/**
 * Everything the page shows for these filters (the department expanded to its subtree once). A
 * page of confidential responses shows names next to scores: like opening one response, showing
 * it is audited, one entry naming the responses shown. A department deleted meanwhile is refused
 * (responses.unknownDepartment on the department filter).
 */
export async function responsesOverview(db: DB, filters: ResponseFilters, viewer: { userId: string }): Promise<ResponsesOverview> {
  let departmentIds: string[] | undefined;
  if (filters.departmentId) {
    departmentIds = await departmentSubtree(db, filters.departmentId);
    if (departmentIds.length === 0) throw DomainFailure.invalid("department", "responses.unknownDepartment");
  }
  const [confidential, results, rates] = await Promise.all([
    listConfidentialResponses(db, filters, departmentIds),
    surveyResults(db, filters, departmentIds),
    responseRates(db, filters, departmentIds),
  ]);
  if (confidential.rows.length > 0) {
    await recordAudit(db, {
      actorUserId: viewer.userId,
      action: RESPONSE_LIST_VIEWED_ACTION,
      subjectType: "survey_response_list",
      data: { page: confidential.page, responseIds: confidential.rows.map((row) => row.id) },
    });
  }
  return { confidential, results, rates };
}
