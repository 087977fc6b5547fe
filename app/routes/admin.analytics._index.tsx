import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EnpsDashboardSections } from "~/components/analytics/enps-dashboard";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DepartmentFilter, FilterPanel, MonthRangeFilter } from "~/components/list-filters";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { DEPARTURE_TYPES } from "~/modules/offboarding/types";
import { loadDashboardPage } from "~/modules/responses/enps-dashboard-page.server";
import { getDb } from "~/utils/db.server";
import analyticsStyles from "~/styles/analytics.css";

/**
 * HR's eNPS dashboard (issue 13): exit and alumni pulse eNPS over time with their margins, by
 * department, the 0–10 distribution and the class split, themes of comments, reasons for leaving,
 * regrettable departures and exits per month — for a period, a department subtree, a departure type
 * and a survey. Server-rendered SVG charts that read without JavaScript and print, each with its
 * table and its CSV download (admin.analytics.export.$file.ts). Every figure comes from
 * `readEnpsDashboard`, which withholds confidential groups under k and reads anonymous answers by
 * whole blocks (ADR 008); `GET /api/v1/metrics/enps` answers the same data.
 */

export const links: LinksFunction = () => [{ rel: "stylesheet", href: analyticsStyles }];

/** The filter form's values as the visitor sent them (shown back even when one is invalid). */
function submittedFilters(params: URLSearchParams) {
  const value = (name: string) => params.get(name) ?? "";
  return { from: value("from"), to: value("to"), department: value("department"), departureType: value("departureType"), survey: value("survey") };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await requireHrAdmin(request, "analytics");
  const url = new URL(request.url);
  const page = await loadDashboardPage(getDb(), url.searchParams, locale, t);
  // A bad filter still renders the page (the form, and what is wrong with it), answered as a 400.
  return json({ ...page, submitted: submittedFilters(url.searchParams), search: url.search }, { status: page.errors ? 400 : 200 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "page.metaTitle", "analytics");

export default function AnalyticsPage() {
  const { errors, submitted, departments, surveys, dashboard, sort, minGroupSize, search } = useLoaderData<typeof loader>();
  const { t } = useTranslation("analytics");
  const invalid = (name: string) => (errors?.[name]?.length ?? 0) > 0 || undefined;

  return (
    <div className="stack analytics-page">
      <PageHeader title={t("page.title")} lead={t("page.lead")} />

      <FilterPanel
        namespace="analytics"
        errors={errors}
        clearTo="/admin/analytics"
        className="analytics-filters-panel"
        formClassName="analytics-filters"
        actionsClassName="analytics-filters__actions"
      >
        <MonthRangeFilter namespace="analytics" submitted={submitted} invalid={(name) => invalid(name) ?? false} />
        <DepartmentFilter namespace="analytics" departments={departments} defaultValue={submitted.department} invalid={invalid("department") ?? false} />
        <div className="field">
          <label htmlFor="filter-departure-type">{t("filters.departureType")}</label>
          <select id="filter-departure-type" name="departureType" defaultValue={submitted.departureType} aria-invalid={invalid("departureType")}>
            <option value="">{t("filters.anyDepartureType")}</option>
            {DEPARTURE_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`departures:types.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-survey">{t("filters.survey")}</label>
          <select id="filter-survey" name="survey" defaultValue={submitted.survey} aria-invalid={invalid("survey")}>
            <option value="">{t("filters.anySurvey")}</option>
            {surveys.map((survey) => (
              <option key={survey.id} value={survey.id}>
                {survey.archived ? t("filters.archived", { name: survey.name }) : survey.name}
              </option>
            ))}
          </select>
        </div>
        {/* The department chart's order survives a change of filters. */}
        <input type="hidden" name="sort" value={sort} />
      </FilterPanel>

      <section className="card analytics-explain" aria-labelledby="analytics-explain-title">
        <h2 id="analytics-explain-title">{t("page.explainTitle")}</h2>
        <p>{t("page.explainEnps")}</p>
        <p>{t("page.explainMargin")}</p>
        <p>{t("page.explainK", { k: minGroupSize })}</p>
      </section>

      {dashboard ? <EnpsDashboardSections dashboard={dashboard} sort={sort} search={search} /> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
