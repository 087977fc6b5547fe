import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button, buttonClassName } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { requireMember } from "~/modules/alumni/member-guard.server";
import { readFormData } from "~/modules/auth/http.server";
import { retryAfterHeaders, retryAfterMinutes } from "~/modules/auth/rate-limit.server";
import { latestExport, requestExport } from "~/modules/privacy/export.server";
import { heldDataSummary } from "~/modules/privacy/held-data.server";
import { getRetentionSettings } from "~/modules/privacy/privacy-settings.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { retryAfterFromAction } from "~/utils/responses";

/**
 * "Your data": what the portal holds about the signed-in person (each registry entry with rows, and
 * how many), "Download my data" (a POST queues the export; the page then shows its state and, once
 * ready, the signed link), and the way to "Delete my account". Everything acts on the signed-in
 * person only (docs/decisions/031).
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale } = await requireMember(request);
  const db = getDb();
  const [held, latest, settings] = await Promise.all([heldDataSummary(db, user.id, locale), latestExport(db, user.id), getRetentionSettings(db)]);
  return json({
    locale,
    companyName: getEnv().COMPANY_NAME,
    timeZone: getEnv().COMPANY_TIME_ZONE,
    held,
    latest,
    archiveDays: settings.exportArchiveDays,
    queued: new URL(request.url).searchParams.get("done") === "queued",
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireMember(request);
  const form = await readFormData(request);
  // Not the page's form (a tampered or truncated body): say so rather than show the page unchanged.
  if (form.get("intent") !== "export") return json({ problem: { code: "unreadable" as const, minutes: 0 } }, { status: 400 });
  const result = await requestExport(getDb(), user.id);
  if (result.outcome === "queued") return redirect("/alumni/data?done=queued");
  if (result.outcome === "alreadyPending") return json({ problem: { code: "alreadyPending" as const, minutes: 0 } }, { status: 409 });
  return json({ problem: { code: "throttled" as const, minutes: retryAfterMinutes(result.retryAfterMs) } }, { status: 429, headers: retryAfterHeaders(result.retryAfterMs) });
}

export const headers = retryAfterFromAction;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "page.metaTitle", "data");

export default function YourDataPage() {
  const { t } = useTranslation("data");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pending = usePendingFormData();
  const { locale, timeZone, latest } = data;
  const day = (value: string) => formatDate(value, locale, { timeZone });
  const moment = (value: string) => formatDateTime(value, locale, { timeZone });
  const size = (bytes: number) => new Intl.NumberFormat(locale, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }).format(Math.max(1, Math.ceil(bytes / 1024)));
  const problem = actionData?.problem;

  return (
    <div className="narrow-page">
      <PageHeader title={t("page.title")} lead={t("page.lead", { company: data.companyName })} />
      {data.queued && latest?.state === "pending" ? <Alert tone="success">{t("page.queued")}</Alert> : null}
      {problem ? <Alert tone="error">{problem.code === "throttled" ? t("page.throttled", { count: problem.minutes }) : t(`page.${problem.code}`)}</Alert> : null}

      <section className="card" aria-labelledby="data-held-title">
        <h2 id="data-held-title">{t("page.heldTitle")}</h2>
        {data.held.length === 0 ? (
          <p>{t("page.heldNothing")}</p>
        ) : (
          <>
            <p className="muted">{t("page.heldLead")}</p>
            <ul>
              {data.held.map((line) => (
                <li key={line.table}>
                  {line.description} <span className="muted">({t("page.records", { count: line.records })})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="data-download-title">
        <h2 id="data-download-title">{t("page.downloadTitle")}</h2>
        <p>{t("page.downloadLead", { count: data.archiveDays })}</p>
        {latest?.state === "pending" ? <p>{t("page.pending", { date: moment(latest.requestedAt) })}</p> : null}
        {latest?.state === "ready" ? (
          <>
            <p>{t("page.ready", { size: size(latest.bytes), date: moment(latest.requestedAt), expires: moment(latest.expiresAt) })}</p>
            <p>
              <a className={buttonClassName()} href={latest.downloadPath} download>
                {t("page.download")}
              </a>
            </p>
          </>
        ) : null}
        {latest?.state === "expired" ? <p className="muted">{t("page.expired", { date: day(latest.requestedAt), expires: day(latest.expiresAt) })}</p> : null}
        {latest?.state === "failed" ? <p className="muted">{t("page.failed", { date: day(latest.requestedAt) })}</p> : null}
        {latest?.state === "pending" ? null : (
          <Form method="post">
            <input type="hidden" name="intent" value="export" />
            <Button variant={latest?.state === "ready" ? "ghost" : undefined} pending={pending?.get("intent") === "export"}>
              {latest ? t("page.requestAgain") : t("page.request")}
            </Button>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="data-delete-title">
        <h2 id="data-delete-title">{t("page.deleteTitle")}</h2>
        <p>{t("page.deleteLead")}</p>
        <p>
          <Link to="/alumni/data/delete">{t("page.deleteLink")}</Link>
        </p>
      </section>

      <p>
        <Link to="/alumni">{t("page.back")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
