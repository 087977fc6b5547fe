import { sql, type RawBuilder } from "kysely";
import { enpsCategory } from "./enps-statistics";

/** SQL pieces shared by the rollup writers (the response hook, the block hook, the rebuild). */

/** An int[11] literal. */
export function histogramLiteral(histogram: readonly number[]): RawBuilder<number[]> {
  return sql<number[]>`cast(array[${sql.join(histogram.map((count) => sql`${count}`))}] as integer[])`;
}

/** `table.histogram + excluded.histogram`, element by element (PostgreSQL arrays are 1-based). */
export function histogramSum(table: string): RawBuilder<number[]> {
  const cells = Array.from({ length: 11 }, (_, index) => sql.raw(`${table}.histogram[${index + 1}] + excluded.histogram[${index + 1}]`));
  return sql<number[]>`array[${sql.join(cells)}]`;
}

/** `array[count(*) filter (where <column> = 0), …, = 10]`: a grouped query's histogram. */
export function histogramAggregate(column: string): RawBuilder<number[]> {
  const cells = Array.from({ length: 11 }, (_, score) => sql.raw(`count(*) filter (where ${column} = ${score})::int`));
  return sql<number[]>`array[${sql.join(cells)}]`;
}

/** The class counts of a grouped query, from the same bands as enpsCategory (9–10, 7–8, 0–6). */
export function classAggregates(column: string) {
  return {
    scored: sql.raw<number>(`count(${column})::int`),
    promoters: sql.raw<number>(`count(*) filter (where ${column} >= 9)::int`),
    passives: sql.raw<number>(`count(*) filter (where ${column} between 7 and 8)::int`),
    detractors: sql.raw<number>(`count(*) filter (where ${column} <= 6)::int`),
  };
}

/**
 * The eNPS columns of a grouped query over rows with an `enps_score` (responses, scored, the three
 * classes, the histogram), aliased as the rollup tables name them: one list for every writer.
 */
export function enpsAggregateSelections() {
  const { promoters, passives, detractors, scored } = classAggregates("enps_score");
  return [
    sql<number>`count(*)::int`.as("responses"),
    scored.as("scored"),
    promoters.as("promoters"),
    passives.as("passives"),
    detractors.as("detractors"),
    histogramAggregate("enps_score").as("histogram"),
  ] as const;
}

/** One response's contribution (sign −1: its removal). */
export function responseDelta(enpsScore: number | null, sign: 1 | -1) {
  const histogram = Array.from({ length: 11 }, (_, score) => (score === enpsScore ? sign : 0));
  const category = enpsScore === null ? null : enpsCategory(enpsScore);
  return {
    responses: sign,
    scored: enpsScore === null ? 0 : sign,
    promoters: category === "promoter" ? sign : 0,
    passives: category === "passive" ? sign : 0,
    detractors: category === "detractor" ? sign : 0,
    histogram,
  };
}

/** A text[] literal, an empty one included. */
export function textArray(values: readonly string[]): RawBuilder<string[]> {
  if (values.length === 0) return sql<string[]>`cast('{}' as text[])`;
  return sql<string[]>`cast(array[${sql.join(values.map((value) => sql`${value}`))}] as text[])`;
}
