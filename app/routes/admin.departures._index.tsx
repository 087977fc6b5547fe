import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DepartmentFilter, FilterPanel, PageNav } from "~/components/list-filters";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { todayIn } from "~/utils/calendar-days";
import { DEPARTURE_STATUS_TONES, UPCOMING_CHOICES, UPCOMING_MAX_DAYS } from "~/modules/offboarding/departure-display";
import { listDepartmentOptions, listDeparturesPage, parseDepartureListQuery } from "~/modules/offboarding/departure-queries.server";
import { DEPARTURE_STATUSES } from "~/modules/offboarding/types";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, formatNumber } from "~/utils/format";
import { invariantResponse, lastPageRedirect } from "~/utils/responses";

/** The filter form's values as the visitor sent them (shown back even when one is invalid). */
function submittedFilters(params: URLSearchParams) {
  return {
    q: params.get("q") ?? "",
    status: params.getAll("status"),
    department: params.get("department") ?? "",
    upcoming: params.get("upcoming") ?? "",
    overdue: params.get("overdue") ?? "",
    sort: params.get("sort") ?? "",
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await requireHrAdmin(request, "departures");
  const url = new URL(request.url);
  const db = getDb();
  const departments = await listDepartmentOptions(db);
  const submitted = submittedFilters(url.searchParams);
  const base = { locale, submitted, departments: departments.map(({ id, name, depth }) => ({ id, name, depth })) };

  const parsed = parseDepartureListQuery(url.searchParams, locale, t);
  let errors = parsed.success ? null : parsed.errors;
  if (parsed.success && parsed.filters.departmentId && !departments.some((d) => d.id === parsed.filters.departmentId)) {
    errors = { department: [t("filters.errors.unknownDepartment")] };
  }
  if (!parsed.success || errors) {
    // The page still renders (with the filters and what is wrong with them), answered as a 400.
    return json({ ...base, errors, list: null, filtered: true }, { status: 400 });
  }

  const { filters } = parsed;
  const page = await listDeparturesPage(db, filters, todayIn(getEnv().COMPANY_TIME_ZONE));
  invariantResponse(page.page <= page.pageCount, () => lastPageRedirect(url, page.pageCount));
  const paths = new Map(departments.map((department) => [department.id, department.path]));
  const filtered =
    filters.statuses.length > 0 || Boolean(filters.departmentId) || filters.upcomingDays !== undefined || filters.overdueOnly || Boolean(filters.search);
  return json({
    ...base,
    errors: null,
    filtered,
    list: {
      page: page.page,
      pageCount: page.pageCount,
      total: page.total,
      rows: page.rows.map((row) => ({
        id: row.id,
        name: row.employeeName,
        department: paths.get(row.departmentId) ?? "",
        type: row.type,
        status: row.status,
        lastDay: row.lastDay,
        tasksTotal: row.tasksTotal,
        tasksFinished: row.tasksFinished,
        tasksOverdue: row.tasksOverdue,
      })),
    },
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "list.title", "departures");

/** The current query string with some parameters replaced (or removed with null). */
function withParams(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export default function DeparturesList() {
  const { list, errors, submitted, departments, locale, filtered } = useLoaderData<typeof loader>();
  const { t } = useTranslation("departures");
  const location = useLocation();
  const exportHref = `/admin/departures/export.csv${withParams(location.search, { page: null })}`;
  const upcomingChoices: number[] = [...UPCOMING_CHOICES];
  const submittedUpcoming = Number(submitted.upcoming);
  if (Number.isInteger(submittedUpcoming) && submittedUpcoming >= 1 && submittedUpcoming <= UPCOMING_MAX_DAYS && !upcomingChoices.includes(submittedUpcoming)) {
    upcomingChoices.push(submittedUpcoming);
    upcomingChoices.sort((a, b) => a - b);
  }
  const fieldErrors = (name: string) => errors?.[name] ?? [];

  return (
    <div className="stack">
      <PageHeader
        title={t("list.title")}
        lead={t("list.lead")}
        actions={
          <>
            <ButtonLink to="/admin/departures/new">{t("list.newDeparture")}</ButtonLink>
            <ButtonLink to="/admin/departures/import" variant="ghost">
              {t("list.importCsv")}
            </ButtonLink>
            {/* A file download: a plain link, so the browser saves it instead of Remix routing to it. */}
            <a href={exportHref} className="button button--ghost" download>
              {t("list.exportCsv")}
            </a>
          </>
        }
      />

      <FilterPanel
        namespace="departures"
        errors={errors}
        clearTo="/admin/departures"
        className="departures-filters"
        formClassName="departures-filters__form"
        actionsClassName="departures-filters__actions"
      >
        <div className="field departures-filters__search">
          <label htmlFor="filter-q">{t("filters.search")}</label>
          <p id="filter-q-description" className="field__hint">
            {t("filters.searchHint")}
          </p>
          <input
            id="filter-q"
            type="search"
            name="q"
            defaultValue={submitted.q}
            maxLength={200}
            aria-describedby="filter-q-description"
            aria-invalid={fieldErrors("q").length > 0 || undefined}
          />
        </div>
        <fieldset className="departures-filters__statuses">
          <legend>{t("filters.status")}</legend>
          {DEPARTURE_STATUSES.map((status) => (
            <label key={status} className="departures-filters__check">
              <input type="checkbox" name="status" value={status} defaultChecked={submitted.status.includes(status)} />
              {t(`statuses.${status}`)}
            </label>
          ))}
        </fieldset>
        <DepartmentFilter namespace="departures" departments={departments} defaultValue={submitted.department} invalid={fieldErrors("department").length > 0} />
        <div className="field">
          <label htmlFor="filter-upcoming">{t("filters.upcoming")}</label>
          <select
            id="filter-upcoming"
            name="upcoming"
            defaultValue={submitted.upcoming}
            aria-invalid={fieldErrors("upcoming").length > 0 || undefined}
          >
            <option value="">{t("filters.anyTime")}</option>
            {upcomingChoices.map((days) => (
              <option key={days} value={String(days)}>
                {t("filters.nextDays", { count: days })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-sort">{t("filters.sort")}</label>
          <select id="filter-sort" name="sort" defaultValue={submitted.sort || "last_day_desc"}>
            <option value="last_day_desc">{t("filters.sortDesc")}</option>
            <option value="last_day_asc">{t("filters.sortAsc")}</option>
          </select>
        </div>
        <div className="field field--check departures-filters__overdue">
          <div className="field__check-row">
            <input id="filter-overdue" type="checkbox" name="overdue" value="1" defaultChecked={submitted.overdue !== ""} />
            <label htmlFor="filter-overdue">{t("filters.overdue")}</label>
          </div>
        </div>
      </FilterPanel>

      {list ? (
        list.rows.length === 0 ? (
          filtered || list.page > 1 ? (
            <EmptyState title={t("list.noMatchTitle")} description={t("list.noMatchBody")} />
          ) : (
            <EmptyState
              title={t("list.emptyTitle")}
              description={t("list.emptyBody")}
              action={<ButtonLink to="/admin/departures/new">{t("list.newDeparture")}</ButtonLink>}
            />
          )
        ) : (
          <>
            <p className="muted" aria-live="polite">
              {t("list.count", { count: list.total, formatted: formatNumber(list.total, locale) })}
            </p>
            <TableScroll label={t("list.tableLabel")}>
              <table className="table departures-table">
                <thead>
                  <tr>
                    <th scope="col">{t("list.columns.name")}</th>
                    <th scope="col">{t("list.columns.department")}</th>
                    <th scope="col">{t("list.columns.type")}</th>
                    <th scope="col">{t("list.columns.lastDay")}</th>
                    <th scope="col">{t("list.columns.status")}</th>
                    <th scope="col">{t("list.columns.progress")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.rows.map((row) => (
                    <tr key={row.id}>
                      <td>
                        <Link to={`/admin/departures/${row.id}`} className="departures-table__name">
                          {row.name}
                        </Link>
                      </td>
                      <td data-label={t("list.columns.department")}>{row.department}</td>
                      <td data-label={t("list.columns.type")}>{t(`types.${row.type}`)}</td>
                      <td className="departures-table__date" data-label={t("list.columns.lastDay")}>
                        <time dateTime={row.lastDay}>{formatDate(row.lastDay, locale)}</time>
                      </td>
                      <td data-label={t("list.columns.status")}>
                        <StatusBadge tone={DEPARTURE_STATUS_TONES[row.status]}>{t(`statuses.${row.status}`)}</StatusBadge>
                      </td>
                      <td className="departures-table__progress" data-label={t("list.columns.progress")}>
                        {row.tasksTotal === 0 ? (
                          <span className="muted">{t("list.noTasks")}</span>
                        ) : (
                          <>
                            {/* A <progress> rather than a styled bar: the CSP allows no inline styles. */}
                            <progress className="departures-table__meter" value={row.tasksFinished} max={row.tasksTotal} aria-hidden="true" />
                            <span>{t("list.progress", { done: row.tasksFinished, total: row.tasksTotal })}</span>
                            {row.tasksOverdue > 0 ? (
                              <StatusBadge tone="danger">{t("list.overdue", { count: row.tasksOverdue })}</StatusBadge>
                            ) : null}
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )
      ) : null}

      {list ? (
        <PageNav
          path="/admin/departures"
          page={list.page}
          pageCount={list.pageCount}
          className="departures-pagination"
          labels={{
            nav: t("list.pagination"),
            previous: t("list.previous"),
            next: t("list.next"),
            status: t("list.pageOf", { page: list.page, pages: list.pageCount }),
          }}
        />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
