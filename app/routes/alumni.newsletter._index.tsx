import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireRole } from "~/modules/auth/guards.server";
import { listSentIssues, mayReadArchive } from "~/modules/newsletter/archive.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, toIsoString } from "~/utils/format";
import { forbidden } from "~/utils/responses";

/** The newsletter's archive (issue 12): every sent issue, newest first, for alumni with an active profile and HR. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale } = await requireRole(request, ["alumnus", "hr_admin"], "newsletter");
  const db = getDb();
  if (!(await mayReadArchive(db, user))) throw forbidden();
  const env = getEnv();
  return json({ issues: await listSentIssues(db, locale), locale, companyName: env.COMPANY_NAME, timeZone: env.COMPANY_TIME_ZONE });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "archive.metaTitle", "newsletter");

export default function NewsletterArchive() {
  const { t } = useTranslation("newsletter");
  const { issues, locale, companyName, timeZone } = useLoaderData<typeof loader>();
  return (
    <div className="stack narrow-page">
      <PageHeader title={t("archive.title")} lead={t("archive.lead", { company: companyName })} />
      <section className="card" aria-labelledby="archive-list-title">
        <h2 id="archive-list-title" className="visually-hidden">
          {t("archive.title")}
        </h2>
        {issues.length === 0 ? (
          <EmptyState headingLevel={3} title={t("archive.emptyTitle")} description={t("archive.emptyBody")} />
        ) : (
          <ul className="newsletter-archive-list">
            {issues.map((issue) => (
              <li key={issue.id}>
                <h3>
                  <Link to={`/alumni/newsletter/${issue.id}`}>{issue.subject}</Link>
                </h3>
                {issue.sentAt ? (
                  <p className="muted">
                    <time dateTime={toIsoString(issue.sentAt)}>{t("archive.sentOn", { date: formatDate(issue.sentAt, locale, { timeZone }) })}</time>
                  </p>
                ) : null}
                {issue.preheader ? <p>{issue.preheader}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
