import { sql, type RawBuilder } from "kysely";

/** Small SQL builders shared by the responses queries. */

export type Condition = RawBuilder<boolean>;

/** Every condition at once; none: true. */
export function all(conditions: Condition[]): Condition {
  return conditions.length === 0 ? sql<boolean>`true` : sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/** A typed PostgreSQL array of these values, an empty one included. */
export function arrayOf(values: readonly string[], type: "uuid" | "text"): RawBuilder<string[]> {
  if (values.length === 0) return sql<string[]>`cast('{}' as ${sql.raw(type)}[])`;
  return sql<string[]>`cast(array[${sql.join(values.map((value) => sql`${value}`))}] as ${sql.raw(type)}[])`;
}
