import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DepartmentFilter, FilterPanel, PageNav } from "~/components/list-filters";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { DIRECTORY_SEARCH_MAX } from "~/modules/alumni/profile";
import { listDirectory, mayBrowseDirectory, parseDirectoryQuery, type DirectoryEntry } from "~/modules/alumni/directory.server";
import { hasConsent } from "~/modules/alumni/consents.server";
import { requireRole } from "~/modules/auth/guards.server";
import { listDepartmentOptions } from "~/modules/offboarding/departure-queries.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { invariantResponse, lastPageRedirect } from "~/utils/responses";

/**
 * The alumni directory (docs/decisions/033), for alumni and for HR: the same list from the same
 * function. The loader's data holds only what each listed person chose to show (listDirectory
 * projects in SQL) and never an address.
 */

function submittedFilters(params: URLSearchParams) {
  return { q: params.get("q") ?? "", department: params.get("department") ?? "", year: params.get("year") ?? "" };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, t } = await requireRole(request, ["alumnus", "hr_admin"], "network");
  const db = getDb();
  const url = new URL(request.url);
  const submitted = submittedFilters(url.searchParams);
  const viewer = user.role === "hr_admin" ? ("hr" as const) : ("alumnus" as const);
  const [allowed, departments, listed] = await Promise.all([
    mayBrowseDirectory(db, user),
    listDepartmentOptions(db),
    viewer === "alumnus" ? hasConsent(db, user.id, "directory") : Promise.resolve(false),
  ]);
  const base = {
    viewer,
    listed,
    companyName: getEnv().COMPANY_NAME,
    submitted,
    departments: departments.map(({ id, name, depth }) => ({ id, name, depth })),
  };
  if (!allowed) return json({ ...base, allowed: false, errors: null, list: null });

  const parsed = parseDirectoryQuery(url.searchParams, t);
  let errors = parsed.success ? null : parsed.errors;
  if (parsed.success && parsed.filters.departmentId && !departments.some((d) => d.id === parsed.filters.departmentId)) {
    errors = { department: [t("directory.errors.department")] };
  }
  if (!parsed.success || errors) return json({ ...base, allowed: true, errors, list: null }, { status: 400 });

  const list = await listDirectory(db, parsed.filters, { userId: user.id });
  // Past the last page (the list shrank since the link was made): back to the first.
  invariantResponse(list.page === 1 || list.entries.length > 0, () => lastPageRedirect(url, 1));
  const filtered = Boolean(parsed.filters.name || parsed.filters.departmentId || parsed.filters.year);
  return json({ ...base, allowed: true, errors: null, list: { ...list, filtered } });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "directory.metaTitle", "network");

export default function AlumniDirectory() {
  const { viewer, listed, allowed, errors, list, submitted, departments } = useLoaderData<typeof loader>();
  const { t } = useTranslation("network");
  const invalid = (name: string) => (errors?.[name]?.length ?? 0) > 0 || undefined;

  return (
    <div className="stack directory-page">
      <PageHeader title={t("directory.title")} lead={t(viewer === "hr" ? "directory.leadHr" : "directory.lead")} />
      {viewer === "alumnus" && allowed ? (
        <p className="directory-self">
          {t(listed ? "directory.youAreListed" : "directory.youAreNotListed")} <Link to="/alumni/profile#directory">{t("directory.yourSettings")}</Link>
        </p>
      ) : null}
      {!allowed ? (
        <Alert tone="info">
          {t("directory.notMember")} <Link to="/alumni/preferences">{t("directory.toPreferences")}</Link>
        </Alert>
      ) : (
        <>
          <FilterPanel namespace="network" errors={errors} clearTo="/alumni/directory" formClassName="directory-filters" actionsClassName="directory-filters__actions">
            <div className="field">
              <label htmlFor="filter-q">{t("filters.name")}</label>
              <p id="filter-q-description" className="field__hint">
                {t("filters.nameHint")}
              </p>
              <input
                id="filter-q"
                type="search"
                name="q"
                defaultValue={submitted.q}
                maxLength={DIRECTORY_SEARCH_MAX}
                autoComplete="off"
                aria-describedby="filter-q-description"
                aria-invalid={invalid("q")}
              />
            </div>
            <DepartmentFilter namespace="network" departments={departments} defaultValue={submitted.department} invalid={Boolean(invalid("department"))} />
            <div className="field">
              <label htmlFor="filter-year">{t("filters.year")}</label>
              <p id="filter-year-description" className="field__hint">
                {t("filters.yearHint")}
              </p>
              <input
                id="filter-year"
                type="text"
                name="year"
                inputMode="numeric"
                maxLength={4}
                defaultValue={submitted.year}
                aria-describedby="filter-year-description"
                aria-invalid={invalid("year")}
              />
            </div>
          </FilterPanel>

          {list ? (
            <section aria-labelledby="directory-results-title" className="stack">
              <h2 id="directory-results-title" className="directory-results-title">
                {t("directory.count", { count: list.total })}
              </h2>
              {list.entries.length === 0 ? (
                <div className="card">
                  <EmptyState
                    headingLevel={3}
                    title={t(list.filtered ? "directory.noMatchTitle" : "directory.emptyTitle")}
                    description={t(list.filtered ? "directory.noMatchBody" : "directory.emptyBody")}
                  />
                </div>
              ) : (
                <ul className="directory-list">
                  {list.entries.map((entry, index) => (
                    <DirectoryCard key={`${index}-${entry.name}`} entry={entry} index={index} />
                  ))}
                </ul>
              )}
              <PageNav
                path="/alumni/directory"
                page={list.page}
                pageCount={list.pageCount}
                className="directory-pagination"
                labels={{
                  nav: t("directory.pagination"),
                  previous: t("directory.previous"),
                  next: t("directory.next"),
                  status: t("directory.pageOf", { page: list.page, pages: list.pageCount }),
                }}
              />
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function DirectoryCard({ entry, index }: { entry: DirectoryEntry; index: number }) {
  const { t } = useTranslation("network");
  const titleId = `directory-entry-${index}`;
  const work = entry.title && entry.company ? t("directory.titleAtCompany", { title: entry.title, company: entry.company }) : (entry.title ?? entry.company);
  const past = [entry.department, entry.leftYear !== undefined ? t("directory.leftIn", { year: entry.leftYear }) : undefined].filter(Boolean).join(" · ");
  return (
    <li className="card directory-card" aria-labelledby={titleId}>
      <h3 id={titleId} className="directory-card__name">
        {entry.name}
        {entry.self ? <span className="badge directory-card__self">{t("directory.you")}</span> : null}
      </h3>
      {work ? <p className="directory-card__work">{work}</p> : null}
      {past ? <p className="directory-card__past muted">{past}</p> : null}
      {entry.location ? <p className="directory-card__location">{entry.location}</p> : null}
      {entry.linkedinUrl ? (
        <p className="directory-card__link">
          <a href={entry.linkedinUrl} rel="noopener noreferrer nofollow" target="_blank" aria-describedby={titleId}>
            {t("directory.linkedin")}
          </a>
        </p>
      ) : null}
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
