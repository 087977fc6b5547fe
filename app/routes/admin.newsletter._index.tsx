import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { ISSUE_STATUS_TONES } from "~/modules/newsletter/issue";
import { listIssues } from "~/modules/newsletter/issues.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDateTime, toIsoString } from "~/utils/format";

/** HR's list of newsletter issues (issue 12): subject, status, when created, when scheduled or sent. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "newsletter");
  const issues = await listIssues(getDb(), { locale });
  return json({ issues, locale, timeZone: getEnv().COMPANY_TIME_ZONE });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "list.metaTitle", "newsletter");

export default function NewsletterIssuesPage() {
  const { t } = useTranslation("newsletter");
  const { issues, locale, timeZone } = useLoaderData<typeof loader>();
  const when = (value: string) => <time dateTime={toIsoString(value)}>{formatDateTime(value, locale, { timeZone })}</time>;
  return (
    <div className="stack">
      <PageHeader title={t("list.title")} lead={t("list.lead")} actions={
          <div className="button-row">
            <ButtonLink to="/admin/newsletter/suppressions" variant="ghost">
              {t("list.suppressions")}
            </ButtonLink>
            <ButtonLink to="/admin/newsletter/new">{t("list.new")}</ButtonLink>
          </div>
        } />
      {issues.length === 0 ? (
        <div className="card">
          <EmptyState title={t("list.emptyTitle")} description={t("list.emptyBody")} action={<ButtonLink to="/admin/newsletter/new">{t("list.new")}</ButtonLink>} />
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("list.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("list.columns.subject")}</th>
                <th scope="col">{t("list.columns.status")}</th>
                <th scope="col">{t("list.columns.created")}</th>
                <th scope="col">{t("list.columns.scheduledOrSent")}</th>
              </tr>
            </thead>
            <tbody>
              {issues.map((issue) => {
                const date = issue.status === "sent" ? issue.finishedAt : issue.scheduledAt;
                return (
                  <tr key={issue.id}>
                    <td>
                      <Link to={`/admin/newsletter/${issue.id}`}>{issue.subject}</Link>
                    </td>
                    <td>
                      <StatusBadge tone={ISSUE_STATUS_TONES[issue.status]}>{t(`statuses.${issue.status}`)}</StatusBadge>
                    </td>
                    <td>{when(issue.createdAt)}</td>
                    <td>{date ? when(date) : t("list.notScheduled")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
