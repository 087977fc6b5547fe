import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { EMAIL_STATUS_TONES } from "~/modules/email/outbox";
import { outboxMode } from "~/modules/email/outbox-mode.server";
import { listOutbox, outboxQuerySchema } from "~/modules/email/outbox.server";
import { getDb } from "~/utils/db.server";
import { formatDateTime, toIsoString } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request);
  const url = new URL(request.url);
  const query = outboxQuerySchema.safeParse({ before: url.searchParams.get("before") ?? undefined });
  if (!query.success) {
    throw new Response(query.error.issues.map((issue) => issue.message).join("; "), { status: 400 });
  }
  const page = await listOutbox(getDb(), { before: query.data.before });
  return json({
    ...page,
    isFirstPage: !query.data.before,
    mode: outboxMode(),
    locale,
  });
}

const MODE_NOTICES = {
  delivering: "outbox.delivering",
  local: "outbox.capturing",
  "captured-redacted": "outbox.capturingRedacted",
} as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outbox.title", "admin");

export default function OutboxPage() {
  const { t } = useTranslation("admin");
  const { items, nextBefore, isFirstPage, mode, locale } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <PageHeader title={t("outbox.title")} lead={t("outbox.lead")} />
      <Alert tone="info">
        <p>{t(MODE_NOTICES[mode])}</p>
      </Alert>
      {items.length === 0 ? (
        <EmptyState title={t("outbox.empty")} description={t("outbox.emptyBody")} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("outbox.tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("outbox.columns.createdAt")}</th>
                <th scope="col">{t("outbox.columns.to")}</th>
                <th scope="col">{t("outbox.columns.subject")}</th>
                <th scope="col">{t("outbox.columns.template")}</th>
                <th scope="col">{t("outbox.columns.status")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((email) => (
                <tr key={email.id}>
                  <td>
                    <time dateTime={toIsoString(email.created_at)}>{formatDateTime(email.created_at, locale)}</time>
                  </td>
                  <td>{email.to_address}</td>
                  <td>
                    <Link to={`/admin/outbox/${email.id}`}>{email.subject}</Link>
                  </td>
                  <td>{t(`outbox.templates.${email.template}`, { defaultValue: email.template })}</td>
                  <td>
                    <StatusBadge tone={EMAIL_STATUS_TONES[email.status]}>{t(`outbox.statuses.${email.status}`)}</StatusBadge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore || !isFirstPage ? (
        <nav aria-label={t("outbox.pagination")} className="page-header__actions">
          {!isFirstPage ? (
            <ButtonLink to="/admin/outbox" variant="ghost" size="small">
              {t("outbox.newestPage")}
            </ButtonLink>
          ) : null}
          {nextBefore ? (
            <ButtonLink to={`/admin/outbox?${new URLSearchParams({ before: nextBefore })}`} variant="ghost" size="small">
              {t("outbox.olderPage")}
            </ButtonLink>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
