import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { localeFromMatches, titleWithAppName } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { ISSUE_STATUS_TONES } from "~/modules/newsletter/issue";
import { findIssueHeader } from "~/modules/newsletter/issues.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDateTime } from "~/utils/format";
import { isUuid } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/**
 * The frame of one issue's pages: its subject and status, and the tabs Compose (the index), Send
 * and Results (the sending engine's and the results' pages, children of this route).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "newsletter");
  const issue = isUuid(params.issueId) ? await findIssueHeader(getDb(), params.issueId, locale) : undefined;
  if (!issue) throw notFound("No newsletter issue with this id.");
  return json({ issue, locale, timeZone: getEnv().COMPANY_TIME_ZONE });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: titleWithAppName(localeFromMatches(matches), data?.issue.subject ?? "Newsletter") },
];

const TABS = [
  { to: "", key: "compose", end: true },
  { to: "send", key: "send", end: false },
  { to: "results", key: "results", end: false },
] as const;

export default function IssueLayout() {
  const { t } = useTranslation("newsletter");
  const { issue, locale, timeZone } = useLoaderData<typeof loader>();
  const base = `/admin/newsletter/${issue.id}`;
  const lead =
    issue.status === "sent" && issue.finishedAt
      ? t("issue.sentOn", { date: formatDateTime(issue.finishedAt, locale, { timeZone }) })
      : issue.status === "scheduled" && issue.scheduledAt
        ? t("issue.scheduledFor", { date: formatDateTime(issue.scheduledAt, locale, { timeZone }) })
        : undefined;
  return (
    <div className="stack">
      <p>
        <Link to="/admin/newsletter">{t("issue.back")}</Link>
      </p>
      <PageHeader title={issue.subject} lead={lead} actions={<StatusBadge tone={ISSUE_STATUS_TONES[issue.status]}>{t(`statuses.${issue.status}`)}</StatusBadge>} />
      <nav aria-label={t("issue.tabs.label")} className="tabs">
        <ul>
          {TABS.map((tab) => (
            <li key={tab.key}>
              <NavLink to={tab.to ? `${base}/${tab.to}` : base} end={tab.end} className={({ isActive }) => (isActive ? "tabs__link tabs__link--active" : "tabs__link")}>
                {t(`issue.tabs.${tab.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
