import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { PointsCard } from "~/components/advocacy/points-card";
import { OpeningsHomeBlock } from "~/components/openings/openings-home-block";
import { alumniPointsView } from "~/modules/advocacy/points.server";
import { hasConsent } from "~/modules/alumni/consents.server";
import { missingProfileFields } from "~/modules/alumni/profile";
import { loadOwnProfile } from "~/modules/alumni/profile.server";
import { requireRole } from "~/modules/auth/guards.server";
import { STAFF_ROLES } from "~/modules/auth/users.server";
import { shareFeed } from "~/modules/feeds/share-feed.server";
import { listSentIssues, mayReadArchive } from "~/modules/newsletter/archive.server";
import { openingsForHome } from "~/modules/openings/home.server";
import { pendingPulseFor } from "~/modules/pulse/pending.server";
import { mayBeAskedToShare } from "~/modules/scoring/segments.server";
import { todayIn } from "~/utils/calendar-days";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate } from "~/utils/format";
import { FeedCardView, useFeedCardLabels } from "./feed-card";

/**
 * The alumnus's home is the share feed (issue 11): company news and outside articles HR approved,
 * in the order the mix rule gives, each with buttons to share it on LinkedIn, X or Facebook. Only
 * alumni who chose the share feed see it (the consent ledger's `share_feed`); the others are told
 * where to turn it on, except detractors, who are never nudged to share (ADR 029). Staff open it to
 * preview what alumni see, without share buttons.
 *
 * Around the feed (issue 14): a pending pulse question (sent to the person, open, unanswered), a
 * prompt to complete the profile, the latest newsletter issue when the person may read the archive,
 * a few open roles for those who asked to hear about openings, and the way to the directory. Every block's data comes from one round of parallel queries.
 */
/** Open roles on the home: a few, the rest are one link away. */
const HOME_OPENINGS = 3;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale } = await requireRole(request, ["alumnus", ...STAFF_ROLES], "alumni");
  const db = getDb();
  const preview = user.role !== "alumnus";
  const { COMPANY_NAME, COMPANY_TIME_ZONE } = getEnv();
  const alumnus = <T,>(read: () => Promise<T>) => (preview ? Promise.resolve(null) : read());
  // One round of independent queries: the page waits for the slowest, not for their sum. The feed
  // is read even when the person has not chosen it (one query more, one round less).
  const [shareFeedChosen, feed, pointsView, mayBeNudged, mayRead, latestIssues, pendingPulse, profile, openings] = await Promise.all([
    alumnus(() => hasConsent(db, user.id, "share_feed")),
    shareFeed(db),
    alumnus(() => alumniPointsView(db, user.id, new Date())),
    alumnus(() => mayBeAskedToShare(db, user.id)),
    mayReadArchive(db, user),
    listSentIssues(db, locale, { limit: 1 }),
    alumnus(() => pendingPulseFor(db, user.id, todayIn(COMPANY_TIME_ZONE))),
    alumnus(() => loadOwnProfile(db, user.id)),
    alumnus(() => openingsForHome(db, user.id, HOME_OPENINGS)),
  ]);
  const consented = preview || shareFeedChosen === true;
  const latest = latestIssues[0];
  return json({
    name: user.name,
    companyName: COMPANY_NAME,
    timeZone: COMPANY_TIME_ZONE,
    preview,
    consented,
    nudge: !consented && mayBeNudged === true,
    locale,
    cards: consented ? feed : [],
    points: consented ? pointsView : null,
    newsletter: mayRead ? { latest: latest ? { id: latest.id, subject: latest.subject, preheader: latest.preheader, sentAt: latest.sentAt } : null } : null,
    pulse: pendingPulse,
    // Empty without the `openings` consent (the block then renders nothing).
    openings: openings ?? [],
    // An alumnus without a profile row yet has everything to fill in.
    missingProfileFields: preview ? 0 : profile ? missingProfileFields(profile).length : 4,
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "alumniHome.title");

export default function AlumniHome() {
  const { name, companyName, timeZone, preview, consented, nudge, locale, cards, points, newsletter, pulse, openings, missingProfileFields } = useLoaderData<typeof loader>();
  const { t } = useTranslation("alumni");
  const labels = useFeedCardLabels(companyName);
  return (
    <div className="feed-page">
      <PageHeader title={t("alumniHome.title", { ns: "common" })} lead={t("alumniHome.lead", { ns: "common", name, company: companyName })} />
      {preview ? <Alert tone="info">{t("feed.preview")}</Alert> : null}
      {/* Block order: what asks for the person's action first (a pending pulse, the profile), then the
          feed beside the newsletter, openings, the directory, points and the promise. */}
      {pulse || missingProfileFields > 0 ? (
        <div className="home-actions">
          {pulse ? (
            <section className="card home-action home-action--pulse" aria-labelledby="home-pulse-title">
              <h2 id="home-pulse-title">{t("home.pulseTitle", { ns: "network" })}</h2>
              <p>{t("home.pulseBody", { ns: "network", company: companyName, date: formatDate(pulse.closesOn, locale, { timeZone }) })}</p>
              <p className="card__footer">
                <a className="button button--small" href={pulse.answerPath}>
                  {t("home.pulseAnswer", { ns: "network" })}
                </a>
              </p>
            </section>
          ) : null}
          {missingProfileFields > 0 ? (
            <section className="card home-action" aria-labelledby="home-profile-title">
              <h2 id="home-profile-title">{t("home.profileTitle", { ns: "network" })}</h2>
              <p>{t("home.profileBody", { ns: "network", count: missingProfileFields })}</p>
              <p className="card__footer">
                <Link to="/alumni/profile">{t("home.profileLink", { ns: "network" })}</Link>
              </p>
            </section>
          ) : null}
        </div>
      ) : null}
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
          <section className="card" aria-labelledby="alumni-newsletter-title">
            <h2 id="alumni-newsletter-title">{t(newsletter ? "home.newsletterTitle" : "archive.homeTitle", { ns: newsletter ? "network" : "newsletter" })}</h2>
            {newsletter?.latest ? (
              <>
                <p className="home-newsletter__subject">
                  <Link to={`/alumni/newsletter/${newsletter.latest.id}`}>{newsletter.latest.subject}</Link>
                </p>
                {newsletter.latest.preheader ? <p>{newsletter.latest.preheader}</p> : null}
                {newsletter.latest.sentAt ? (
                  <p className="muted">{t("home.newsletterSent", { ns: "network", date: formatDate(newsletter.latest.sentAt, locale, { timeZone }) })}</p>
                ) : null}
              </>
            ) : (
              <p className="muted">{newsletter ? t("home.newsletterNone", { ns: "network" }) : t("archive.homeLead", { ns: "newsletter" })}</p>
            )}
            <p className="card__footer">
              <Link to="/alumni/newsletter">{t(newsletter ? "home.newsletterAll" : "archive.homeLink", { ns: newsletter ? "network" : "newsletter" })}</Link>
            </p>
          </section>
          <OpeningsHomeBlock openings={openings} />
          {preview ? null : (
            <section className="card" aria-labelledby="home-directory-title">
              <h2 id="home-directory-title">{t("home.directoryTitle", { ns: "network" })}</h2>
              <p>{t("home.directoryBody", { ns: "network" })}</p>
              <p className="card__footer">
                <Link to="/alumni/directory">{t("home.directoryLink", { ns: "network" })}</Link>
              </p>
            </section>
          )}
          {points ? <PointsCard view={points} /> : null}
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
