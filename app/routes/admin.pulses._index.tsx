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
import { localized } from "~/modules/i18n/localized-text";
import { PULSE_STATUS_TONES } from "~/modules/pulse/forms";
import { listPulses } from "~/modules/pulse/pulses.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, formatDateTime, formatNumber, toIsoString } from "~/utils/format";

/** HR's list of alumni pulses (issue 13): survey, status, sending time, last day, recipients, answers so far. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "pulse");
  const pulses = await listPulses(getDb());
  return json({ pulses, locale, timeZone: getEnv().COMPANY_TIME_ZONE });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.metaTitle", "pulse");

export default function PulsesPage() {
  const { t } = useTranslation("pulse");
  const { pulses, locale, timeZone } = useLoaderData<typeof loader>();
  const newButton = <ButtonLink to="/admin/pulses/new">{t("admin.new")}</ButtonLink>;
  return (
    <div className="stack">
      <PageHeader title={t("admin.title")} lead={t("admin.lead")} actions={newButton} />
      {pulses.length === 0 ? (
        <div className="card">
          <EmptyState title={t("admin.emptyTitle")} description={t("admin.emptyBody")} action={newButton} />
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("admin.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.columns.survey")}</th>
                <th scope="col">{t("admin.columns.status")}</th>
                <th scope="col">{t("admin.columns.sendAt")}</th>
                <th scope="col">{t("admin.columns.closesOn")}</th>
                <th scope="col" className="numeric">{t("admin.columns.recipients")}</th>
                <th scope="col" className="numeric">{t("admin.columns.answers")}</th>
              </tr>
            </thead>
            <tbody>
              {pulses.map((pulse) => (
                <tr key={pulse.id}>
                  <td>
                    <Link to={`/admin/pulses/${pulse.id}`}>{localized(pulse.surveyName, locale)}</Link>
                  </td>
                  <td>
                    <StatusBadge tone={PULSE_STATUS_TONES[pulse.status]}>{t(`admin.statuses.${pulse.status}`)}</StatusBadge>
                  </td>
                  <td>
                    <time dateTime={toIsoString(pulse.sendAt)}>{formatDateTime(pulse.sendAt, locale, { timeZone })}</time>
                  </td>
                  <td>{formatDate(pulse.closesOn, locale)}</td>
                  <td className="numeric">{pulse.status === "scheduled" || pulse.status === "cancelled" ? "—" : formatNumber(pulse.recipients, locale)}</td>
                  <td className="numeric">{formatNumber(pulse.answers, locale)}</td>
                </tr>
              ))}
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
