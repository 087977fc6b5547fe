import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { FormOnDemand } from "~/components/forms/form-on-demand";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { sourceFormSchema } from "~/modules/feeds/forms";
import { SOURCE_LIMITS } from "~/modules/feeds/limits";
import { archiveFeedSource, createFeedSource, listFeedSources, updateFeedSource } from "~/modules/feeds/sources.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { failureText } from "~/modules/i18n/failure-text";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure, type FailureCode } from "~/utils/failures";
import { formatDateTime } from "~/utils/format";
import { isUuid } from "~/utils/ids";
import { notFound } from "~/utils/responses";
import { unknownIntent } from "~/utils/hidden-fields.server";

/**
 * HR's feed sources (issue 11, ADR 018): each with its health (last read, last error in the admin's
 * language, failures in a row, next read), a form to edit it (drawn on demand), archiving, and a
 * form to add one.
 */

const NOTICES = ["created", "updated", "archived"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "feeds");
  const notice = new URL(request.url).searchParams.get("notice");
  const sources = await listFeedSources(getDb());
  return json({
    notice: notice && (NOTICES as readonly string[]).includes(notice) ? notice : null,
    timeZone: getEnv().COMPANY_TIME_ZONE,
    sources: sources.map((source) => ({
      id: source.id,
      url: source.url,
      name: source.name,
      kind: source.kind,
      approval: source.approval,
      dailyItemLimit: source.daily_item_limit,
      expireAfterDays: source.expire_after_days,
      lastSuccessAt: source.last_success_at,
      // Stored as a code with its values (ADR 013): written here in the admin's language.
      lastError: source.last_error ? failureText({ code: source.last_error as FailureCode, values: source.last_error_values ?? {} }, locale) : null,
      consecutiveFailures: source.consecutive_failures,
      nextFetchAt: source.next_fetch_at,
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "feeds");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const sourceId = String(formData.get("sourceId") ?? "");
  const actor = { userId: user.id };
  const db = getDb();
  if (intent === "archive") {
    if (!isUuid(sourceId)) throw notFound();
    try {
      await archiveFeedSource(db, sourceId, actor);
    } catch (error) {
      if (isDomainFailure(error) && error.kind === "notFound") throw notFound();
      throw error;
    }
    return redirect("/admin/feed/sources?notice=archived");
  }
  if (intent !== "create" && intent !== "update") throw unknownIntent(intent);
  if (intent === "update" && !isUuid(sourceId)) throw notFound();
  const submission = parseWithZod(formData, { schema: sourceFormSchema(t) });
  if (submission.status !== "success") return json({ intent, sourceId, result: submission.reply() }, { status: 400 });
  try {
    if (intent === "create") await createFeedSource(db, submission.value, actor);
    else await updateFeedSource(db, sourceId, submission.value, actor);
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    if (error.kind === "notFound") throw notFound();
    return json({ intent, sourceId, result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
  return redirect(`/admin/feed/sources?notice=${intent === "create" ? "created" : "updated"}`);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sources.metaTitle", "feeds");

type ActionData = { intent: string; sourceId: string; result: SubmissionResult<string[]> } | undefined;
type SourceRow = ReturnType<typeof useLoaderData<typeof loader>>["sources"][number];

function SourceFields({ fields }: { fields: ReturnType<typeof useSourceForm>[1] }) {
  const { t } = useTranslation("feeds");
  return (
    <>
      <Field label={t("sources.fields.url")} hint={t("sources.fields.urlHint")} errors={fields.url.errors} inputProps={{ ...getInputProps(fields.url, { type: "url" }), required: true, maxLength: SOURCE_LIMITS.url }} />
      <Field label={t("sources.fields.name")} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true, maxLength: SOURCE_LIMITS.name }} />
      <Field label={t("sources.fields.kind")} errors={fields.kind.errors} selectProps={getSelectProps(fields.kind)}>
        <option value="external">{t("sources.kind.external")}</option>
        <option value="company">{t("sources.kind.company")}</option>
      </Field>
      <Field label={t("sources.fields.approval")} errors={fields.approval.errors} selectProps={getSelectProps(fields.approval)}>
        <option value="review">{t("sources.approval.review")}</option>
        <option value="auto">{t("sources.approval.auto")}</option>
      </Field>
      <Field
        label={t("sources.fields.dailyItemLimit")}
        errors={fields.dailyItemLimit.errors}
        inputProps={{ ...getInputProps(fields.dailyItemLimit, { type: "number" }), min: SOURCE_LIMITS.dailyItemLimit.min, max: SOURCE_LIMITS.dailyItemLimit.max }}
      />
      <Field
        label={t("sources.fields.expireAfterDays")}
        errors={fields.expireAfterDays.errors}
        inputProps={{ ...getInputProps(fields.expireAfterDays, { type: "number" }), min: SOURCE_LIMITS.expireAfterDays.min, max: SOURCE_LIMITS.expireAfterDays.max }}
      />
    </>
  );
}

function useSourceForm(id: string, lastResult: SubmissionResult<string[]> | undefined, defaultValue: Record<string, unknown>) {
  const { t } = useTranslation("feeds");
  return useValidatedForm(() => sourceFormSchema(t), { id, lastResult, defaultValue });
}

function EditSourceForm({ source, actionData }: { source: SourceRow; actionData: ActionData }) {
  const { t } = useTranslation("feeds");
  const answered = actionData?.intent === "update" && actionData.sourceId === source.id;
  const formId = `edit-${source.id}`;
  const [form, fields] = useSourceForm(formId, answered ? actionData.result : undefined, {
    url: source.url,
    name: source.name,
    kind: source.kind,
    approval: source.approval,
    dailyItemLimit: String(source.dailyItemLimit),
    expireAfterDays: String(source.expireAfterDays),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="sourceId" value={source.id} />
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <SourceFields fields={fields} />
      <Button>{t("sources.save")}</Button>
    </Form>
  );
}

export default function FeedSourcesPage() {
  const { t, i18n } = useTranslation("feeds");
  const { sources, notice, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData;
  const isPending = useIsPending({ intent: "create" });
  const [form, fields] = useSourceForm("add-source", actionData?.intent === "create" ? actionData.result : undefined, {
    kind: "external",
    approval: "review",
    dailyItemLimit: String(SOURCE_LIMITS.dailyItemLimit.default),
    expireAfterDays: String(SOURCE_LIMITS.expireAfterDays.default),
  });
  const when = (date: string) => formatDateTime(date, i18n.language, { timeZone });

  return (
    <div className="stack">
      <p>
        <Link to="/admin/feed">{t("sources.back")}</Link>
      </p>
      <PageHeader title={t("sources.title")} lead={t("sources.lead")} />
      {notice ? (
        <Alert tone="success">
          <p>{t(`sources.notice.${notice}`)}</p>
        </Alert>
      ) : null}
      <section className="card" aria-labelledby="sources-title">
        <h2 id="sources-title">{t("sources.listTitle", { count: sources.length })}</h2>
        {sources.length === 0 ? (
          <EmptyState title={t("sources.emptyTitle")} description={t("sources.emptyBody")} headingLevel={3} />
        ) : (
          <ul className="source-list stack">
            {sources.map((source) => (
              <li key={source.id} className="source-item">
                <article aria-labelledby={`source-${source.id}`}>
                  <h3 id={`source-${source.id}`}>{source.name}</h3>
                  <p className="muted">
                    <StatusBadge tone={source.kind === "company" ? "info" : "neutral"}>{t(`sources.kind.${source.kind}`)}</StatusBadge> {t(`sources.approval.${source.approval}`)} ·{" "}
                    <span className="break-anywhere">{source.url}</span>
                  </p>
                  <p className="muted">{t("sources.limits", { daily: source.dailyItemLimit, days: source.expireAfterDays })}</p>
                  <ul className="source-health">
                    <li>{source.lastSuccessAt ? t("sources.health.lastSuccess", { date: when(source.lastSuccessAt) }) : t("sources.health.neverRead")}</li>
                    {source.lastError ? (
                      <li>
                        <StatusBadge tone="danger">{t("sources.health.failures", { count: source.consecutiveFailures })}</StatusBadge> {t("sources.health.lastError", { message: source.lastError })}
                      </li>
                    ) : null}
                    <li>{t("sources.health.nextFetch", { date: when(source.nextFetchAt) })}</li>
                  </ul>
                  <FormOnDemand formId={`edit-${source.id}`} summary={
                      <>
                        {t("sources.edit")}
                        <span className="visually-hidden">: {source.name}</span>
                      </>
                    } answered={actionData?.intent === "update" && actionData.sourceId === source.id}>
                    {() => <EditSourceForm source={source} actionData={actionData} />}
                  </FormOnDemand>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="archive" />
                    <input type="hidden" name="sourceId" value={source.id} />
                    <Button variant="ghost" size="small" aria-label={t("sources.archiveLabel", { name: source.name })}>
                      {t("sources.archive")}
                    </Button>
                  </Form>
                </article>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="add-source-title">
        <h2 id="add-source-title">{t("sources.addTitle")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack narrow-page">
          <input type="hidden" name="intent" value="create" />
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <SourceFields fields={fields} />
          <Button pending={isPending}>{t("sources.add")}</Button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
