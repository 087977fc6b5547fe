import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { consumeRateLimit, retryAfterHeaders, retryAfterMinutes } from "~/modules/auth/rate-limit.server";
import { inspectUnsubscribe, unsubscribe } from "~/modules/newsletter/unsubscribe.server";
import { getDb } from "~/utils/db.server";

/**
 * The link in every newsletter's footer and List-Unsubscribe header (RFC 8058; docs/decisions/024).
 *
 * GET shows the (masked) address and a button, and changes nothing: mail scanners open every link.
 * POST unsubscribes: the page's button, or a mail provider's one-click post
 * (`List-Unsubscribe=One-Click`), which server/one-click-unsubscribe.ts answers before Remix with a
 * blank 200; should one reach this action, it unsubscribes the same way. No session, no CSRF token:
 * the signed token is the proof (the path is exempt from the same-origin check, ADR 006).
 * Served with Referrer-Policy: no-referrer (a token route), so the token never leaks.
 */

export async function loader({ params }: LoaderFunctionArgs) {
  const lookup = await inspectUnsubscribe(getDb(), params.token ?? "");
  if (!lookup.ok) return json({ problem: "unknown" as const, maskedEmail: null, subscribed: false }, { status: 404 });
  return json({ problem: null, maskedEmail: lookup.maskedEmail, subscribed: lookup.subscribed });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const verdict = await consumeRateLimit("unsubscribeByIp", context.clientIp);
  if (!verdict.allowed) {
    return json({ problem: "throttled" as const, minutes: retryAfterMinutes(verdict.retryAfterMs), done: null }, { status: 429, headers: retryAfterHeaders(verdict.retryAfterMs) });
  }
  const outcome = await unsubscribe(getDb(), { token: params.token ?? "", ip: context.clientIp });
  if (outcome.status === "invalid") return json({ problem: "unknown" as const, minutes: 0, done: null }, { status: 404 });
  return json({ problem: null, minutes: 0, done: { maskedEmail: outcome.maskedEmail, already: outcome.status === "alreadyUnsubscribed" } });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "unsubscribe.metaTitle", "deliverability");

export default function UnsubscribePage() {
  const { t } = useTranslation("deliverability");
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const problem = actionData?.problem ?? loaderData.problem;
  const preferences = (
    <p>
      <Link to="/alumni/preferences">{t("unsubscribe.preferencesLink")}</Link>
    </p>
  );

  if (problem === "unknown") {
    return (
      <div className="card card--narrow">
        <PageHeader title={t("unsubscribe.invalidTitle")} />
        <Alert tone="error">
          <p>{t("unsubscribe.invalid")}</p>
        </Alert>
        {preferences}
      </div>
    );
  }

  if (actionData?.done) {
    return (
      <div className="card card--narrow">
        <PageHeader title={t("unsubscribe.doneTitle")} />
        <Alert tone="success">
          <p>{t(actionData.done.already ? "unsubscribe.alreadyDone" : "unsubscribe.done", { email: actionData.done.maskedEmail })}</p>
        </Alert>
        <p>{t("unsubscribe.changedMind")}</p>
        {preferences}
      </div>
    );
  }

  return (
    <div className="card card--narrow">
      <PageHeader title={t("unsubscribe.title")} lead={t(loaderData.subscribed ? "unsubscribe.lead" : "unsubscribe.leadNotSubscribed", { email: loaderData.maskedEmail })} />
      {problem === "throttled" ? (
        <Alert tone="error">
          <p>{t("unsubscribe.throttled", { count: actionData?.minutes ?? 1 })}</p>
        </Alert>
      ) : null}
      <Form method="post">
        <Button block pending={isPending}>
          {t("unsubscribe.submit")}
        </Button>
      </Form>
      <p className="muted card__footer">{t("unsubscribe.whyButton")}</p>
      {preferences}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
