import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageNav } from "~/components/list-filters";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge, type StatusTone } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { EndpointFields, SecretOnce } from "~/components/settings/webhooks";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { failureText } from "~/modules/i18n/failure-text";
import { listDeliveries, resendDelivery, sendTestEvent } from "~/modules/webhooks/delivery-log.server";
import { translatedEndpointFormSchema } from "~/modules/webhooks/endpoint-form";
import { deleteEndpoint, findEndpoint, rotateEndpointSecret, updateEndpoint } from "~/modules/webhooks/endpoints.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure, type DomainFailure } from "~/utils/failures";
import { formatDateTime } from "~/utils/format";
import { requireIdParam } from "~/utils/ids";
import { invariantResponse, lastPageRedirect, notFound } from "~/utils/responses";
import type { WebhookDeliveryStatus } from "../../db/schema";

/** One endpoint: its settings, its secret (replace), a test event, and its delivery log with "Resend". */

const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1);
const deliveryIdSchema = z.object({ deliveryId: z.uuid() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "webhooks");
  const endpointId = requireIdParam(params.endpointId);
  const endpoint = await findEndpoint(endpointId);
  if (!endpoint) throw notFound("There is no webhook endpoint with this id.");
  const url = new URL(request.url);
  const asked = pageParam.parse(url.searchParams.get("page") ?? 1);
  const log = await listDeliveries(endpointId, asked);
  invariantResponse(asked <= log.pageCount, () => lastPageRedirect(url, log.pageCount));
  return json({
    endpoint: {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      eventTypes: endpoint.event_types,
      enabled: endpoint.enabled,
      secretRotatedAt: endpoint.secret_rotated_at.toISOString(),
      failingSince: endpoint.failing_since?.toISOString() ?? null,
    },
    log,
    notice: url.searchParams.get("done"),
    locale,
    timeZone: getEnv().COMPANY_TIME_ZONE,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, t, locale } = await requireHrAdmin(request, "webhooks");
  const endpointId = requireIdParam(params.endpointId);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const actor = { actorUserId: user.id };
  const refused = (failure: DomainFailure) => json({ intent, result: null, secret: null, message: failureText(failure.failures[0]!, locale) }, { status: failureStatus(failure) });
  try {
    switch (intent) {
      case "update": {
        const submission = parseWithZod(formData, { schema: translatedEndpointFormSchema(t) });
        if (submission.status !== "success") return json({ intent, result: submission.reply(), secret: null, message: null }, { status: 400 });
        try {
          await updateEndpoint(endpointId, submission.value, actor);
        } catch (error) {
          if (!isDomainFailure(error)) throw error;
          return json({ intent, result: failureReply(submission, error, locale), secret: null, message: null }, { status: failureStatus(error) });
        }
        return redirect(`/admin/settings/webhooks/${endpointId}?done=saved`);
      }
      case "rotate": {
        const secret = await rotateEndpointSecret(endpointId, actor);
        // Shown in this one response, never stored in usable form.
        return json({ intent, result: null, secret, message: null }, { headers: { "Cache-Control": "no-store" } });
      }
      case "test":
        await sendTestEvent(endpointId, actor);
        return redirect(`/admin/settings/webhooks/${endpointId}?done=test`);
      case "resend": {
        const parsed = deliveryIdSchema.safeParse({ deliveryId: formData.get("deliveryId") });
        if (!parsed.success) throw notFound("There is no such delivery.");
        await resendDelivery(endpointId, parsed.data.deliveryId, actor);
        return redirect(`/admin/settings/webhooks/${endpointId}?done=resent`);
      }
      case "delete":
        if (!(await deleteEndpoint(endpointId, actor))) throw notFound("There is no webhook endpoint with this id.");
        return redirect("/admin/settings/webhooks?deleted=1");
      default:
        throw notFound("Unknown action.");
    }
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    if (error.kind === "notFound") throw notFound(failureText(error.failures[0]!, locale));
    return refused(error);
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "endpoint.metaTitle", "webhooks");

const STATUS_TONES: Record<WebhookDeliveryStatus, StatusTone> = { pending: "warning", delivered: "success", failed: "danger", cancelled: "neutral" };

export default function WebhookEndpointPage() {
  const { t } = useTranslation("webhooks");
  const { endpoint, log, notice, locale, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const pendingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const when = (value: string) => formatDateTime(value, locale, { timeZone });
  const [form, fields] = useValidatedForm(() => translatedEndpointFormSchema(t), {
    id: "edit-webhook-endpoint",
    lastResult: actionData?.intent === "update" ? actionData.result : undefined,
    defaultValue: { url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes, enabled: endpoint.enabled ? "on" : "" },
  });
  const notices: Record<string, string> = { saved: t("endpoint.saved"), test: t("endpoint.testSent"), resent: t("endpoint.resent") };

  return (
    <div className="stack">
      <p className="settings-back">
        <Link to="/admin/settings/webhooks">{t("backToList")}</Link>
      </p>
      <PageHeader title={endpoint.url} lead={endpoint.description || undefined} />

      {actionData?.secret ? <SecretOnce title={t("endpoint.rotatedTitle")} secret={actionData.secret} /> : null}
      {actionData?.message ? (
        <Alert tone="error">
          <p>{actionData.message}</p>
        </Alert>
      ) : null}
      {notice && notices[notice] ? (
        <Alert tone="success">
          <p>{notices[notice]}</p>
        </Alert>
      ) : null}
      {!endpoint.enabled ? (
        <Alert tone="info">
          <p>{t("endpoint.disabledNotice")}</p>
        </Alert>
      ) : endpoint.failingSince ? (
        <Alert tone="error">
          <p>{t("endpoint.failingNotice", { date: when(endpoint.failingSince) })}</p>
        </Alert>
      ) : null}

      <section className="card" aria-labelledby="webhook-log-title">
        <h2 id="webhook-log-title">{t("log.title")}</h2>
        <p className="muted">{t("log.lead")}</p>
        {log.deliveries.length === 0 ? (
          <EmptyState title={t("log.empty")} description={t("log.emptyBody")} headingLevel={3} />
        ) : (
          <TableScroll label={t("log.title")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("log.event")}</th>
                  <th scope="col">{t("log.occurredAt")}</th>
                  <th scope="col">{t("log.status")}</th>
                  <th scope="col">{t("log.attempts")}</th>
                </tr>
              </thead>
              <tbody>
                {log.deliveries.map((delivery) => (
                  <Fragment key={delivery.id}>
                    <tr>
                      <td>
                        <code>{delivery.eventType}</code>
                        <div className="muted break-anywhere">
                          <code>msg_{delivery.id}</code>
                        </div>
                      </td>
                      <td>{when(delivery.occurredAt)}</td>
                      <td>
                        <StatusBadge tone={STATUS_TONES[delivery.status]}>{t(`log.statuses.${delivery.status}`)}</StatusBadge>
                        {delivery.status === "pending" && delivery.nextAttemptAt ? <div className="muted">{t("log.nextAttempt", { date: when(delivery.nextAttemptAt) })}</div> : null}
                      </td>
                      <td>
                        {delivery.attemptCount}
                        {endpoint.enabled ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="resend" />
                            <input type="hidden" name="deliveryId" value={delivery.id} />
                            <Button variant="ghost" size="small" pending={pendingIntent === "resend" && navigation.formData?.get("deliveryId") === delivery.id}>
                              {t("log.resend")}
                              <span className="visually-hidden"> {t("log.resendLabel", { type: delivery.eventType, date: when(delivery.occurredAt) })}</span>
                            </Button>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                    {delivery.attempts.length > 0 ? (
                      <tr>
                        <td colSpan={4}>
                          <table className="table webhook-attempts">
                            <caption className="visually-hidden">{t("log.attemptsCaption")}</caption>
                            <thead>
                              <tr>
                                <th scope="col">{t("log.attemptColumns.at")}</th>
                                <th scope="col">{t("log.attemptColumns.trigger")}</th>
                                <th scope="col">{t("log.attemptColumns.result")}</th>
                                <th scope="col">{t("log.attemptColumns.duration")}</th>
                                <th scope="col">{t("log.attemptColumns.response")}</th>
                              </tr>
                            </thead>
                            <tbody>
                              {delivery.attempts.map((attempt, index) => (
                                <tr key={index}>
                                  <td>{when(attempt.attemptedAt)}</td>
                                  <td>{t(`log.triggers.${attempt.trigger}`)}</td>
                                  <td>
                                    <StatusBadge tone={attempt.succeeded ? "success" : "danger"}>
                                      {attempt.statusCode !== null ? t("log.httpStatus", { status: attempt.statusCode }) : t(`log.errors.${attempt.errorCode ?? "network"}`)}
                                    </StatusBadge>
                                  </td>
                                  <td>{t("log.duration", { ms: attempt.durationMs })}</td>
                                  <td>{attempt.responseBody ? <pre>{attempt.responseBody}</pre> : t("log.noResponse")}</td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <PageNav
          path={`/admin/settings/webhooks/${endpoint.id}`}
          page={log.page}
          pageCount={log.pageCount}
          className="review-pagination"
          labels={{ nav: t("log.pagination"), previous: t("log.previous"), next: t("log.next"), status: t("log.pageOf", { page: log.page, count: log.pageCount }) }}
        />
      </section>

      <section className="card" aria-labelledby="webhook-test-title">
        <h2 id="webhook-test-title">{t("endpoint.testTitle")}</h2>
        <p>{t("endpoint.testLead")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="test" />
          <Button pending={pendingIntent === "test"} disabled={!endpoint.enabled}>
            {t("endpoint.test")}
          </Button>
        </Form>
      </section>

      <section className="card" aria-labelledby="webhook-settings-title">
        <h2 id="webhook-settings-title">{t("endpoint.settingsTitle")}</h2>
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="update" />
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <EndpointFields fields={fields} />
          <Button pending={pendingIntent === "update"}>{t("endpoint.save")}</Button>
        </Form>
      </section>

      <section className="card" aria-labelledby="webhook-secret-title">
        <h2 id="webhook-secret-title">{t("endpoint.secretTitle")}</h2>
        <p>{t("endpoint.secretLead", { date: when(endpoint.secretRotatedAt) })}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="rotate" />
          <Button variant="ghost" pending={pendingIntent === "rotate"}>
            {t("endpoint.rotate")}
          </Button>
        </Form>
      </section>

      <section className="card" aria-labelledby="webhook-delete-title">
        <h2 id="webhook-delete-title">{t("endpoint.deleteTitle")}</h2>
        <p>{t("endpoint.deleteLead")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <Button variant="danger" pending={pendingIntent === "delete"}>
            {t("endpoint.delete")}
          </Button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
