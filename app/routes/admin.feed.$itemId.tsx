import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { approvalFormSchema, formMax, SUMMARY_MAX } from "~/modules/feeds/review-form";
import { approveItem, getItemForReview, rejectItem } from "~/modules/feeds/review.server";
import { httpUrlOrNull, sanitizeFeedHtml } from "~/modules/feeds/sanitize";
import { SHARE_LANGUAGES, SHARE_NETWORKS, shareTextField, X_MAX_WEIGHT } from "~/modules/feeds/share-limits";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/**
 * One item of the review queue: its summary and its six share texts (LinkedIn, X, Facebook in
 * English and French), filled in with the defaults, which HR may edit before approving.
 */

async function loadItem(id: string) {
  try {
    return await getItemForReview(getDb(), id);
  } catch (error) {
    if (isDomainFailure(error) && error.kind === "notFound") throw notFound();
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "feeds");
  const { item, texts, settings, xWeights } = await loadItem(requireIdParam(params.itemId));
  const defaults = Object.fromEntries(SHARE_NETWORKS.flatMap((network) => SHARE_LANGUAGES.map((language) => [shareTextField(network, language), texts[network][language]])));
  return json({
    item: {
      id: item.id,
      kind: item.kind,
      status: item.status,
      title: item.title,
      url: httpUrlOrNull(item.url),
      sourceName: item.source_name,
      // Stored sanitised; sanitised again so that nothing else reaches the page.
      summaryHtml: sanitizeFeedHtml(item.summary_html),
      summaryText: item.summary_text,
    },
    defaults: { summary: item.summary_text, ...defaults },
    disclosures: settings.disclosures,
    // What X counts for the suggested texts (with the disclosure line and the link).
    xWeights,
    xMax: X_MAX_WEIGHT,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "feeds");
  const id = requireIdParam(params.itemId);
  const formData = await readFormData(request);
  const db = getDb();
  const actor = { userId: user.id };
  if (formData.get("intent") === "reject") {
    const submission = parseWithZod(formData, { schema: approvalFormSchema(t).partial() });
    try {
      const outcome = await rejectItem(db, id, actor);
      return redirect(outcome === "unchanged" ? "/admin/feed?notice=unchanged" : "/admin/feed?notice=rejected&count=1");
    } catch (error) {
      if (!isDomainFailure(error)) throw error;
      if (error.kind === "notFound") throw notFound();
      return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
    }
  }
  const submission = parseWithZod(formData, { schema: approvalFormSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    const outcome = await approveItem(db, id, submission.value, actor);
    return redirect(outcome === "unchanged" ? "/admin/feed?notice=unchanged" : "/admin/feed?notice=approved&count=1");
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    if (error.kind === "notFound") throw notFound();
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "item.metaTitle", "feeds");

export default function FeedItemPage() {
  const { t } = useTranslation("feeds");
  const { item, defaults, disclosures, xWeights, xMax } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => approvalFormSchema(t), {
    id: "approve-item",
    lastResult: actionData?.result,
    defaultValue: defaults,
  });
  const pending = item.status === "pending";

  return (
    <div className="stack narrow-page">
      <p>
        <Link to="/admin/feed">{t("item.back")}</Link>
      </p>
      <PageHeader title={item.title} lead={item.sourceName ? t("item.source", { name: item.sourceName }) : t("review.companyPost")} />
      <p>
        <StatusBadge tone={pending ? "info" : "neutral"}>{t(`item.status.${item.status}`)}</StatusBadge>{" "}
        {item.url ? (
          <a href={item.url} rel="noopener noreferrer nofollow" target="_blank">
            {t("review.openLink")}
          </a>
        ) : null}
        {/* What a shared link's preview shows (feed.$itemId); only an approved item has one. */}
        {item.status === "approved" ? (
          <>
            {" "}
            <Link to={`/feed/${item.id}`}>{t("item.publicPage")}</Link>
          </>
        ) : null}
      </p>
      {/* Sanitised HTML only (see the loader). */}
      <div className="card review-item__summary" dangerouslySetInnerHTML={{ __html: item.summaryHtml }} />
      {!pending ? (
        // A decision sent after another (another tab, another HR admin) was refused for this reason.
        <Alert tone={actionData ? "error" : "info"}>
          <p>{t("item.notPending")}</p>
        </Alert>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <Field
            label={t("item.summary")}
            hint={t("item.summaryHint")}
            errors={fields.summary.errors}
            textareaProps={{ ...getTextareaProps(fields.summary), rows: 5, maxLength: SUMMARY_MAX }}
          />
          <h2>{t("item.shareTitle")}</h2>
          <p className="muted">{t("item.shareLead")}</p>
          <ul>
            {SHARE_LANGUAGES.map((language) => (
              <li key={language}>
                {disclosures[language]
                  ? t("item.disclosure", { language: t(`item.languages.${language}`), line: disclosures[language] })
                  : t("item.noDisclosure", { language: t(`item.languages.${language}`) })}
              </li>
            ))}
          </ul>
          {SHARE_NETWORKS.flatMap((network) =>
            SHARE_LANGUAGES.map((language) => {
              const name = shareTextField(network, language);
              return (
                <Field
                  key={name}
                  label={t(`item.fields.${name}`)}
                  hint={network === "x" ? `${t("item.xHint")} ${t("item.xCount", { count: xWeights[language], max: xMax })}` : undefined}
                  errors={fields[name].errors}
                  textareaProps={{ ...getTextareaProps(fields[name]), rows: network === "x" ? 3 : 6, maxLength: formMax(network), lang: language, required: true }}
                />
              );
            }),
          )}
          <p className="inline-actions">
            <Button name="intent" value="approve" pending={isPending}>
              {t("item.approve")}
            </Button>{" "}
            <Button name="intent" value="reject" variant="ghost" formNoValidate>
              {t("item.reject")}
            </Button>
          </p>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
