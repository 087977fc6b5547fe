import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { AutoRefresh } from "~/components/auto-refresh";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { companyToday } from "~/modules/exit/flow.server";
import { failureText } from "~/modules/i18n/failure-text";
import { localized } from "~/modules/i18n/localized-text";
import { closePulse } from "~/modules/pulse/close.server";
import { PULSE_STATUS_TONES } from "~/modules/pulse/forms";
import { cancelPulse, getPulseSummary } from "~/modules/pulse/pulses.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { formatDate, formatDateTime, formatNumber } from "~/utils/format";
import { requireIdParam } from "~/utils/ids";

/**
 * One pulse (HR admins): its progress (recipients, emails sent, answers so far) and its controls —
 * cancel before it is sent, close now while it is sending or open. Every button is a form.
 */

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "pulse");
  const pulse = await getPulseSummary(getDb(), requireIdParam(params.pulseId));
  if (!pulse) throw new Response("Not found", { status: 404 });
  return json({ pulse, locale, timeZone: getEnv().COMPANY_TIME_ZONE });
}

const intentSchema = z.enum(["cancel", "close"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "pulse");
  const pulseId = requireIdParam(params.pulseId);
  const intent = intentSchema.safeParse((await readFormData(request)).get("intent"));
  if (!intent.success) return json({ error: t("admin.detail.unknownAction") }, { status: 400 });
  try {
    if (intent.data === "cancel") await cancelPulse(getDb(), pulseId, user.id);
    else await closePulse(getDb(), pulseId, { actorUserId: user.id, today: companyToday() });
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    const status = error.kind === "notFound" ? 404 : error.kind === "invalid" ? 400 : 409;
    return json({ error: error.failures.map((failure) => failureText(failure, locale)).join(" ") }, { status });
  }
  return redirect(`/admin/pulses/${pulseId}?done=${intent.data === "cancel" ? "cancelled" : "closed"}`);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.detail.metaTitle", "pulse");

const DONE = z.enum(["scheduled", "cancelled", "closed"]);

export default function PulsePage() {
  const { t } = useTranslation("pulse");
  const { pulse, locale, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = DONE.safeParse(searchParams.get("done"));
  const started = pulse.status !== "scheduled" && pulse.status !== "cancelled";
  return (
    <div className="stack narrow-page">
      <p>
        <Link to="/admin/pulses">{t("admin.back")}</Link>
      </p>
      <PageHeader
        title={localized(pulse.surveyName, locale)}
        actions={<StatusBadge tone={PULSE_STATUS_TONES[pulse.status]}>{t(`admin.statuses.${pulse.status}`)}</StatusBadge>}
      />
      {actionData?.error ? (
        <Alert tone="error" title={t("admin.detail.failed")}>
          {actionData.error}
        </Alert>
      ) : done.success ? (
        <Alert tone="success">{t(`admin.detail.done.${done.data}`)}</Alert>
      ) : null}
      {pulse.status === "sending" ? <AutoRefresh seconds={5} /> : null}
      <dl className="stat-list card">
        <div>
          <dt>{t("admin.detail.sendAt")}</dt>
          <dd>{formatDateTime(pulse.sendAt, locale, { timeZone })}</dd>
        </div>
        <div>
          <dt>{t("admin.detail.closesOn")}</dt>
          <dd>{formatDate(pulse.closesOn, locale)}</dd>
        </div>
        {pulse.closedAt ? (
          <div>
            <dt>{t("admin.detail.closedAt")}</dt>
            <dd>{formatDateTime(pulse.closedAt, locale, { timeZone })}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("admin.detail.confidentiality")}</dt>
          <dd>{t(`admin.confidentiality.${pulse.confidentiality}`)}</dd>
        </div>
        {started ? (
          <>
            <div>
              <dt>{t("admin.detail.recipients")}</dt>
              <dd>{formatNumber(pulse.recipients, locale)}</dd>
            </div>
            <div>
              <dt>{t("admin.detail.emailsQueued")}</dt>
              <dd>{formatNumber(pulse.emailsQueued, locale)}</dd>
            </div>
            <div>
              <dt>{t("admin.detail.answers")}</dt>
              <dd data-testid="pulse-answers">{formatNumber(pulse.answers, locale)}</dd>
            </div>
          </>
        ) : null}
      </dl>
      {pulse.confidentiality === "anonymous" ? <p className="muted">{t("admin.detail.anonymousNote")}</p> : null}
      {pulse.status === "scheduled" ? (
        <Form method="post" className="card stack">
          <p className="muted">{t("admin.detail.cancelHint")}</p>
          <Button name="intent" value="cancel" variant="danger">
            {t("admin.detail.cancel")}
          </Button>
        </Form>
      ) : null}
      {pulse.status === "sending" || pulse.status === "open" ? (
        <Form method="post" className="card stack">
          <p className="muted">{t("admin.detail.closeHint")}</p>
          <Button name="intent" value="close" variant="ghost">
            {t("admin.detail.close")}
          </Button>
        </Form>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
