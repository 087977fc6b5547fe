import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localeFromMatches, titleWithAppName } from "~/components/page-title";
import { requireRole } from "~/modules/auth/guards.server";
import { loadArchiveIssue, mayReadArchive } from "~/modules/newsletter/archive.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, toIsoString } from "~/utils/format";
import { isUuid } from "~/utils/ids";
import { forbidden, notFound } from "~/utils/responses";

/**
 * One sent issue as a page of the portal, in the reader's language. A reader who received it gets
 * the tracked links of their email; anyone else the items' own addresses (nothing is written on
 * GET; see archive.server.ts and ADR 024).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale } = await requireRole(request, ["alumnus", "hr_admin"], "newsletter");
  const db = getDb();
  if (!(await mayReadArchive(db, user))) throw forbidden();
  const issue = isUuid(params.issueId) ? await loadArchiveIssue(db, params.issueId, { userId: user.id, locale }) : undefined;
  if (!issue) throw notFound("No sent newsletter issue with this id.");
  return json({ issue, locale, timeZone: getEnv().COMPANY_TIME_ZONE });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: titleWithAppName(localeFromMatches(matches), data?.issue.subject ?? "Newsletter") }];

export default function ArchivedIssue() {
  const { t } = useTranslation("newsletter");
  const { issue, locale, timeZone } = useLoaderData<typeof loader>();
  return (
    <article className="stack newsletter-issue">
      <p>
        <Link to="/alumni/newsletter">{t("archive.back")}</Link>
      </p>
      <header>
        <h1>{issue.subject}</h1>
        {issue.sentAt ? (
          <p className="muted">
            <time dateTime={toIsoString(issue.sentAt)}>{t("archive.sentOn", { date: formatDate(issue.sentAt, locale, { timeZone }) })}</time>
          </p>
        ) : null}
      </header>
      {/* Sanitised with the newsletter's strict allow-list (content.server.ts introHtml). */}
      {issue.introHtml ? <div className="newsletter-issue__intro" dangerouslySetInnerHTML={{ __html: issue.introHtml }} /> : null}
      {issue.sections.map((section, index) => (
        <section key={index} aria-labelledby={`section-${index}`}>
          <h2 id={`section-${index}`} className="newsletter-issue__section-title">
            {section.title}
          </h2>
          {section.items.map((item) => (
            <div key={item.id} className="newsletter-issue__item">
              {item.imagePath ? <img src={item.imagePath} alt="" loading="lazy" /> : null}
              <h3>
                <a href={item.href} rel="noopener">
                  {item.title}
                </a>
              </h3>
              <p className="muted">{t("archive.from", { source: item.source, date: formatDate(item.day, locale) })}</p>
              {item.summary ? <p>{item.summary}</p> : null}
              <a href={item.href} rel="noopener" aria-label={`${t("archive.read")}: ${item.title}`}>
                {t("archive.read")}
              </a>
            </div>
          ))}
        </section>
      ))}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
