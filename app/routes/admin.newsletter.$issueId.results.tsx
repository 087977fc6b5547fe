import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useMatches } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { issueHeading, issueStatistics, recipientOutcomes, topClickedItems, type RecipientOutcome } from "~/modules/newsletter/statistics.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDateTime, formatNumber, formatPercent } from "~/utils/format";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/**
 * An issue's Results tab (HR admins): delivery, bounces, complaints, unsubscribes, clicks and opens
 * with the caveat opens need, the most clicked items, and the addresses with an outcome, 50 a page
 * by keyset. A child of the issue's layout route (admin.newsletter.$issueId) but loads all it shows
 * itself, so it renders alone too: then it has the page's <h1>; under the layout (which names the
 * issue in its own <h1> and tabs) its title is an <h2>.
 */

const ISSUE_LAYOUT_ROUTE = "routes/admin.newsletter.$issueId";

const querySchema = z.object({ after: z.coerce.number().int().min(0).max(2_147_483_647).optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "deliverability");
  const issueId = requireIdParam(params.issueId);
  const db = getDb();
  const heading = await issueHeading(db, issueId);
  if (!heading) throw notFound();
  // A malformed page position shows the first page rather than an error: it only ever comes from our own links.
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const after = query.success ? (query.data.after ?? null) : null;
  const [statistics, items, outcomes] = await Promise.all([issueStatistics(db, issueId), topClickedItems(db, issueId), recipientOutcomes(db, issueId, { after })]);
  return json({ issueId, subject: heading.subject, statistics, items, outcomes, after, timeZone: getEnv().COMPANY_TIME_ZONE });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results.metaTitle", "deliverability");

const OUTCOME_TONE: Record<RecipientOutcome, "danger" | "warning" | "neutral"> = {
  hardBounce: "danger",
  softBounce: "warning",
  complained: "danger",
  unsubscribed: "neutral",
};

export default function IssueResultsPage() {
  const { t, i18n } = useTranslation("deliverability");
  const { issueId, subject, statistics, items, outcomes, after, timeZone } = useLoaderData<typeof loader>();
  const underLayout = useMatches().some((match) => match.id === ISSUE_LAYOUT_ROUTE);
  const locale = i18n.language;
  const number = (value: number) => formatNumber(value, locale, { maximumFractionDigits: 0 });
  const share = (value: number | null) => (value === null ? t("results.noRate") : t("results.rate", { rate: formatPercent(value, locale, { maximumFractionDigits: 1 }) }));
  const figures: { key: string; value: number; rate?: number | null; sub?: boolean }[] = [
    { key: "recipients", value: statistics.recipients },
    { key: "submitted", value: statistics.submitted },
    { key: "delivered", value: statistics.delivered },
    { key: "bounced", value: statistics.bounced.total, rate: statistics.rates.bounced },
    { key: "hardBounced", value: statistics.bounced.hard, sub: true },
    { key: "softBounced", value: statistics.bounced.soft, sub: true },
    { key: "complained", value: statistics.complained, rate: statistics.rates.complained },
    { key: "unsubscribed", value: statistics.unsubscribed, rate: statistics.rates.unsubscribed },
    { key: "uniqueClicks", value: statistics.clicks.unique, rate: statistics.rates.uniqueClicks },
    { key: "totalClicks", value: statistics.clicks.total },
    { key: "opens", value: statistics.opens, rate: statistics.rates.opens },
  ];

  return (
    <div className="stack">
      {underLayout ? (
        <div>
          <h2>{t("results.title", { subject: subject ?? t("results.untitled") })}</h2>
          <p className="muted">{t("results.lead")}</p>
        </div>
      ) : (
        <PageHeader title={t("results.title", { subject: subject ?? t("results.untitled") })} lead={t("results.lead")} actions={<Link to="/admin/newsletter">{t("results.back")}</Link>} />
      )}

      <section className="card" aria-labelledby="results-figures-title">
        <h2 id="results-figures-title">{t("results.figuresTitle")}</h2>
        <dl className="stat-list">
          {figures.map((figure) => (
            <div key={figure.key} className="stat-list__row">
              <dt>{figure.sub ? <span className="muted">{t(`results.figures.${figure.key}`)}</span> : t(`results.figures.${figure.key}`)}</dt>
              <dd>
                {number(figure.value)}
                {figure.rate !== undefined ? <span className="muted"> ({share(figure.rate)})</span> : null}
              </dd>
            </div>
          ))}
        </dl>
        <Alert tone="info">
          <p>{t("results.opensCaveat")}</p>
        </Alert>
      </section>

      <section className="card" aria-labelledby="results-items-title">
        <h2 id="results-items-title">{t("results.itemsTitle")}</h2>
        {items.length === 0 ? (
          <EmptyState headingLevel={3} title={t("results.itemsEmpty")} />
        ) : (
          <TableScroll label={t("results.itemsLabel")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("results.itemColumns.item")}</th>
                  <th scope="col">{t("results.itemColumns.people")}</th>
                  <th scope="col">{t("results.itemColumns.clicks")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={`${item.feedItemId ?? ""}|${item.label}`}>
                    <th scope="row">{item.feedItemId ? <Link to={`/admin/feed/${item.feedItemId}`}>{item.label}</Link> : item.label}</th>
                    <td data-label={t("results.itemColumns.people")}>{number(item.people)}</td>
                    <td data-label={t("results.itemColumns.clicks")}>{number(item.clicks)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section className="card" aria-labelledby="results-outcomes-title">
        <h2 id="results-outcomes-title">{t("results.outcomesTitle")}</h2>
        {outcomes.rows.length === 0 && after === null ? (
          <EmptyState headingLevel={3} title={t("results.outcomesEmpty")} />
        ) : (
          <>
            <TableScroll label={t("results.outcomesLabel")}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("results.outcomeColumns.email")}</th>
                    <th scope="col">{t("results.outcomeColumns.outcome")}</th>
                    <th scope="col">{t("results.outcomeColumns.when")}</th>
                  </tr>
                </thead>
                <tbody>
                  {outcomes.rows.map((row) => (
                    <tr key={row.recipientNo}>
                      <th scope="row">{row.email ?? <span className="muted">{t("results.erased")}</span>}</th>
                      <td data-label={t("results.outcomeColumns.outcome")}>
                        {row.outcomes.map((entry) => (
                          <StatusBadge key={entry.outcome} tone={OUTCOME_TONE[entry.outcome]}>
                            {t(`results.outcomes.${entry.outcome}`)}
                          </StatusBadge>
                        ))}
                      </td>
                      <td data-label={t("results.outcomeColumns.when")}>{row.outcomes.map((entry) => formatDateTime(entry.at, locale, { timeZone })).join(" · ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <nav className="inline-form" aria-label={t("results.outcomesLabel")}>
              {after !== null ? <Link to={`/admin/newsletter/${issueId}/results`}>{t("results.first")}</Link> : null}
              {outcomes.next !== null ? <Link to={`/admin/newsletter/${issueId}/results?after=${outcomes.next}`}>{t("results.more")}</Link> : null}
            </nav>
          </>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
