import type { DB } from "~/utils/db.server";
import type { AppLocale } from "~/modules/i18n/config";
import { localized } from "~/modules/i18n/localized-text";
import type { Translate } from "~/modules/i18n/translator";
import { listDepartmentOptions } from "~/modules/offboarding/departure-queries.server";
import { getAnonymitySettings } from "./anonymity-settings.server";
import type { EnpsDashboard } from "./enps-dashboard";
import { readEnpsDashboard } from "./enps-dashboard.server";
import { parseDashboardQuery, type DashboardQuery, type DepartmentSort } from "./enps-dashboard-query";
import { listSurveyOptions } from "./responses-overview.server";

/**
 * What the analytics page and its CSV downloads share: the query read and checked (a department or
 * survey that does not exist is a field error, like a malformed one: never a 500), the choices of
 * the filter form, and the dashboard's data for a valid query. `t` translates the `analytics`
 * namespace; the messages are the form edge's (ADR 013).
 */

export interface DashboardPage {
  errors: Record<string, string[]> | null;
  query: DashboardQuery | null;
  sort: DepartmentSort;
  departments: { id: string; name: string; depth: number }[];
  surveys: { id: string; name: string; archived: boolean }[];
  minGroupSize: number;
  dashboard: EnpsDashboard | null;
}

export async function loadDashboardPage(db: DB, params: URLSearchParams, locale: AppLocale, t: Translate): Promise<DashboardPage> {
  const [departments, surveys, anonymity] = await Promise.all([listDepartmentOptions(db), listSurveyOptions(db), getAnonymitySettings(db)]);
  const base = {
    departments: departments.map(({ id, name, depth }) => ({ id, name, depth })),
    surveys: surveys.map((survey) => ({ id: survey.id, name: localized(survey.name, locale), archived: survey.archived })),
    minGroupSize: anonymity.minBlockSize,
  };

  const parsed = parseDashboardQuery(params, locale, t);
  const errors: Record<string, string[]> = parsed.success ? {} : { ...parsed.errors };
  if (parsed.success && parsed.data.departmentId && !departments.some((d) => d.id === parsed.data.departmentId)) {
    errors.department = [t("filters.errors.department")];
  }
  if (parsed.success && parsed.data.surveyId && !surveys.some((s) => s.id === parsed.data.surveyId)) {
    errors.survey = [t("filters.errors.survey")];
  }
  if (!parsed.success || Object.keys(errors).length > 0) {
    return { ...base, errors, query: null, sort: parsed.success ? parsed.data.sort : "enps", dashboard: null };
  }
  const { sort, ...filters } = parsed.data;
  const dashboard = await readEnpsDashboard(db, filters);
  // k as the read model applied it (the settings could change between the two reads).
  return { ...base, minGroupSize: dashboard.k, errors: null, query: parsed.data, sort, dashboard };
}
