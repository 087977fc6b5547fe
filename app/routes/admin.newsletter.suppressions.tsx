import { getFormProps, getInputProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { addSuppressionSchema, liftSuppressionSchema, searchSuppressionSchema, SUPPRESSION_NOTE_MAX } from "~/modules/newsletter/suppression-forms";
import { addManualSuppression, findSuppression, liftSuppression, listSuppressions, type SuppressionRow } from "~/modules/newsletter/suppressions.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { formatDateTime } from "~/utils/format";
import type { SuppressionReason } from "../../db/schema";

/**
 * The suppression list for HR (docs/decisions/024): "why is this address suppressed" (reason, since
 * when, which issue, the bounce message or HR's note, who added it), the most recent first by
 * keyset, an address added by hand with a note, and a suppression lifted. Adding and lifting are
 * audited. Lifting an unsubscribe does not subscribe anyone: the consent ledger still says no.
 */

const NOTICES = ["added", "lifted", "liftedUnsubscribed"] as const;

const cursorSchema = z.object({
  beforeAt: z.iso.datetime({ offset: true }),
  beforeEmail: z.string().min(1).max(254),
});

function serialiseRow(row: SuppressionRow) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await requireHrAdmin(request, "deliverability");
  const params = new URL(request.url).searchParams;
  const db = getDb();
  const notice = params.get("notice");
  let search: { email: string; error: string | null; row: ReturnType<typeof serialiseRow> | null } | null = null;
  if (params.has("email")) {
    const parsed = searchSuppressionSchema(t).safeParse({ email: params.get("email") ?? "" });
    if (!parsed.success) search = { email: params.get("email") ?? "", error: parsed.error.issues[0]?.message ?? null, row: null };
    else {
      const row = await findSuppression(db, parsed.data.email);
      search = { email: parsed.data.email, error: null, row: row ? serialiseRow(row) : null };
    }
  }
  // A cursor that does not parse (an edited address) shows the first page.
  const cursor = cursorSchema.safeParse({ beforeAt: params.get("beforeAt") ?? undefined, beforeEmail: params.get("beforeEmail") ?? undefined });
  const after = cursor.success ? { createdAt: new Date(cursor.data.beforeAt), email: cursor.data.beforeEmail } : null;
  const list = await listSuppressions(db, { after });
  return json({
    notice: notice && (NOTICES as readonly string[]).includes(notice) ? notice : null,
    search,
    rows: list.rows.map(serialiseRow),
    next: list.next ? { beforeAt: list.next.createdAt.toISOString(), beforeEmail: list.next.email } : null,
    paged: after !== null,
    timeZone: getEnv().COMPANY_TIME_ZONE,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "deliverability");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const actor = { userId: user.id };
  const db = getDb();
  if (intent === "add") {
    const submission = parseWithZod(formData, { schema: addSuppressionSchema(t) });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      await addManualSuppression(db, { email: submission.value.email, note: submission.value.note || null, actor });
    } catch (error) {
      if (!isDomainFailure(error)) throw error;
      return json({ intent, result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
    }
    return redirect(`/admin/newsletter/suppressions?notice=added&email=${encodeURIComponent(submission.value.email)}`);
  }
  if (intent === "lift") {
    const submission = parseWithZod(formData, { schema: liftSuppressionSchema(t) });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      const { reason } = await liftSuppression(db, { email: submission.value.email, actor });
      return redirect(`/admin/newsletter/suppressions?notice=${reason === "unsubscribed" ? "liftedUnsubscribed" : "lifted"}`);
    } catch (error) {
      if (!isDomainFailure(error)) throw error;
      return json({ intent, result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
    }
  }
  return json({ intent: null, result: { status: "error" as const, error: { "": [t("suppressions.errors.intentInvalid")] } } }, { status: 400 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "suppressions.metaTitle", "deliverability");

const REASON_TONE: Record<SuppressionReason, "danger" | "warning" | "neutral" | "info"> = {
  complaint: "danger",
  hard_bounce: "warning",
  unsubscribed: "neutral",
  manual: "info",
};

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

function LiftForm({ email }: { email: string }) {
  const { t } = useTranslation("deliverability");
  const isPending = useIsPending({ intent: "lift" });
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="lift" />
      <input type="hidden" name="email" value={email} />
      <Button variant="ghost" size="small" pending={isPending} aria-label={t("suppressions.liftConfirm", { email })}>
        {t("suppressions.lift")}
      </Button>
    </Form>
  );
}

function SuppressionDetails({ row, when }: { row: Row; when: (iso: string) => string }) {
  const { t } = useTranslation("deliverability");
  return (
    <dl className="stat-list">
      <div className="stat-list__row">
        <dt>{t("suppressions.fields.reason")}</dt>
        <dd>
          <StatusBadge tone={REASON_TONE[row.reason]}>{t(`reasons.${row.reason}`)}</StatusBadge>
        </dd>
      </div>
      <div className="stat-list__row">
        <dt>{t("suppressions.fields.since")}</dt>
        <dd>{when(row.createdAt)}</dd>
      </div>
      <div className="stat-list__row">
        <dt>{t("suppressions.fields.issue")}</dt>
        <dd>{row.issueId ? <Link to={`/admin/newsletter/${row.issueId}/results`}>{row.issueSubject ?? t("results.untitled")}</Link> : t("suppressions.noIssue")}</dd>
      </div>
      <div className="stat-list__row">
        <dt>{t("suppressions.fields.detail")}</dt>
        <dd>{row.detail ?? t("suppressions.noDetail")}</dd>
      </div>
      {row.userName ? (
        <div className="stat-list__row">
          <dt>{t("suppressions.fields.person")}</dt>
          <dd>{row.userName}</dd>
        </div>
      ) : null}
      {row.createdByName ? (
        <div className="stat-list__row">
          <dt>{t("suppressions.fields.addedBy")}</dt>
          <dd>{row.createdByName}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export default function SuppressionsPage() {
  const { t, i18n } = useTranslation("deliverability");
  const { notice, search, rows, next, paged, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const when = (iso: string) => formatDateTime(iso, i18n.language, { timeZone });
  const [addForm, addFields] = useValidatedForm(() => addSuppressionSchema(t), { id: "add-suppression", lastResult: actionData?.intent === "add" ? actionData.result : undefined });
  const liftErrors = actionData?.intent === "lift" || actionData?.intent === null ? Object.values(actionData.result.error ?? {}).flat().filter((e): e is string => typeof e === "string") : [];
  const addPending = useIsPending({ intent: "add" });

  return (
    <div className="stack">
      <PageHeader title={t("suppressions.title")} lead={t("suppressions.lead")} />
      {notice ? (
        <Alert tone="success">
          <p>{t(`suppressions.notices.${notice}`)}</p>
        </Alert>
      ) : null}
      {liftErrors.length > 0 ? (
        <Alert tone="error">
          {liftErrors.map((error) => (
            <p key={error}>{error}</p>
          ))}
        </Alert>
      ) : null}

      <section className="card" aria-labelledby="suppression-search-title">
        <h2 id="suppression-search-title">{t("suppressions.searchTitle")}</h2>
        <Form method="get" className="inline-field-form">
          <Field
            label={t("suppressions.searchLabel")}
            errors={search?.error ? [search.error] : undefined}
            inputProps={{ id: "suppression-search", name: "email", type: "email", defaultValue: search?.email ?? "", required: true, maxLength: 254, autoComplete: "off" }}
          />
          <Button variant="ghost">{t("suppressions.search")}</Button>
        </Form>
        {search && !search.error ? (
          search.row ? (
            <div className="stack">
              <p>
                <strong>{t("suppressions.found", { email: search.row.email })}</strong>
              </p>
              <SuppressionDetails row={search.row} when={when} />
              {search.row.reason === "unsubscribed" ? <p className="muted">{t("suppressions.liftUnsubscribedNote")}</p> : null}
              <LiftForm email={search.row.email} />
            </div>
          ) : (
            <p>{t("suppressions.notSuppressed", { email: search.email })}</p>
          )
        ) : null}
      </section>

      <section className="card" aria-labelledby="suppression-recent-title">
        <h2 id="suppression-recent-title">{t("suppressions.recentTitle")}</h2>
        {rows.length === 0 ? (
          <EmptyState headingLevel={3} title={t("suppressions.empty")} />
        ) : (
          <>
            <p className="muted">{t("suppressions.liftUnsubscribedNote")}</p>
            <TableScroll label={t("suppressions.tableLabel")}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("suppressions.columns.email")}</th>
                    <th scope="col">{t("suppressions.columns.reason")}</th>
                    <th scope="col">{t("suppressions.columns.since")}</th>
                    <th scope="col">{t("suppressions.columns.issue")}</th>
                    <th scope="col">{t("suppressions.columns.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.email}>
                      <th scope="row">
                        <Link to={`?email=${encodeURIComponent(row.email)}`}>{row.email}</Link>
                      </th>
                      <td data-label={t("suppressions.columns.reason")}>
                        <StatusBadge tone={REASON_TONE[row.reason]}>{t(`reasons.${row.reason}`)}</StatusBadge>
                      </td>
                      <td data-label={t("suppressions.columns.since")}>{when(row.createdAt)}</td>
                      <td data-label={t("suppressions.columns.issue")}>{row.issueId ? <Link to={`/admin/newsletter/${row.issueId}/results`}>{row.issueSubject ?? t("results.untitled")}</Link> : t("suppressions.noIssue")}</td>
                      <td data-label={t("suppressions.columns.actions")}>
                        <LiftForm email={row.email} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
        {paged || next ? (
          <nav className="inline-form" aria-label={t("suppressions.tableLabel")}>
            {paged ? <Link to="/admin/newsletter/suppressions">{t("suppressions.first")}</Link> : null}
            {next ? <Link to={`?beforeAt=${encodeURIComponent(next.beforeAt)}&beforeEmail=${encodeURIComponent(next.beforeEmail)}`}>{t("suppressions.more")}</Link> : null}
          </nav>
        ) : null}
      </section>

      <section className="card" aria-labelledby="suppression-add-title">
        <h2 id="suppression-add-title">{t("suppressions.addTitle")}</h2>
        <p>{t("suppressions.addLead")}</p>
        <Form method="post" {...getFormProps(addForm)} className="stack">
          <input type="hidden" name="intent" value="add" />
          <FormErrorSummary id={addForm.errorId} errors={addForm.errors} />
          <Field label={t("suppressions.addEmail")} errors={addFields.email.errors} inputProps={{ ...getInputProps(addFields.email, { type: "email" }), required: true, maxLength: 254, autoComplete: "off" }} />
          <Field
            label={t("suppressions.addNote")}
            hint={t("suppressions.addNoteHint")}
            errors={addFields.note.errors}
            textareaProps={{ ...getTextareaProps(addFields.note), maxLength: SUPPRESSION_NOTE_MAX, rows: 3 }}
          />
          <div>
            <Button pending={addPending}>{t("suppressions.add")}</Button>
          </div>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
