import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DepartmentFilter, FilterPanel, MonthRangeFilter, PageNav } from "~/components/list-filters";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { localized } from "~/modules/i18n/localized-text";
import { listDepartmentOptions } from "~/modules/offboarding/departure-queries.server";
import { ENPS_TONES, formatMonth } from "~/modules/responses/display";
import { parseResponseFilters } from "~/modules/responses/filters";
import { getAnonymitySettings } from "~/modules/responses/anonymity-settings.server";
import { listSurveyOptions, responsesOverview, type ResponsesOverview } from "~/modules/responses/responses-overview.server";
import { failureText } from "~/modules/i18n/failure-text";
import { groupFailures, isDomainFailure } from "~/utils/failures";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, formatNumber, formatPercent, toIsoString } from "~/utils/format";
import { invariantResponse, lastPageRedirect } from "~/utils/responses";

/** The filter form's values as the visitor sent them (shown back even when one is invalid). */
function submittedFilters(params: URLSearchParams) {
  return {
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    department: params.get("department") ?? "",
    survey: params.get("survey") ?? "",
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "responses");
  const url = new URL(request.url);
  const db = getDb();
  const [departments, surveys, anonymity] = await Promise.all([listDepartmentOptions(db), listSurveyOptions(db), getAnonymitySettings(db)]);
  const base = {
    locale,
    timeZone: getEnv().COMPANY_TIME_ZONE,
    submitted: submittedFilters(url.searchParams),
    departments: departments.map(({ id, name, depth }) => ({ id, name, depth })),
    surveys: surveys.map((survey) => ({ ...survey, name: localized(survey.name, locale) })),
    minGroupSize: anonymity.minBlockSize,
  };

  const parsed = parseResponseFilters(url.searchParams, locale, t);
  let errors = parsed.success ? null : parsed.errors;
  if (parsed.success && parsed.filters.departmentId && !departments.some((d) => d.id === parsed.filters.departmentId)) {
    errors = { department: [t("filters.errors.department")] };
  }
  if (parsed.success && parsed.filters.surveyId && !surveys.some((s) => s.id === parsed.filters.surveyId)) {
    errors = { ...errors, survey: [t("filters.errors.survey")] };
  }
  let overview: ResponsesOverview | null = null;
  if (parsed.success && !errors) {
    try {
      overview = await responsesOverview(db, parsed.filters, { userId: user.id });
    } catch (error) {
      if (!isDomainFailure(error)) throw error;
      errors = groupFailures(error.failures, (failure) => failureText(failure, locale)).fieldErrors;
    }
  }
  if (!overview) {
    // The page still renders (with the filters and what is wrong with them), answered as a 400.
    return json({ ...base, errors, overview: null }, { status: 400 });
  }

  const paths = new Map(departments.map((department) => [department.id, department.path]));
  const { confidential, results, rates } = overview;
  invariantResponse(confidential.page <= confidential.pageCount, () => lastPageRedirect(url, confidential.pageCount));
  return json({
    ...base,
    errors: null,
    overview: {
      // Survey names in the reader's language.
      rates: rates.map((rate) => ({ ...rate, surveyName: localized(rate.surveyName, locale) })),
      results: results.map((survey) => ({ ...survey, surveyName: localized(survey.surveyName, locale) })),
      confidential: {
        ...confidential,
        rows: confidential.rows.map((row) => ({
          ...row,
          surveyName: localized(row.surveyName, locale),
          department: row.departmentId ? (paths.get(row.departmentId) ?? "") : "",
        })),
      },
    },
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "list.title", "responses");

export default function ResponsesPage() {
  const { overview, errors, submitted, departments, surveys } = useLoaderData<typeof loader>();
  const { t } = useTranslation("responses");
  const fieldErrors = (name: string) => errors?.[name] ?? [];

  return (
    <div className="stack">
      <PageHeader title={t("list.title")} lead={t("list.lead")} />

      <FilterPanel
        namespace="responses"
        errors={errors}
        clearTo="/admin/responses"
        formClassName="responses-filters"
        actionsClassName="responses-filters__actions"
      >
        <MonthRangeFilter namespace="responses" submitted={submitted} invalid={(name) => fieldErrors(name).length > 0} />
        <DepartmentFilter namespace="responses" departments={departments} defaultValue={submitted.department} invalid={fieldErrors("department").length > 0} />
        <div className="field">
          <label htmlFor="filter-survey">{t("filters.survey")}</label>
          <select id="filter-survey" name="survey" defaultValue={submitted.survey} aria-invalid={fieldErrors("survey").length > 0 || undefined}>
            <option value="">{t("filters.anySurvey")}</option>
            {surveys.map((survey) => (
              <option key={survey.id} value={survey.id}>
                {survey.archived ? t("filters.archived", { name: survey.name }) : survey.name}
              </option>
            ))}
          </select>
        </div>
      </FilterPanel>

      {overview ? (
        <>
          <RatesSection rates={overview.rates} />
          <ResultsSection results={overview.results} />
          <ConfidentialSection confidential={overview.confidential} />
        </>
      ) : null}
    </div>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Overview = NonNullable<LoaderData["overview"]>;

function RatesSection({ rates }: { rates: Overview["rates"] }) {
  const { t } = useTranslation("responses");
  const { locale } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="rates-title">
      <h2 id="rates-title">{t("rates.title")}</h2>
      <p className="muted">{t("rates.lead")}</p>
      {rates.length === 0 ? (
        <EmptyState headingLevel={3} title={t("rates.empty")} />
      ) : (
        <TableScroll label={t("rates.tableLabel")}>
          <table className="table responses-table responses-rates">
            <thead>
              <tr>
                <th scope="col">{t("rates.columns.survey")}</th>
                <th scope="col">{t("rates.columns.versions")}</th>
                <th scope="col" className="responses-table__number">
                  {t("rates.columns.invited")}
                </th>
                <th scope="col" className="responses-table__number">
                  {t("rates.columns.started")}
                </th>
                <th scope="col" className="responses-table__number">
                  {t("rates.columns.finished")}
                </th>
                <th scope="col" className="responses-table__number">
                  {t("rates.columns.rate")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rates.map((rate) => (
                <tr key={rate.surveyId}>
                  <th scope="row" className="responses-table__name">
                    {rate.surveyName}
                  </th>
                  <td data-label={t("rates.columns.versions")}>{rate.versions.map((version) => `v${version}`).join(", ")}</td>
                  <td className="responses-table__number" data-label={t("rates.columns.invited")}>
                    {formatNumber(rate.invited, locale)}
                  </td>
                  <td className="responses-table__number" data-label={t("rates.columns.started")}>
                    {formatNumber(rate.started, locale)}
                  </td>
                  <td className="responses-table__number" data-label={t("rates.columns.finished")}>
                    {formatNumber(rate.finished, locale)}
                  </td>
                  <td className="responses-table__number" data-label={t("rates.columns.rate")}>
                    <strong>{rate.rate === null ? t("rates.noRate") : formatPercent(rate.rate, locale, { maximumFractionDigits: 0 })}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function ResultsSection({ results }: { results: Overview["results"] }) {
  const { t } = useTranslation("responses");
  const { locale, minGroupSize } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">{t("results.title")}</h2>
      <p className="muted">{t("results.lead")}</p>
      <p className="muted">{t("results.anonymousRule", { min: minGroupSize })}</p>
      {results.length === 0 ? (
        <EmptyState headingLevel={3} title={t("results.empty")} />
      ) : (
        <div className="responses-results">
          {results.map((result) => (
            <article key={`${result.surveyId}-${result.confidentiality}`} className="responses-result" aria-labelledby={`result-${result.surveyId}-${result.confidentiality}`}>
              <div className="responses-result__header">
                <h3 id={`result-${result.surveyId}-${result.confidentiality}`}>{result.surveyName}</h3>
                <StatusBadge tone={result.confidentiality === "anonymous" ? "info" : "neutral"}>{t(`results.modes.${result.confidentiality}`)}</StatusBadge>
              </div>
              {result.suppressed ? (
                <p className="responses-result__suppressed">{t("results.widerGroupsOnly")}</p>
              ) : (
                <ResultFigures result={result} locale={locale} />
              )}
            </article>
          ))}
        </div>
      )}
    </section>
  );
}

type ShownResult = Extract<Overview["results"][number], { suppressed: false }>;

function ResultFigures({ result, locale }: { result: ShownResult; locale: string }) {
  const { t } = useTranslation("responses");
  const share = (count: number) => (result.scored === 0 ? "" : formatPercent(count / result.scored, locale, { maximumFractionDigits: 0 }));
  const bands = [
    { key: "promoters", count: result.counts.promoters, className: "responses-band--promoters" },
    { key: "passives", count: result.counts.passives, className: "responses-band--passives" },
    { key: "detractors", count: result.counts.detractors, className: "responses-band--detractors" },
  ] as const;
  return (
    <>
      <div className="responses-result__figures">
        <p className="responses-result__enps">
          <span className="responses-result__enps-label">{t("results.enps")}</span>
          <span className="stat-figure">{result.enps === null ? "—" : formatNumber(result.enps, locale)}</span>
        </p>
        <p className="muted">
          {t("results.responses", { count: result.responses })}
          {result.blocks !== null ? ` · ${t("results.wholeBlocks", { count: result.blocks })}` : ""}
          {result.scored > 0 ? ` · ${t("results.scoredNote", { count: result.scored })}` : ` · ${t("results.enpsNone")}`}
        </p>
        {result.partialBlocksLeftOut ? <p className="muted">{t("results.partialBlocksLeftOut")}</p> : null}
      </div>
      {result.scored > 0 ? (
        <>
          <dl className="responses-bands">
            {bands.map((band) => (
              <div key={band.key} className="responses-band">
                <dt>{t(`results.bands.${band.key}`)}</dt>
                <dd>
                  {/* A <progress> rather than a styled bar: the CSP allows no inline styles. */}
                  <progress className={`responses-band__meter ${band.className}`} value={band.count} max={result.scored} aria-hidden="true" />
                  <span>{t("results.bandLine", { count: band.count, percent: share(band.count) })}</span>
                </dd>
              </div>
            ))}
          </dl>
          <TableScroll label={t("results.distributionLabel", { survey: result.surveyName })}>
            <table className="table responses-distribution">
              <caption className="visually-hidden">{t("results.distributionLabel", { survey: result.surveyName })}</caption>
              <tbody>
                <tr>
                  <th scope="row">{t("results.score")}</th>
                  {result.distribution.map((_, score) => (
                    <td key={score}>{score}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("results.count")}</th>
                  {result.distribution.map((count, score) => (
                    <td key={score}>{formatNumber(count, locale)}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : null}
    </>
  );
}

function ConfidentialSection({ confidential }: { confidential: Overview["confidential"] }) {
  const { t } = useTranslation("responses");
  const { locale, timeZone } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="confidential-title">
      <h2 id="confidential-title">{t("confidential.title")}</h2>
      <p className="muted">{t("confidential.lead")}</p>
      {confidential.rows.length === 0 ? (
        <EmptyState headingLevel={3} title={t("confidential.empty")} />
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t("confidential.count", { count: confidential.total })}
          </p>
          <TableScroll label={t("confidential.tableLabel")}>
            <table className="table responses-table">
              <thead>
                <tr>
                  <th scope="col">{t("confidential.columns.person")}</th>
                  <th scope="col">{t("confidential.columns.department")}</th>
                  <th scope="col">{t("confidential.columns.date")}</th>
                  <th scope="col">{t("confidential.columns.survey")}</th>
                  <th scope="col">{t("confidential.columns.enps")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("confidential.columns.answers")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {confidential.rows.map((row) => {
                  const name = row.personName ?? t("confidential.unknownPerson");
                  return (
                    <tr key={row.id}>
                      <td className="responses-table__name">
                        {row.departureId ? <Link to={`/admin/departures/${row.departureId}`}>{name}</Link> : <span className="muted">{name}</span>}
                      </td>
                      <td data-label={t("confidential.columns.department")}>{row.department}</td>
                      <td className="responses-table__date" data-label={t("confidential.columns.date")}>
                        {row.submittedAt ? (
                          <time dateTime={toIsoString(row.submittedAt)}>{formatDate(row.submittedAt, locale, { timeZone })}</time>
                        ) : (
                          formatMonth(row.periodMonth, locale)
                        )}
                      </td>
                      <td data-label={t("confidential.columns.survey")}>{t("confidential.surveyVersion", { name: row.surveyName, version: row.version })}</td>
                      <td data-label={t("confidential.columns.enps")}>
                        {row.enpsScore === null || row.enpsCategory === null ? (
                          "—"
                        ) : (
                          <>
                            <span className="responses-table__score">{row.enpsScore}</span>{" "}
                            <StatusBadge tone={ENPS_TONES[row.enpsCategory]}>{t(`enps.categories.${row.enpsCategory}`)}</StatusBadge>
                          </>
                        )}
                      </td>
                      <td className="responses-table__read">
                        <Link to={`/admin/responses/${row.id}`} aria-label={t("confidential.readLabel", { name })}>
                          {t("confidential.read")}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      <PageNav
        path="/admin/responses"
        page={confidential.page}
        pageCount={confidential.pageCount}
        className="responses-pagination"
        labels={{
          nav: t("confidential.pagination"),
          previous: t("confidential.previous"),
          next: t("confidential.next"),
          status: t("confidential.pageOf", { page: confidential.page, pages: confidential.pageCount }),
        }}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
