import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";

/** HR's settings: one entry per area, each with a line saying what it changes. */
const SECTIONS = [
  { key: "templates", to: "/admin/settings/templates" },
  { key: "departments", to: "/admin/settings/departments" },
  { key: "reasons", to: "/admin/settings/reasons" },
  { key: "holidays", to: "/admin/settings/holidays" },
  { key: "departureDates", to: "/admin/settings/departure-dates" },
  { key: "teams", to: "/admin/settings/teams" },
  { key: "apiTokens", to: "/admin/settings/api-tokens" },
  { key: "anonymity", to: "/admin/settings/anonymity" },
  { key: "feed", to: "/admin/settings/feed" },
  { key: "advocacy", to: "/admin/settings/advocacy" },
  { key: "scoring", to: "/admin/settings/scoring" },
  { key: "privacy", to: "/admin/settings/privacy" },
  { key: "webhooks", to: "/admin/settings/webhooks" },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "admin");
  return json({});
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "index.metaTitle", "settings");

export default function SettingsIndex() {
  const { t } = useTranslation("settings");
  return (
    <>
      <PageHeader title={t("index.title")} lead={t("index.lead")} />
      <ul className="settings-index">
        {SECTIONS.map((section) => (
          <li key={section.key} className="card settings-index__item">
            <h2>
              <Link to={section.to}>{t(`index.sections.${section.key}.title`)}</Link>
            </h2>
            <p className="muted">{t(`index.sections.${section.key}.description`)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
