import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import { schemaPerLanguage } from "~/modules/i18n/schema-per-language";
import { DEPARTURE_TYPES, type DepartureType } from "~/modules/offboarding/types";
import { monthParam, parseQuery, queryValue, refuseReversedMonths, type ParsedQuery } from "~/utils/query-params";

/**
 * The analytics dashboard's query string (`/admin/analytics` and its CSV downloads): a period in
 * whole months (the finest grain the rollups and anonymous blocks keep), a department (with its
 * subtree), a departure type, a survey, and the order of the department chart. Plain `.ts`: the
 * form edge (ADR 013), its messages in the reader's language; `t` translates the `analytics`
 * namespace. An empty field means "no filter"; unknown parameters are ignored.
 */

export const DEPARTMENT_SORTS = ["enps", "n", "name"] as const;
export type DepartmentSort = (typeof DEPARTMENT_SORTS)[number];

export function dashboardQuerySchema(t: Translate) {
  return z
    .object({
      from: monthParam(t("filters.errors.from")).optional(),
      to: monthParam(t("filters.errors.to")).optional(),
      department: z.uuid({ error: t("filters.errors.department") }).optional(),
      departureType: z.enum(DEPARTURE_TYPES, { error: t("filters.errors.departureType") }).optional(),
      survey: z.uuid({ error: t("filters.errors.survey") }).optional(),
      sort: z.enum(DEPARTMENT_SORTS, { error: t("filters.errors.sort") }).default("enps"),
    })
    .superRefine(refuseReversedMonths(t("filters.errors.order")));
}

export interface DashboardQuery {
  /** First month included, "YYYY-MM-01". */
  fromMonth?: string;
  /** Last month included, "YYYY-MM-01". */
  toMonth?: string;
  /** The department and everything under it. */
  departmentId?: string;
  departureType?: DepartureType;
  surveyId?: string;
  sort: DepartmentSort;
}

/** The names of the parameters, as the filter form and the download links write them. */
export const DASHBOARD_PARAMS = ["from", "to", "department", "departureType", "survey", "sort"] as const;

const schemaFor = schemaPerLanguage(dashboardQuerySchema);

export function parseDashboardQuery(params: URLSearchParams, language: string, t: Translate): ParsedQuery<DashboardQuery> {
  const parsed = parseQuery(
    schemaFor(language, t),
    Object.fromEntries(DASHBOARD_PARAMS.map((name) => [name, queryValue(params, name)])),
  );
  if (!parsed.success) return parsed;
  const { from, to, department, departureType, survey, sort } = parsed.data;
  return {
    success: true,
    data: {
      fromMonth: from ? `${from}-01` : undefined,
      toMonth: to ? `${to}-01` : undefined,
      departmentId: department,
      departureType,
      surveyId: survey,
      sort,
    },
  };
}

export interface SortableGroup {
  name: string;
  /** null when withheld (under k) or empty. */
  enps: number | null;
  n: number | null;
}

/**
 * The department chart's order. Groups without a figure (withheld under k, or no answers) always
 * come last, by name: ordering them by a count nobody may see would leak which is larger.
 */
export function sortGroups<T extends SortableGroup>(groups: readonly T[], sort: DepartmentSort, locale: string): T[] {
  const byName = (a: T, b: T) => a.name.localeCompare(b.name, locale);
  const shown = groups.filter((group) => group.enps !== null && group.n !== null);
  const hidden = groups.filter((group) => group.enps === null || group.n === null).sort(byName);
  const key = (group: T) => (sort === "enps" ? (group.enps as number) : (group.n as number));
  shown.sort(sort === "name" ? byName : (a, b) => key(b) - key(a) || byName(a, b));
  return sort === "name" ? [...groups].sort(byName) : [...shown, ...hidden];
}
