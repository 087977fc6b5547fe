import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { EndpointFields, SecretOnce } from "~/components/settings/webhooks";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { translatedEndpointFormSchema } from "~/modules/webhooks/endpoint-form";
import { createEndpoint, listEndpoints } from "~/modules/webhooks/endpoints.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { formatDateTime } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "webhooks");
  const endpoints = await listEndpoints();
  return json({
    endpoints: endpoints.map((endpoint) => ({
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      eventTypes: endpoint.event_types,
      enabled: endpoint.enabled,
      failingSince: endpoint.failing_since?.toISOString() ?? null,
      pending: endpoint.pending,
      failed: endpoint.failed,
    })),
    deleted: new URL(request.url).searchParams.has("deleted"),
    locale,
    timeZone: getEnv().COMPANY_TIME_ZONE,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, locale } = await requireHrAdmin(request, "webhooks");
  const submission = parseWithZod(await readFormData(request), { schema: translatedEndpointFormSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply(), created: null }, { status: 400 });
  try {
    const { endpoint, secret } = await createEndpoint(submission.value, { actorUserId: user.id });
    // The secret is in this one response and nowhere else: no redirect (it would need storing), no caching.
    return json(
      { result: submission.reply({ resetForm: true }), created: { id: endpoint.id, url: endpoint.url, secret } },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale), created: null }, { status: failureStatus(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "metaTitle", "webhooks");

export default function WebhooksPage() {
  const { t } = useTranslation("webhooks");
  const { endpoints, deleted, locale, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const created = actionData?.created ?? null;
  const [form, fields] = useValidatedForm(() => translatedEndpointFormSchema(t), {
    id: "create-webhook-endpoint",
    lastResult: actionData?.result,
    defaultValue: { url: "", description: "", eventTypes: [], enabled: "on" },
  });

  return (
    <div className="stack">
      <p className="settings-back">
        <Link to="/admin/settings">{t("backToSettings")}</Link>
      </p>
      <PageHeader title={t("title")} lead={t("lead")} />
      <p className="muted">{t("docsHint")}</p>

      {created ? (
        <SecretOnce title={t("createdTitle")} secret={created.secret}>
          <p>
            <Link to={`/admin/settings/webhooks/${created.id}`}>{created.url}</Link>
          </p>
        </SecretOnce>
      ) : null}
      {deleted ? (
        <Alert tone="success">
          <p>{t("endpoint.deleted")}</p>
        </Alert>
      ) : null}

      <section className="card" aria-labelledby="webhooks-list-title">
        <h2 id="webhooks-list-title">{t("listTitle")}</h2>
        {endpoints.length === 0 ? (
          <EmptyState title={t("empty")} description={t("emptyBody")} headingLevel={3} />
        ) : (
          <TableScroll label={t("listTitle")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("columns.url")}</th>
                  <th scope="col">{t("columns.events")}</th>
                  <th scope="col">{t("columns.status")}</th>
                  <th scope="col">{t("columns.deliveries")}</th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((endpoint) => (
                  <tr key={endpoint.id}>
                    <td className="break-anywhere">
                      <Link to={`/admin/settings/webhooks/${endpoint.id}`}>{endpoint.url}</Link>
                      {endpoint.description ? <div className="muted">{endpoint.description}</div> : null}
                    </td>
                    <td>{endpoint.eventTypes.join(", ")}</td>
                    <td>
                      {!endpoint.enabled ? (
                        <StatusBadge tone="neutral">{t("states.disabled")}</StatusBadge>
                      ) : endpoint.failingSince ? (
                        <>
                          <StatusBadge tone="danger">{t("states.failing")}</StatusBadge>
                          <div className="muted">{t("failingSince", { date: formatDateTime(endpoint.failingSince, locale, { timeZone }) })}</div>
                        </>
                      ) : (
                        <StatusBadge tone="success">{t("states.enabled")}</StatusBadge>
                      )}
                    </td>
                    <td>{t("counts", { pending: endpoint.pending, failed: endpoint.failed })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section className="card" aria-labelledby="webhooks-create-title">
        <h2 id="webhooks-create-title">{t("createTitle")}</h2>
        <p>{t("createLead")}</p>
        <Form method="post" {...getFormProps(form)} key={created?.id ?? "new"}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <EndpointFields fields={fields} />
          <Button pending={isPending}>{t("createSubmit")}</Button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
