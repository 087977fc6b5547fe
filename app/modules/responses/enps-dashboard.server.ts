import { sql, type RawBuilder } from "kysely";
import { localizedColumns } from "~/modules/i18n/localized-text";
import { nextMonth } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import type { SurveyKind } from "../../../db/schema";
import { getAnonymitySettings } from "./anonymity-settings.server";
import {
  addPart,
  emptyPart,
  emptyThemePart,
  enpsFigure,
  partFromHistogram,
  themeFigure,
  type AnonymousEnpsPart,
  type DepartmentBar,
  type EnpsDashboard,
  type EnpsDashboardFilters,
  type EnpsPart,
  type ThemePart,
} from "./enps-dashboard";
import { all, arrayOf, type Condition } from "./sql-conditions.server";

export type { EnpsDashboard, EnpsDashboardFilters } from "./enps-dashboard";

/**
 * The read model of HR's eNPS dashboard and of `GET /api/v1/metrics/enps` (docs/decisions/026):
 * plain, serialisable data, from the rollups only, in a fixed number of grouped queries whatever
 * the data (so its time stays flat as responses grow).
 *
 * Anonymous figures come from whole released blocks only (docs/decisions/008): every filter is a
 * condition on blocks — release month in the period; for a department, every department the block
 * covers is in the subtree and it holds nobody without one; for a departure type, the block's
 * departure types are exactly that one; eNPS figures use only blocks that asked everyone the eNPS
 * question. A department bar is the same condition with the bar's departments. Confidential groups
 * of 1 to k − 1 respondents are withheld (./enps-dashboard.ts).
 */

const KINDS: readonly SurveyKind[] = ["exit", "pulse"];
/** A period of more months than this is listed from its first month with data. */
const MAX_MONTHS = 240;

interface DepartmentRow {
  id: string;
  name: string;
  parent_id: string | null;
}

function subtreeOf(rootId: string, departments: readonly DepartmentRow[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const department of departments) {
    if (department.parent_id) children.set(department.parent_id, [...(children.get(department.parent_id) ?? []), department.id]);
  }
  const inside = new Set<string>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (inside.has(id)) continue;
    inside.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return inside;
}

/** Conditions on enps_rollups / theme_rollups (alias r) joined to surveys (alias s). */
function confidentialConditions(filters: EnpsDashboardFilters, subtree: Set<string> | undefined): Condition[] {
  const conditions: Condition[] = [];
  if (filters.fromMonth) conditions.push(sql<boolean>`r.month >= ${filters.fromMonth}::date`);
  if (filters.toMonth) conditions.push(sql<boolean>`r.month <= ${filters.toMonth}::date`);
  if (filters.surveyId) conditions.push(sql<boolean>`r.survey_id = ${filters.surveyId}::uuid`);
  if (filters.surveyKind) conditions.push(sql<boolean>`s.kind = ${filters.surveyKind}`);
  if (filters.departureType) conditions.push(sql<boolean>`r.departure_type = ${filters.departureType}`);
  if (subtree) conditions.push(sql<boolean>`r.department_id = any(${arrayOf([...subtree], "uuid")})`);
  return conditions;
}

/** Conditions on anonymous_blocks (alias b) joined to surveys (alias s), except department and type. */
function blockConditions(filters: EnpsDashboardFilters): Condition[] {
  const conditions: Condition[] = [];
  if (filters.fromMonth) conditions.push(sql<boolean>`b.month >= ${filters.fromMonth}::date`);
  if (filters.toMonth) conditions.push(sql<boolean>`b.month <= ${filters.toMonth}::date`);
  if (filters.surveyId) conditions.push(sql<boolean>`b.survey_id = ${filters.surveyId}::uuid`);
  if (filters.surveyKind) conditions.push(sql<boolean>`s.kind = ${filters.surveyKind}`);
  return conditions;
}

/** The block lies wholly inside the department subtree and the departure type. */
function blockInside(filters: EnpsDashboardFilters, subtree: Set<string> | undefined): Condition[] {
  const conditions: Condition[] = [];
  if (subtree) conditions.push(sql<boolean>`(not b.includes_unassigned and b.department_ids <@ ${arrayOf([...subtree], "uuid")})`);
  // A block's departure types are those its responses recorded: exactly the chosen one, or it is cut.
  if (filters.departureType) conditions.push(sql<boolean>`(cardinality(b.departure_types) > 0 and b.departure_types <@ ${arrayOf([filters.departureType], "text")})`);
  return conditions;
}

/** The block reaches into the selection without lying inside it (left out whole). */
function blockOverlaps(filters: EnpsDashboardFilters, subtree: Set<string> | undefined): Condition[] {
  const conditions: Condition[] = [];
  if (subtree) conditions.push(sql<boolean>`b.department_ids && ${arrayOf([...subtree], "uuid")}`);
  if (filters.departureType) conditions.push(sql<boolean>`${filters.departureType} = any(b.departure_types)`);
  return conditions;
}

const HISTOGRAM_SUM: RawBuilder<number[]> = sql<number[]>`array[${sql.join(Array.from({ length: 11 }, (_, index) => sql.raw(`sum(x.histogram[${index + 1}])::int`)))}]`;

interface SummedRow {
  kind: SurveyKind;
  responses: number;
  histogram: number[];
  blocks?: number;
}

const partOf = (row: SummedRow): EnpsPart => partFromHistogram(Number(row.responses), row.histogram.map(Number));

export async function readEnpsDashboard(db: DB, filters: EnpsDashboardFilters): Promise<EnpsDashboard> {
  const [settings, departments] = await Promise.all([
    getAnonymitySettings(db),
    db.selectFrom("departments").select(["id", "name", "parent_id"]).execute(),
  ]);
  const k = settings.minBlockSize;
  const subtree = filters.departmentId ? subtreeOf(filters.departmentId, departments) : undefined;
  const confidential = all(confidentialConditions(filters, subtree));
  const blocks = all([...blockConditions(filters), ...blockInside(filters, subtree)]);
  // eNPS figures: only blocks that asked everyone the eNPS question (a version must not cut a block).
  const enpsBlocks = all([...blockConditions(filters), ...blockInside(filters, subtree), sql<boolean>`b.enps_asked_of_all`]);

  const confidentialRollups = db
    .selectFrom("enps_rollups as r")
    .innerJoin("surveys as s", "s.id", "r.survey_id")
    .where(confidential)
    .select(["s.kind", "r.month", "r.department_id", "r.responses", "r.histogram"]);
  const anonymousRollups = db
    .selectFrom("anonymous_blocks as b")
    .innerJoin("surveys as s", "s.id", "b.survey_id")
    .innerJoin("anonymous_block_enps as e", "e.block_id", "b.id")
    .where(enpsBlocks)
    .select(["s.kind", "b.month", "b.department_ids", "b.includes_unassigned", "e.responses", "e.histogram"]);

  const [confidentialByMonth, confidentialByDepartment, anonymousByMonth, anonymousByDepartments, themeRows, anonymousThemeRows, blockCounts] = await Promise.all([
    db
      .selectFrom(confidentialRollups.as("x"))
      .select(["x.kind", "x.month", sql<number>`sum(x.responses)::int`.as("responses"), HISTOGRAM_SUM.as("histogram")])
      .groupBy(["x.kind", "x.month"])
      .execute(),
    db
      .selectFrom(confidentialRollups.as("x"))
      .select(["x.kind", "x.department_id", sql<number>`sum(x.responses)::int`.as("responses"), HISTOGRAM_SUM.as("histogram")])
      .groupBy(["x.kind", "x.department_id"])
      .execute(),
    db
      .selectFrom(anonymousRollups.as("x"))
      .select(["x.kind", "x.month", sql<number>`count(*)::int`.as("blocks"), sql<number>`sum(x.responses)::int`.as("responses"), HISTOGRAM_SUM.as("histogram")])
      .groupBy(["x.kind", "x.month"])
      .execute(),
    // Blocks grouped by the departments they cover: few distinct sets, whatever the number of blocks.
    db
      .selectFrom(anonymousRollups.as("x"))
      .select([
        "x.kind",
        "x.department_ids",
        "x.includes_unassigned",
        sql<number>`count(*)::int`.as("blocks"),
        sql<number>`sum(x.responses)::int`.as("responses"),
        HISTOGRAM_SUM.as("histogram"),
      ])
      .groupBy(["x.kind", "x.department_ids", "x.includes_unassigned"])
      .execute(),
    db
      .selectFrom("theme_rollups as r")
      .innerJoin("surveys as s", "s.id", "r.survey_id")
      .where(confidential)
      .select([
        "r.theme",
        sql<number>`sum(r.comments)::int`.as("comments"),
        sql<string>`sum(r.sentiment_sum)::text`.as("sentiment_sum"),
        sql<number>`sum(r.negative)::int`.as("negative"),
        sql<number>`sum(r.neutral)::int`.as("neutral"),
        sql<number>`sum(r.positive)::int`.as("positive"),
      ])
      .groupBy("r.theme")
      .execute(),
    db
      .selectFrom("anonymous_blocks as b")
      .innerJoin("surveys as s", "s.id", "b.survey_id")
      .innerJoin("anonymous_block_themes as t", "t.block_id", "b.id")
      .where(blocks)
      .select([
        "t.theme",
        sql<number>`sum(t.comments)::int`.as("comments"),
        sql<string>`sum(t.sentiment_sum)::text`.as("sentiment_sum"),
        sql<number>`sum(t.negative)::int`.as("negative"),
        sql<number>`sum(t.neutral)::int`.as("neutral"),
        sql<number>`sum(t.positive)::int`.as("positive"),
      ])
      .groupBy("t.theme")
      .execute(),
    db
      .selectFrom("anonymous_blocks as b")
      .innerJoin("surveys as s", "s.id", "b.survey_id")
      .where(all(blockConditions(filters)))
      .select([
        sql<number>`(count(*) filter (where ${blocks}))::int`.as("inside"),
        sql<number>`(count(*) filter (where ${all(blockOverlaps(filters, subtree))} and not (${blocks})))::int`.as("left_out"),
      ])
      .executeTakeFirstOrThrow(),
  ]);

  // (a) over time, and (c, d) the totals, from the per-month sums.
  const monthParts = new Map<string, Record<SurveyKind, { confidential: EnpsPart; anonymous: AnonymousEnpsPart }>>();
  const slot = (month: string) => {
    let parts = monthParts.get(month);
    if (!parts) {
      parts = { exit: { confidential: emptyPart(), anonymous: emptyPart() }, pulse: { confidential: emptyPart(), anonymous: emptyPart() } };
      monthParts.set(month, parts);
    }
    return parts;
  };
  const totals = { exit: { confidential: emptyPart(), anonymous: emptyPart() }, pulse: { confidential: emptyPart(), anonymous: emptyPart() } };
  for (const row of confidentialByMonth) {
    addPart(slot(row.month)[row.kind].confidential, partOf(row));
    addPart(totals[row.kind].confidential, partOf(row));
  }
  for (const row of anonymousByMonth) {
    const part = { ...partOf(row), blocks: Number(row.blocks) };
    addPart(slot(row.month)[row.kind].anonymous, part);
    addPart(totals[row.kind].anonymous, part);
  }
  const overTime = monthsToShow(filters, [...monthParts.keys()]).map((month) => {
    const parts = monthParts.get(month) ?? slot(month);
    return {
      month,
      exit: enpsFigure(parts.exit.confidential, parts.exit.anonymous, k),
      pulse: enpsFigure(parts.pulse.confidential, parts.pulse.anonymous, k),
    };
  });

  // (b) by department.
  const bars = departmentBars(filters.departmentId, departments);
  const barParts = bars.map(() => ({ exit: { confidential: emptyPart(), anonymous: emptyPart() }, pulse: { confidential: emptyPart(), anonymous: emptyPart() } }));
  for (const row of confidentialByDepartment) {
    const index = bars.findIndex((bar) => (row.department_id === null ? bar.scope === "unassigned" : bar.scope !== "unassigned" && bar.members.has(row.department_id)));
    if (index >= 0) addPart(barParts[index]![row.kind].confidential, partOf(row));
  }
  let blocksInNoBar = 0;
  for (const row of anonymousByDepartments) {
    // A bar holds a block only whole: every department it covers is the bar's; unassigned people only in the unassigned bar.
    const index = bars.findIndex((bar) =>
      bar.scope === "unassigned"
        ? row.department_ids.length === 0 && row.includes_unassigned
        : !row.includes_unassigned && row.department_ids.length > 0 && row.department_ids.every((id) => bar.members.has(id)),
    );
    if (index >= 0) addPart(barParts[index]![row.kind].anonymous, { ...partOf(row), blocks: Number(row.blocks) });
    else blocksInNoBar += Number(row.blocks);
  }
  const byDepartment: DepartmentBar[] = bars
    .map((bar, index) => ({
      departmentId: bar.departmentId,
      name: bar.name,
      scope: bar.scope,
      exit: enpsFigure(barParts[index]!.exit.confidential, barParts[index]!.exit.anonymous, k),
      pulse: enpsFigure(barParts[index]!.pulse.confidential, barParts[index]!.pulse.anonymous, k),
    }))
    // A bar with nothing in it says nothing: the own/unassigned bars are listed only with data.
    .filter((bar, index) => bar.scope === "subtree" || hasData(barParts[index]!));

  // (e) themes.
  const themeParts = new Map<string, { confidential: ThemePart; anonymous: ThemePart }>();
  const themeSlot = (theme: string) => themeParts.get(theme) ?? themeParts.set(theme, { confidential: emptyThemePart(), anonymous: emptyThemePart() }).get(theme)!;
  for (const row of themeRows) themeSlot(row.theme).confidential = themePartOf(row);
  for (const row of anonymousThemeRows) themeSlot(row.theme).anonymous = themePartOf(row);
  const themes = [...themeParts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([theme, parts]) => ({ theme, figure: themeFigure(parts.confidential, parts.anonymous, k) }));

  return {
    filters: { ...filters },
    k,
    overTime,
    totals: {
      exit: enpsFigure(totals.exit.confidential, totals.exit.anonymous, k),
      pulse: enpsFigure(totals.pulse.confidential, totals.pulse.anonymous, k),
    },
    byDepartment,
    themes,
    anonymous: { blocks: Number(blockCounts.inside), blocksLeftOut: Number(blockCounts.left_out), blocksInNoBar },
    departures: await departureFigures(db, filters, subtree),
  };
}

function hasData(parts: Record<SurveyKind, { confidential: EnpsPart; anonymous: AnonymousEnpsPart }>): boolean {
  return KINDS.some((kind) => parts[kind].confidential.responses > 0 || parts[kind].anonymous.responses > 0);
}

function themePartOf(row: { comments: number; sentiment_sum: string; negative: number; neutral: number; positive: number }): ThemePart {
  return {
    comments: Number(row.comments),
    units: Math.round(Number(row.sentiment_sum) * 10_000),
    negative: Number(row.negative),
    neutral: Number(row.neutral),
    positive: Number(row.positive),
  };
}

interface BarDefinition {
  departmentId: string | null;
  name: string | null;
  scope: DepartmentBar["scope"];
  members: Set<string>;
}

/**
 * The chosen department's own responses and one bar per child (its subtree). Without a choice: the
 * top of the tree (its single root, as if chosen, or each root), and people without a department.
 */
function departmentBars(chosenId: string | undefined, departments: readonly DepartmentRow[]): BarDefinition[] {
  const roots = departments.filter((department) => department.parent_id === null);
  const anchorId = chosenId ?? (roots.length === 1 ? roots[0]!.id : undefined);
  const byName = (a: DepartmentRow, b: DepartmentRow) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);
  const bars: BarDefinition[] = [];
  const anchor = departments.find((department) => department.id === anchorId);
  if (anchor) bars.push({ departmentId: anchor.id, name: anchor.name, scope: "own", members: new Set([anchor.id]) });
  const tops = anchorId ? departments.filter((department) => department.parent_id === anchorId) : roots;
  for (const department of [...tops].sort(byName)) {
    bars.push({ departmentId: department.id, name: department.name, scope: "subtree", members: subtreeOf(department.id, departments) });
  }
  if (!chosenId) bars.push({ departmentId: null, name: null, scope: "unassigned", members: new Set() });
  return bars;
}

/** Every month of the period (or from the first month with data to the last), in order. */
function monthsToShow(filters: EnpsDashboardFilters, withData: string[]): string[] {
  const sorted = [...withData].sort();
  const first = filters.fromMonth ?? sorted[0];
  const last = filters.toMonth ?? sorted[sorted.length - 1];
  if (!first || !last) return [];
  const months: string[] = [];
  for (let month = first; month <= last && months.length < MAX_MONTHS; month = nextMonth(month)) months.push(month);
  return months;
}

/** (f) HR's departure records: reasons, regrettable or not, departures per month of the last day. */
async function departureFigures(db: DB, filters: EnpsDashboardFilters, subtree: Set<string> | undefined): Promise<EnpsDashboard["departures"]> {
  const conditions: Condition[] = [sql<boolean>`d.status <> 'cancelled'`];
  if (filters.fromMonth) conditions.push(sql<boolean>`d.last_day >= ${filters.fromMonth}::date`);
  if (filters.toMonth) conditions.push(sql<boolean>`d.last_day < ${nextMonth(filters.toMonth)}::date`);
  if (filters.departureType) conditions.push(sql<boolean>`d.type = ${filters.departureType}`);
  if (subtree) conditions.push(sql<boolean>`d.department_id = any(${arrayOf([...subtree], "uuid")})`);
  const where = all(conditions);
  const [reasons, regrettable, volume] = await Promise.all([
    db
      .selectFrom("departures as d")
      .leftJoin("departure_reasons as r", "r.id", "d.reason_id")
      .where(where)
      .select(["d.reason_id", "r.code", "r.label_en", "r.label_fr", "r.position", sql<number>`count(*)::int`.as("count")])
      .groupBy(["d.reason_id", "r.code", "r.label_en", "r.label_fr", "r.position"])
      .orderBy(sql`count(*)`, "desc")
      .orderBy("r.position")
      .execute(),
    db
      .selectFrom("departures as d")
      .where(where)
      .select([
        sql<number>`(count(*) filter (where d.regrettable))::int`.as("yes"),
        sql<number>`(count(*) filter (where not d.regrettable))::int`.as("no"),
        sql<number>`(count(*) filter (where d.regrettable is null))::int`.as("unknown"),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("departures as d")
      .where(where)
      .select([sql<string>`to_char(date_trunc('month', d.last_day), 'YYYY-MM-DD')`.as("month"), sql<number>`count(*)::int`.as("count")])
      .groupBy(sql`date_trunc('month', d.last_day)`)
      .orderBy(sql`date_trunc('month', d.last_day)`)
      .execute(),
  ]);
  return {
    source: "departure_records",
    reasons: reasons.map((row) => ({
      reasonId: row.reason_id,
      code: row.code,
      label: row.label_en === null || row.label_fr === null ? null : localizedColumns({ label_en: row.label_en, label_fr: row.label_fr }, "label"),
      count: Number(row.count),
    })),
    regrettable: { regrettable: Number(regrettable.yes), notRegrettable: Number(regrettable.no), unknown: Number(regrettable.unknown) },
    volumeByMonth: volume.map((row) => ({ month: row.month, count: Number(row.count) })),
  };
}
