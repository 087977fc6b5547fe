import { sql } from "kysely";
import { localizedColumns, type LocalizedText } from "~/modules/i18n/localized-text";
import type { DB } from "~/utils/db.server";
import { all, arrayOf, type Condition } from "./sql-conditions.server";

/**
 * The one way HR's views read anonymous responses (docs/decisions/008): a selection of whole
 * released blocks, then sums over them. A filter is a condition on blocks — their survey, the month
 * of their release, the departments they cover — never on a response, which carries nothing to
 * filter on. A block that a department filter would cut (it also holds responses from outside the
 * chosen subtree) is left out whole, and the result says so. Every block holds at least k
 * responses, so every figure here, and any sum or difference of figures from any views at any
 * times, rests on whole blocks of at least k.
 */

export interface BlockSelection {
  surveyId?: string;
  /** First and last release month included, "YYYY-MM-01". */
  fromMonth?: string;
  toMonth?: string;
  /** The chosen department's subtree; undefined: every department. */
  departmentIds?: readonly string[];
}

export interface AnonymousFigures {
  surveyId: string;
  surveyName: LocalizedText;
  /** Whole blocks summed. */
  blocks: number;
  responses: number;
  /** Responses with an eNPS answer, in blocks whose every version asked it. */
  scored: number;
  /** How many gave each score, index = score 0–10. */
  distribution: number[];
  /** Some blocks of this survey fall partly inside the selected department and are left out. */
  partialBlocksLeftOut: boolean;
}


/** Conditions on anonymous_blocks (alias b) other than the department. */
function blockConditions(selection: BlockSelection): Condition[] {
  const conditions: Condition[] = [];
  if (selection.surveyId) conditions.push(sql<boolean>`b.survey_id = ${selection.surveyId}::uuid`);
  if (selection.fromMonth) conditions.push(sql<boolean>`b.month >= ${selection.fromMonth}::date`);
  if (selection.toMonth) conditions.push(sql<boolean>`b.month <= ${selection.toMonth}::date`);
  return conditions;
}

/** Inside: every department the block covers is in the subtree (and nobody without one). */
function insideDepartments(departmentIds: readonly string[] | undefined): Condition {
  if (!departmentIds) return sql<boolean>`true`;
  return sql<boolean>`(not b.includes_unassigned and b.department_ids <@ ${arrayOf(departmentIds, "uuid")})`;
}

/**
 * Figures per anonymous survey for a selection, from three grouped queries whatever the data: the
 * selected blocks' responses counted by eNPS score, the blocks counted, and which surveys have blocks the department
 * filter cut out.
 */
export async function anonymousFigures(db: DB, selection: BlockSelection): Promise<AnonymousFigures[]> {
  const conditions = blockConditions(selection);
  const inside = all([...conditions, insideDepartments(selection.departmentIds)]);
  const [rows, blockCounts, partial] = await Promise.all([
    db
      .selectFrom("anonymous_blocks as b")
      .innerJoin("anonymous_responses as r", "r.block_id", "b.id")
      .innerJoin("surveys as s", "s.id", "b.survey_id")
      .select([
        "b.survey_id",
        "s.name_en",
        "s.name_fr",
        // The eNPS of a block that did not ask everyone is left out of the eNPS figures.
        sql<number | null>`case when b.enps_asked_of_all then r.enps_score end`.as("enps_score"),
        sql<number>`count(*)::int`.as("count"),
      ])
      .where(inside)
      .groupBy(["b.survey_id", "s.name_en", "s.name_fr", sql`case when b.enps_asked_of_all then r.enps_score end`])
      .execute(),
    db
      .selectFrom("anonymous_blocks as b")
      .select(["b.survey_id", sql<number>`count(*)::int`.as("blocks")])
      .where(inside)
      .groupBy("b.survey_id")
      .execute(),
    selection.departmentIds
      ? db
          .selectFrom("anonymous_blocks as b")
          .innerJoin("surveys as s", "s.id", "b.survey_id")
          .select(["b.survey_id", "s.name_en", "s.name_fr"])
          .distinct()
          .where(all([...conditions, sql<boolean>`b.department_ids && ${arrayOf(selection.departmentIds, "uuid")}`, sql<boolean>`not ${insideDepartments(selection.departmentIds)}`]))
          .execute()
      : Promise.resolve([]),
  ]);

  const bySurvey = new Map<string, AnonymousFigures>();
  const figuresOf = (surveyId: string, surveyName: LocalizedText) => {
    let figures = bySurvey.get(surveyId);
    if (!figures) {
      figures = { surveyId, surveyName, blocks: 0, responses: 0, scored: 0, distribution: Array(11).fill(0), partialBlocksLeftOut: false };
      bySurvey.set(surveyId, figures);
    }
    return figures;
  };
  for (const row of rows) {
    const figures = figuresOf(row.survey_id, localizedColumns(row, "name"));
    const count = Number(row.count);
    figures.responses += count;
    if (row.enps_score !== null) {
      figures.scored += count;
      figures.distribution[row.enps_score]! += count;
    }
  }
  for (const row of blockCounts) {
    const figures = bySurvey.get(row.survey_id);
    if (figures) figures.blocks = Number(row.blocks);
  }
  for (const row of partial) figuresOf(row.survey_id, localizedColumns(row, "name")).partialBlocksLeftOut = true;
  return [...bySurvey.values()];
}
