/**
 * The pieces HR's filtered lists share (departures, exit survey responses): the filter panel, the
 * department filter and the page links. The panel is a GET form, so a filtered list has an address
 * to bookmark and works without JavaScript; its texts are the `filters.*` strings of the page's
 * namespace (title, invalidTitle, apply, clear, department, departmentHint, anyDepartment).
 *
 *   <FilterPanel namespace="responses" errors={errors} clearTo="/admin/responses" formClassName="responses-filters"
 *                actionsClassName="responses-filters__actions">
 *     <DepartmentFilter namespace="responses" departments={departments} defaultValue={submitted.department}
 *                       invalid={fieldErrors("department").length > 0} />
 *   </FilterPanel>
 *   <PageNav path="/admin/responses" page={2} pageCount={5} className="responses-pagination" labels={…} />
 */
import { Form, useLocation } from "@remix-run/react";
import { pageHref } from "~/utils/query-params";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "./alert";
import { Button, ButtonLink } from "./button";

export interface FilterPanelProps {
  namespace: string;
  /** What is wrong with the query, by parameter; null when nothing is. */
  errors: Record<string, string[]> | null;
  /** The list's bare address, for "Clear". */
  clearTo: string;
  className?: string;
  formClassName: string;
  actionsClassName: string;
  children: ReactNode;
}

export function FilterPanel({ namespace, errors, clearTo, className, formClassName, actionsClassName, children }: FilterPanelProps) {
  const { t } = useTranslation(namespace);
  const location = useLocation();
  return (
    <section className={["card", className].filter(Boolean).join(" ")} aria-labelledby="filters-title">
      <h2 id="filters-title" className="visually-hidden">
        {t("filters.title")}
      </h2>
      {errors ? (
        <Alert tone="error" title={t("filters.invalidTitle")}>
          <ul>
            {Object.values(errors)
              .flat()
              .map((message) => (
                <li key={message}>{message}</li>
              ))}
          </ul>
        </Alert>
      ) : null}
      {/* Keyed by the query: after "Clear" or a back button the fields show what the address says. */}
      <Form method="get" className={formClassName} key={location.search}>
        {children}
        <div className={actionsClassName}>
          <Button size="small">{t("filters.apply")}</Button>
          {location.search ? (
            <ButtonLink to={clearTo} variant="ghost" size="small">
              {t("filters.clear")}
            </ButtonLink>
          ) : null}
        </div>
      </Form>
    </section>
  );
}

export interface DepartmentFilterProps {
  namespace: string;
  /** The department tree in display order; each option is indented by its depth. */
  departments: readonly { id: string; name: string; depth: number }[];
  defaultValue: string;
  invalid: boolean;
}

/** A department, and everything under it. */
export function DepartmentFilter({ namespace, departments, defaultValue, invalid }: DepartmentFilterProps) {
  const { t } = useTranslation(namespace);
  return (
    <div className="field">
      <label htmlFor="filter-department">{t("filters.department")}</label>
      <p id="filter-department-description" className="field__hint">
        {t("filters.departmentHint")}
      </p>
      <select
        id="filter-department"
        name="department"
        defaultValue={defaultValue}
        aria-describedby="filter-department-description"
        aria-invalid={invalid || undefined}
      >
        <option value="">{t("filters.anyDepartment")}</option>
        {departments.map((department) => (
          <option key={department.id} value={department.id}>
            {"\u00a0\u00a0".repeat(department.depth)}
            {department.name}
          </option>
        ))}
      </select>
    </div>
  );
}


export interface PageNavProps {
  /** The list's path; the links keep the current query (its filters) and change the page. */
  path: string;
  page: number;
  pageCount: number;
  /** The nav's class; its status line gets `<className>__status`. */
  className: string;
  labels: { nav: string; previous: string; next: string; status: string };
}

/** Previous · "page 2 of 5" · Next; nothing when everything fits on the first page. */
export function PageNav({ path, page, pageCount, className, labels }: PageNavProps) {
  const { search } = useLocation();
  if (pageCount <= 1 && page <= 1) return null;
  return (
    <nav aria-label={labels.nav} className={className}>
      {page > 1 ? (
        <ButtonLink to={pageHref(path, search, page - 1)} variant="ghost" size="small" rel="prev">
          {labels.previous}
        </ButtonLink>
      ) : null}
      <span className={`${className}__status`}>{labels.status}</span>
      {page < pageCount ? (
        <ButtonLink to={pageHref(path, search, page + 1)} variant="ghost" size="small" rel="next">
          {labels.next}
        </ButtonLink>
      ) : null}
    </nav>
  );
}

interface MonthRangeFilterProps {
  /** The page's namespace: it holds `filters.from`, `filters.to` and `filters.monthHint`. */
  namespace: string;
  submitted: { from?: string; to?: string };
  /** Whether the named field ("from" or "to") has an error. */
  invalid: (name: "from" | "to") => boolean;
}

/** The "from" and "to" months of a period filter, with the hint for browsers without a month picker. */
export function MonthRangeFilter({ namespace, submitted, invalid }: MonthRangeFilterProps) {
  const { t } = useTranslation(namespace);
  return (
    <>
      {(["from", "to"] as const).map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`filter-${name}`}>{t(`filters.${name}`)}</label>
          <p id={`filter-${name}-description`} className="field__hint">
            {t("filters.monthHint")}
          </p>
          <input
            id={`filter-${name}`}
            type="month"
            name={name}
            defaultValue={submitted[name]}
            min="2000-01"
            max="2100-12"
            pattern="\d{4}-\d{2}"
            placeholder="2026-01"
            aria-describedby={`filter-${name}-description`}
            aria-invalid={invalid(name) || undefined}
          />
        </div>
      ))}
    </>
  );
}
