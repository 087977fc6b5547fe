import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { AutoRefresh } from "~/components/auto-refresh";
import { Button, ButtonLink } from "~/components/button";
import { PageHeader } from "~/components/page-header";
import { useIsPending } from "~/components/forms/use-is-pending";
import { formatNumber } from "~/utils/format";
import type { LoaderData } from "./import-data";

/** While importing: reload every 2 s, by revalidation with JavaScript and by <meta refresh> without. */
export function ProgressView({ data }: { data: LoaderData }) {
  const { t } = useTranslation("imports");
  const { importRow, locale } = data;
  const number = (value: number) => formatNumber(value, locale);

  return (
    <div className="stack">
      <AutoRefresh seconds={2} />
      <PageHeader title={t("progress.title", { fileName: importRow.fileName })} lead={t("progress.lead")} />
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">{t("progress.label")}</h2>
        <progress className="departure-progress" max={Math.max(1, importRow.totalRows)} value={importRow.processedRows} aria-labelledby="progress-title">
          {number(importRow.processedRows)} / {number(importRow.totalRows)}
        </progress>
        <p role="status">
          {t("progress.status", { processed: number(importRow.processedRows), total: number(importRow.totalRows) })}
        </p>
        <Counts data={data} />
        <p className="muted">{t("progress.refreshing")}</p>
      </section>
    </div>
  );
}

function Counts({ data }: { data: LoaderData }) {
  const { t } = useTranslation("imports");
  const { importRow, locale } = data;
  const rows: Array<[string, number]> = [
    ["total", importRow.totalRows],
    ["created", importRow.createdCount],
    ["existing", importRow.existingCount],
    ["rejected", importRow.rejectedCount],
  ];
  return (
    <dl className="stat-list">
      {rows.map(([key, value]) => (
        <div className="stat-list__row" key={key}>
          <dt>{t(`result.counts.${key}`)}</dt>
          <dd>{formatNumber(value, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ResultView({ data }: { data: LoaderData }) {
  const { t } = useTranslation("imports");
  const isPending = useIsPending();
  const { importRow, locale } = data;
  const number = (value: number) => formatNumber(value, locale);
  const failed = importRow.status === "failed";

  return (
    <div className="stack">
      <PageHeader
        title={t(failed ? "result.failedTitle" : "result.title", { fileName: importRow.fileName })}
        actions={
          <>
            <ButtonLink to="/admin/departures" variant="ghost">
              {t("result.departures")}
            </ButtonLink>
            <ButtonLink to="/admin/departures/import" variant="ghost">
              {t("result.another")}
            </ButtonLink>
          </>
        }
      />
      {failed ? (
        <Alert tone="error">
          <p>{t("result.failed", { processed: number(importRow.processedRows), total: number(importRow.totalRows) })}</p>
          <Form method="post">
            <Button name="intent" value="resume" pending={isPending} pendingLabel={t("result.resuming")}>
              {t("result.resume")}
            </Button>
          </Form>
        </Alert>
      ) : (
        <Alert tone="success">
          <p>
            {t("result.summary", {
              created: number(importRow.createdCount),
              existing: number(importRow.existingCount),
              rejected: number(importRow.rejectedCount),
            })}
          </p>
        </Alert>
      )}
      <section className="card" aria-labelledby="result-title">
        <h2 id="result-title">{t("preview.countsTitle")}</h2>
        <Counts data={data} />
        {importRow.rejectedCount > 0 ? (
          <div className="card__footer">
            <p>
              <Link to={`/admin/imports/${importRow.id}/rejections.csv`} reloadDocument>
                {t("result.download")}
              </Link>
            </p>
            <p className="muted">{t("result.downloadHint")}</p>
          </div>
        ) : null}
      </section>
    </div>
  );
}
