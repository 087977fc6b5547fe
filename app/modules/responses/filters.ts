import { z } from "zod";
import { monthParam, parseQuery, queryValue, refuseReversedMonths, wholeNumberParam } from "~/utils/query-params";
import type { Translate } from "~/modules/i18n/translator";
import { schemaPerLanguage } from "~/modules/i18n/schema-per-language";

/**
 * The responses page's filters as they arrive in the query string: a period in whole months (the
 * granularity anonymous responses are stored at), a department (with everything under it) and a
 * survey. `t` translates the `responses` namespace.
 */

export const RESPONSES_PAGE_MAX = 10_000;
export function responseFiltersSchema(t: Translate) {
  return z
    .object({
      from: monthParam(t("filters.errors.from")).optional(),
      to: monthParam(t("filters.errors.to")).optional(),
      department: z.uuid({ error: t("filters.errors.department") }).optional(),
      survey: z.uuid({ error: t("filters.errors.survey") }).optional(),
      page: wholeNumberParam(t("filters.errors.page", { max: RESPONSES_PAGE_MAX }), 1, RESPONSES_PAGE_MAX).default(1),
    })
    .superRefine(refuseReversedMonths(t("filters.errors.order")));
}

export interface ResponseFilters {
  /** First month included, "YYYY-MM-01". */
  fromMonth?: string;
  /** Last month included, "YYYY-MM-01". */
  toMonth?: string;
  /** The department and everything under it. */
  departmentId?: string;
  surveyId?: string;
  page: number;
}

export type ParsedResponseFilters = { success: true; filters: ResponseFilters } | { success: false; errors: Record<string, string[]> };

const filtersSchemaFor = schemaPerLanguage(responseFiltersSchema);

/** An empty field (a GET form submits every field) means "no filter"; unknown parameters are ignored. */
export function parseResponseFilters(params: URLSearchParams, language: string, t: Translate): ParsedResponseFilters {
  const parsed = parseQuery(filtersSchemaFor(language, t), {
    from: queryValue(params, "from"),
    to: queryValue(params, "to"),
    department: queryValue(params, "department"),
    survey: queryValue(params, "survey"),
    page: queryValue(params, "page"),
  });
  if (!parsed.success) return parsed;
  const { from, to, department, survey, page } = parsed.data;
  return {
    success: true,
    filters: {
      fromMonth: from ? `${from}-01` : undefined,
      toMonth: to ? `${to}-01` : undefined,
      departmentId: department,
      surveyId: survey,
      page,
    },
  };
}
