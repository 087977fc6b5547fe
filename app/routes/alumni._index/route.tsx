import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { PointsCard } from "~/components/advocacy/points-card";
import { alumniPointsView } from "~/modules/advocacy/points.server";
import { hasConsent } from "~/modules/alumni/consents.server";
import { requireRole } from "~/modules/auth/guards.server";
import { STAFF_ROLES } from "~/modules/auth/users.server";
import { shareFeed } from "~/modules/feeds/share-feed.server";
import { mayBeAskedToShare } from "~/modules/scoring/segments.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { FeedCardView, useFeedCardLabels } from "./feed-card";

/**
 * The alumnus's home is the share feed (issue 11): company news and outside articles HR approved,
 * in the order the mix rule gives, each with buttons to share it on LinkedIn, X or Facebook. Only
 * alumni who chose the share feed see it (the consent ledger's `share_feed`); the others are told
 * where to turn it on, except detractors, who are never nudged to share (ADR 029). Staff open it to
 * preview what alumni see, without share buttons.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale } = await requireRole(request, ["alumnus", ...STAFF_ROLES], "alumni");
  const db = getDb();
  const preview = user.role !== "alumnus";
  const consented = preview || (await hasConsent(db, user.id, "share_feed"));
  const [cards, points] = consented ? await Promise.all([shareFeed(db), preview ? null : alumniPointsView(db, user.id, new Date())]) : [[], null];
  const nudge = !consented && (await mayBeAskedToShare(db, user.id));
  return json({ name: user.name, companyName: getEnv().COMPANY_NAME, preview, consented, nudge, locale, cards, points });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "alumniHome.title");

export default function AlumniHome() {
  const { name, companyName, preview, consented, nudge, locale, cards, points } = useLoaderData<typeof loader>();
  const { t } = useTranslation("alumni");
  const labels = useFeedCardLabels(companyName);
  return (
    <div className="feed-page">
      <PageHeader title={t("alumniHome.title", { ns: "common" })} lead={t("alumniHome.lead", { ns: "common", name, company: companyName })} />
      {preview ? <Alert tone="info">{t("feed.preview")}</Alert> : null}
      <div className="feed-layout">
        <section className="feed-layout__main" aria-labelledby="share-feed-title">
          <h2 id="share-feed-title">{t("feed.title")}</h2>
          {!consented ? (
            <div className="card">
              {nudge ? (
                <EmptyState
                  headingLevel={3}
                  title={t("feed.offTitle")}
                  description={t("feed.offBody", { company: companyName })}
                  action={<Link to="/alumni/preferences">{t("feed.turnOn")}</Link>}
                />
              ) : (
                <EmptyState headingLevel={3} title={t("feed.offTitle")} description={t("feed.offBodyQuiet", { company: companyName })} />
              )}
            </div>
          ) : cards.length === 0 ? (
            <div className="card">
              <EmptyState headingLevel={3} title={t("feed.emptyTitle")} description={t("feed.emptyBody")} />
            </div>
          ) : (
            <>
              <p className="muted">{t("feed.lead", { company: companyName })}</p>
              <ol className="feed-list">
                {cards.map((card, index) => (
                  <FeedCardView key={card.id} card={card} index={index} labels={labels} locale={locale} canShare={!preview} />
                ))}
              </ol>
            </>
          )}
        </section>
        <aside className="feed-layout__aside">
          {points ? <PointsCard view={points} /> : null}
          <section className="card" aria-labelledby="alumni-newsletter-title">
            <h2 id="alumni-newsletter-title">{t("archive.homeTitle", { ns: "newsletter" })}</h2>
            <p className="muted">{t("archive.homeLead", { ns: "newsletter" })}</p>
            <p className="card__footer">
              <Link to="/alumni/newsletter">{t("archive.homeLink", { ns: "newsletter" })}</Link>
            </p>
          </section>
          <section className="card" aria-labelledby="alumni-promise-title">
            <h2 id="alumni-promise-title">{t("alumniHome.promiseTitle", { ns: "common" })}</h2>
            <ul className="check-list">
              <li>{t("alumniHome.promise.consent", { ns: "common" })}</li>
              <li>{t("alumniHome.promise.change", { ns: "common" })}</li>
              <li>{t("alumniHome.promise.data", { ns: "common", company: companyName })}</li>
              <li>{t("feed.tracking")}</li>
            </ul>
            <p className="card__footer">
              <Link to="/alumni/preferences">{t("preferences.title")}</Link>
            </p>
          </section>
        </aside>
      </div>
    </div>
  );
}
