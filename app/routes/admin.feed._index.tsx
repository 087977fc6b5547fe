import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageNav } from "~/components/list-filters";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { useIsPending } from "~/components/forms/use-is-pending";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { bulkFormSchema } from "~/modules/feeds/review-form";
import { approveItem, currentMix, decideItems, listPendingItems, rejectItem, REVIEW_PAGE_MAX } from "~/modules/feeds/review.server";
import { httpUrlOrNull, sanitizeFeedHtml } from "~/modules/feeds/sanitize";
import { getFeedSettings } from "~/modules/feeds/settings.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { formatDateTime } from "~/utils/format";
import { isUuid } from "~/utils/ids";
import { wholeNumberParam } from "~/utils/query-params";
import { invariantResponse, lastPageRedirect, notFound } from "~/utils/responses";

/**
 * The share feed's review queue (issue 11): pending items newest first, 50 a page, each approved or
 * rejected by its own button or several at once (checkboxes and one form, which works without
 * JavaScript); "Edit and approve" opens the item's page with its summary and share texts. The mix
 * of the live feed is shown against HR's limit.
 */

const NOTICES = ["approved", "rejected", "unchanged", "posted", "postQueued"] as const;

function noticeOf(url: URL) {
  const notice = url.searchParams.get("notice");
  if (!notice || !(NOTICES as readonly string[]).includes(notice)) return null;
  const count = (name: string) => {
    const value = Number(url.searchParams.get(name) ?? "0");
    return Number.isInteger(value) && value >= 0 && value <= 1000 ? value : 0;
  };
  return { kind: notice as (typeof NOTICES)[number], count: count("count"), skipped: count("skipped") };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await requireHrAdmin(request, "feeds");
  const url = new URL(request.url);
  const page = wholeNumberParam(t("review.badPage", { max: REVIEW_PAGE_MAX }), 1, REVIEW_PAGE_MAX)
    .default(1)
    .safeParse(url.searchParams.get("page") || undefined);
  const pageError = page.success ? null : page.error.issues[0]!.message;
  const db = getDb();
  const settings = await getFeedSettings(db);
  const [queue, mix] = await Promise.all([listPendingItems(db, page.success ? page.data : 1), currentMix(db, settings)]);
  invariantResponse(queue.page <= queue.pageCount, () => lastPageRedirect(url, queue.pageCount));
  return json(
    {
      pageError,
      notice: noticeOf(url),
      timeZone: getEnv().COMPANY_TIME_ZONE,
      mix,
      page: queue.page,
      pageCount: queue.pageCount,
      total: queue.total,
      items: queue.rows.map((item) => ({
        id: item.id,
        kind: item.kind,
        title: item.title,
        url: httpUrlOrNull(item.url),
        sourceName: item.source_name,
        // Stored sanitised (feeds/sanitize.ts); sanitised again here so that nothing else ever
        // reaches the page, whatever wrote the row.
        summaryHtml: sanitizeFeedHtml(item.summary_html),
        fetchedAt: item.fetched_at,
      })),
    },
    { status: pageError ? 400 : 200 },
  );
}

/** Back to the page the decision was made on, with what happened. */
function backTo(request: Request, notice: Record<string, string | number>) {
  const from = new URL(request.url).searchParams.get("page");
  const query = new URLSearchParams(Object.entries(notice).map(([key, value]) => [key, String(value)]));
  if (from && /^\d{1,5}$/.test(from) && from !== "1") query.set("page", from);
  return redirect(`/admin/feed?${query}`);
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "feeds");
  const formData = await readFormData(request);
  const actor = { userId: user.id };
  const db = getDb();
  // One item's own button: its id travels as the button's value.
  const one = formData.get("approveOne") ?? formData.get("rejectOne");
  const submission = parseWithZod(formData, { schema: bulkFormSchema(t) });
  try {
    if (typeof one === "string") {
      if (!isUuid(one)) throw notFound();
      const outcome = formData.has("approveOne") ? await approveItem(db, one, {}, actor) : await rejectItem(db, one, actor);
      return backTo(request, outcome === "unchanged" ? { notice: "unchanged" } : { notice: outcome, count: 1 });
    }
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const { decided, skipped } = await decideItems(db, submission.value, actor);
    return backTo(request, { notice: submission.value.decision === "approve" ? "approved" : "rejected", count: decided, skipped });
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "review.metaTitle", "feeds");

export default function FeedReviewPage() {
  const { t, i18n } = useTranslation("feeds");
  const { items, mix, page, pageCount, total, notice, pageError, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result?: { error?: Record<string, string[] | null> } } | undefined;
  const isPending = useIsPending();
  const errors = Object.values(actionData?.result?.error ?? {}).flatMap((messages) => messages ?? []);

  return (
    <div className="stack">
      <PageHeader
        title={t("review.title")}
        lead={t("review.lead")}
        actions={
          <>
            <Link to="/admin/feed/sources">{t("review.sourcesLink")}</Link> · <Link to="/admin/feed/posts/new">{t("review.newPostLink")}</Link> ·{" "}
            <Link to="/admin/settings/feed">{t("review.settingsLink")}</Link> · <Link to="/admin/feed/analytics">{t("review.analyticsLink")}</Link> ·{" "}
            <Link to="/alumni">{t("review.previewLink")}</Link>
          </>
        }
      />
      {notice ? (
        <Alert tone="success">
          <p>{notice.kind === "approved" || notice.kind === "rejected" ? t(`review.notice.${notice.kind}`, { count: notice.count }) : t(`review.notice.${notice.kind}`)}</p>
          {notice.skipped > 0 ? <p>{t("review.notice.skipped", { count: notice.skipped })}</p> : null}
        </Alert>
      ) : null}
      {pageError ? (
        <Alert tone="error">
          <p>{pageError}</p>
        </Alert>
      ) : null}

      <section className="card" aria-labelledby="mix-title">
        <h2 id="mix-title">{t("review.mixTitle")}</h2>
        <p>
          {mix.total === 0
            ? t("review.mixEmpty", { max: mix.maxPercent })
            : t("review.mix", { company: mix.company, total: mix.total, percent: mix.companyPercent, max: mix.maxPercent })}
        </p>
        {mix.overLimit ? <p className="muted">{t("review.mixOver")}</p> : null}
      </section>

      <section className="card" aria-labelledby="queue-title">
        <h2 id="queue-title">{t("review.queueTitle", { count: total })}</h2>
        <FormErrorSummary id="review-errors" errors={errors} />
        {items.length === 0 ? (
          <EmptyState title={t("review.emptyTitle")} description={t("review.emptyBody")} headingLevel={3} />
        ) : (
          <Form method="post" action={page > 1 ? `/admin/feed?page=${page}` : "/admin/feed"} id="review-queue">
            <ul className="review-list stack">
              {items.map((item) => (
                <li key={item.id} className="review-item">
                  <article aria-labelledby={`item-${item.id}`}>
                    <h3 id={`item-${item.id}`}>
                      <label>
                        <input type="checkbox" name="ids" value={item.id} aria-label={t("review.select", { title: item.title })} /> {item.title}
                      </label>
                    </h3>
                    <p className="muted">
                      <StatusBadge tone={item.kind === "company" ? "info" : "neutral"}>{t(`review.kind.${item.kind}`)}</StatusBadge>{" "}
                      {item.sourceName ?? t("review.companyPost")} · {t("review.fetchedAt", { date: formatDateTime(item.fetchedAt, i18n.language, { timeZone }) })}
                      {item.url ? (
                        <>
                          {" · "}
                          <a href={item.url} rel="noopener noreferrer nofollow" target="_blank">
                            {t("review.openLink")}
                          </a>
                        </>
                      ) : null}
                    </p>
                    {/* Sanitised HTML only (see the loader). */}
                    <div className="review-item__summary" dangerouslySetInnerHTML={{ __html: item.summaryHtml }} />
                    <p className="inline-actions">
                      <Button name="approveOne" value={item.id} size="small" pending={isPending} aria-label={t("review.approveLabel", { title: item.title })}>
                        {t("review.approve")}
                      </Button>{" "}
                      <Button name="rejectOne" value={item.id} size="small" variant="ghost" aria-label={t("review.rejectLabel", { title: item.title })}>
                        {t("review.reject")}
                      </Button>{" "}
                      <Link to={`/admin/feed/${item.id}`} aria-label={t("review.editLabel", { title: item.title })}>
                        {t("review.edit")}
                      </Link>
                    </p>
                  </article>
                </li>
              ))}
            </ul>
            <p className="inline-actions">
              <Button name="decision" value="approve" pending={isPending}>
                {t("review.approveSelected")}
              </Button>{" "}
              <Button name="decision" value="reject" variant="ghost">
                {t("review.rejectSelected")}
              </Button>
            </p>
          </Form>
        )}
        <PageNav
          path="/admin/feed"
          page={page}
          pageCount={pageCount}
          className="review-pagination"
          labels={{ nav: t("review.pagination.nav"), previous: t("review.pagination.previous"), next: t("review.pagination.next"), status: t("review.pagination.status", { page, pageCount }) }}
        />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
