import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { AutoRefresh } from "~/components/auto-refresh";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/page-title";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { failureText } from "~/modules/i18n/failure-text";
import { AUDIENCE_SEGMENTS } from "~/modules/newsletter/audience";
import { cancelIssue, pauseIssue, resumeIssue, scheduleIssue } from "~/modules/newsletter/controls.server";
import { audienceFormSchema, audienceFromForm, loadSendPanel, saveIssueAudience } from "~/modules/newsletter/send-panel.server";
import { settleStuckBatch } from "~/modules/newsletter/stuck-batches.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { formatDateTime, formatNumber } from "~/utils/format";
import { requireIdParam } from "~/utils/ids";
import { instantAtWallTime, wallTimeOf } from "~/utils/time-zones";

/**
 * An issue's Send tab (HR admins): before the send, who it goes to (the filter and the count now),
 * send now or at a time in the company's time zone, cancel; during it, live progress with pause and
 * resume; after it, what happened. Every button is a form, so it all works without JavaScript.
 */

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "newsletter");
  const issueId = requireIdParam(params.issueId);
  const panel = await loadSendPanel(getDb(), issueId);
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  // A time one hour from now, on the company's clocks, as the schedule form's suggestion.
  const suggestion = wallTimeOf(new Date(Date.now() + 60 * 60 * 1000), timeZone);
  // "Send now" and a time that came are started by a job within seconds: watch for it.
  const startsSoon = panel.status === "scheduled" && panel.scheduledAt !== null && panel.scheduledAt.getTime() - Date.now() < 60_000;
  return json({ issueId, panel, locale, timeZone, suggestion, startsSoon });
}

const scheduleSchema = z.object({
  day: z.string({ message: "Choose a day." }).regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a day."),
  time: z.string({ message: "Choose a time." }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Choose a time (hours and minutes)."),
});

const intentSchema = z.enum(["audience", "schedule", "sendNow", "cancel", "pause", "resume", "stuckReceived", "stuckSendAgain"]);
const stuckSchema = z.object({ batch: z.coerce.number().int().min(0).max(10_000_000) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "newsletter");
  const issueId = requireIdParam(params.issueId);
  const formData = await readFormData(request);
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) return json({ error: t("send.unknownAction") }, { status: 400 });
  const db = getDb();
  try {
    switch (intent.data) {
      case "audience": {
        const submission = parseWithZod(formData, { schema: audienceFormSchema });
        if (submission.status !== "success") return json({ error: t("send.audience.invalid") }, { status: 400 });
        await saveIssueAudience(db, issueId, audienceFromForm(submission.value), user.id);
        break;
      }
      case "schedule": {
        const submission = parseWithZod(formData, { schema: scheduleSchema });
        if (submission.status !== "success") return json({ error: t("send.schedule.invalid") }, { status: 400 });
        const at = instantAtWallTime(submission.value.day, submission.value.time, getEnv().COMPANY_TIME_ZONE);
        if (Number.isNaN(at.getTime())) return json({ error: t("send.schedule.invalid") }, { status: 400 });
        await scheduleIssue(db, issueId, at, user.id);
        break;
      }
      case "sendNow":
        await scheduleIssue(db, issueId, "now", user.id);
        break;
      case "cancel":
        await cancelIssue(db, issueId, user.id);
        break;
      case "pause":
        await pauseIssue(db, issueId, user.id);
        break;
      case "resume":
        await resumeIssue(db, issueId, user.id);
        break;
      case "stuckReceived":
      case "stuckSendAgain": {
        const stuck = stuckSchema.safeParse({ batch: formData.get("batch") });
        if (!stuck.success) return json({ error: t("send.stuck.invalid") }, { status: 400 });
        await settleStuckBatch(db, issueId, stuck.data.batch, intent.data === "stuckReceived" ? "received" : "sendAgain", user.id);
        break;
      }
    }
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    const status = error.kind === "notFound" ? 404 : error.kind === "invalid" ? 400 : 409;
    return json({ error: error.failures.map((failure) => failureText(failure, locale)).join(" ") }, { status });
  }
  return redirect(`/admin/newsletter/${issueId}/send?done=${intent.data}`);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "send.metaTitle", "newsletter");

export default function IssueSendTab() {
  const { t } = useTranslation("newsletter");
  const { panel, startsSoon } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  return (
    <div className="stack">
      {actionData?.error ? (
        <Alert tone="error" title={t("send.failed")}>
          {actionData.error}
        </Alert>
      ) : done && intentSchema.safeParse(done).success ? (
        <Alert tone="success">{t(`send.done.${done}`)}</Alert>
      ) : null}
      {startsSoon ? <AutoRefresh seconds={2} /> : null}
      <StopNotice />
      {panel.setup ? <BeforeSend /> : null}
      {panel.progress ? <Progress /> : null}
      {!panel.setup && !panel.progress ? <p className="muted">{t("send.nothingToSend")}</p> : null}
    </div>
  );
}

function StopNotice() {
  const { t } = useTranslation("newsletter");
  const { panel } = useLoaderData<typeof loader>();
  if (panel.status === "stopped") return <Alert tone="error" title={t("send.stopped.title")}>{t(`send.stopReasons.${panel.stopReason ?? "unknown"}`, { defaultValue: t("send.stopReasons.unknown") })}</Alert>;
  if (panel.status === "paused")
    return (
      <Alert tone="info" title={t("send.paused.title")}>
        {t(`send.stopReasons.${panel.stopReason ?? "byHr"}`, { defaultValue: t("send.stopReasons.unknown") })}
      </Alert>
    );
  return null;
}

function BeforeSend() {
  const { t } = useTranslation("newsletter");
  const { panel, locale, timeZone, suggestion } = useLoaderData<typeof loader>();
  const setup = panel.setup!;
  const chosenDepartments = new Set(panel.audience.departmentIds ?? []);
  const chosenYears = new Set(panel.audience.leavingYears ?? []);
  const count = formatNumber(setup.count, locale);
  return (
    <>
      <section className="card stack" aria-labelledby="audience-title">
        <h2 id="audience-title">{t("send.audience.title")}</h2>
        <p role="status">
          <strong>{t("send.audience.count", { count: setup.count, formatted: count })}</strong>
        </p>
        <p className="muted">{t("send.audience.rule")}</p>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="audience" />
          <fieldset className="fieldset">
            <legend>{t("send.audience.departments")}</legend>
            <p className="muted">{t("send.audience.departmentsHint")}</p>
            <div className="checkbox-grid">
              {setup.departments.map((department) => (
                <label key={department.id} className="choice" style={{ paddingInlineStart: `${Math.max(0, department.depth - 1)}em` }}>
                  <input type="checkbox" name="department" value={department.id} defaultChecked={chosenDepartments.has(department.id)} /> {department.path}
                </label>
              ))}
            </div>
          </fieldset>
          {setup.leavingYears.length > 0 ? (
            <fieldset className="fieldset">
              <legend>{t("send.audience.years")}</legend>
              <div className="checkbox-grid">
                {setup.leavingYears.map((year) => (
                  <label key={year} className="choice">
                    <input type="checkbox" name="year" value={year} defaultChecked={chosenYears.has(year)} /> {year}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <fieldset className="fieldset">
            <legend>{t("send.audience.segment")}</legend>
            <p className="muted">{t("send.audience.segmentHint")}</p>
            {["", ...AUDIENCE_SEGMENTS].map((segment) => (
              <label key={segment || "all"} className="choice">
                <input type="radio" name="segment" value={segment} defaultChecked={(panel.audience.segment ?? "") === segment} />{" "}
                {t(`send.audience.segments.${segment || "all"}`)}
              </label>
            ))}
          </fieldset>
          <div>
            <Button type="submit" variant="ghost">
              {t("send.audience.save")}
            </Button>
          </div>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="when-title">
        <h2 id="when-title">{t("send.when.title")}</h2>
        {panel.status === "scheduled" && panel.scheduledAt ? (
          <p>{t("send.when.scheduledFor", { date: formatDateTime(panel.scheduledAt, locale, { timeZone }) })}</p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="sendNow" />
          <Button type="submit" disabled={setup.count === 0}>
            {t("send.when.sendNow", { count: setup.count, formatted: count })}
          </Button>
        </Form>
        <Form method="post" className="button-row">
          <input type="hidden" name="intent" value="schedule" />
          <label>
            {t("send.when.day")} <input type="date" name="day" required defaultValue={suggestion.day} />
          </label>
          <label>
            {t("send.when.time")} <input type="time" name="time" required defaultValue={suggestion.time} />
          </label>
          <span className="muted">{t("send.when.timeZone", { timeZone })}</span>
          <Button type="submit" variant="ghost" disabled={setup.count === 0}>
            {panel.status === "scheduled" ? t("send.when.reschedule") : t("send.when.schedule")}
          </Button>
        </Form>
        {panel.status === "scheduled" || panel.status === "draft" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <Button type="submit" variant="danger">
              {t("send.when.cancel")}
            </Button>
          </Form>
        ) : null}
      </section>
    </>
  );
}

function Progress() {
  const { t } = useTranslation("newsletter");
  const { panel, locale, issueId } = useLoaderData<typeof loader>();
  const progress = panel.progress!;
  const number = (value: number) => formatNumber(value, locale);
  const done = progress.submitted + progress.suppressed;
  const running = progress.status === "sending";
  const minutesLeft = progress.estimatedSecondsLeft === null ? null : Math.max(1, Math.ceil(progress.estimatedSecondsLeft / 60));
  return (
    <section className="card stack" aria-labelledby="progress-title">
      {running ? <AutoRefresh seconds={2} /> : null}
      <h2 id="progress-title">{t("send.progress.title")}</h2>
      <progress className="departure-progress" max={Math.max(1, progress.total)} value={done} aria-labelledby="progress-title">
        {number(done)} / {number(progress.total)}
      </progress>
      <p role="status">{t("send.progress.status", { done: number(done), total: number(progress.total) })}</p>
      <dl className="stat-list">
        {(["submitted", "pending", "failed", "suppressed", "stuck"] as const).map((key) => (
          <div key={key} className="stat-list__row">
            <dt>{t(`send.progress.${key}`)}</dt>
            <dd>{number(progress[key])}</dd>
          </div>
        ))}
      </dl>
      {running && minutesLeft !== null ? <p className="muted">{t("send.progress.timeLeft", { count: minutesLeft })}</p> : null}
      {progress.batches.stuck > 0 ? <StuckBatches /> : null}
      <div className="button-row">
        {progress.status === "sending" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="pause" />
            <Button type="submit" variant="ghost">
              {t("send.progress.pause")}
            </Button>
          </Form>
        ) : null}
        {progress.status === "paused" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="resume" />
            <Button type="submit">{t("send.progress.resume")}</Button>
          </Form>
        ) : null}
        {progress.status === "sent" ? <Link to={`/admin/newsletter/${issueId}/results`}>{t("send.progress.seeResults")}</Link> : null}
      </div>
    </section>
  );
}

/** Batches Resend never confirmed within 24 hours: HR checks Resend's log and decides (ADR 024). */
function StuckBatches() {
  const { t } = useTranslation("newsletter");
  const { panel, locale, timeZone } = useLoaderData<typeof loader>();
  const batches = panel.stuckBatches;
  return (
    <div className="stack">
      <Alert tone="error" title={t("send.progress.stuckTitle")}>
        {t("send.progress.stuckBody", { count: panel.progress?.batches.stuck ?? batches.length })}
      </Alert>
      <TableScroll label={t("send.stuck.tableLabel")}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("send.stuck.batch")}</th>
              <th scope="col">{t("send.stuck.recipients")}</th>
              <th scope="col">{t("send.stuck.firstPosted")}</th>
              <th scope="col">{t("send.stuck.key")}</th>
              <th scope="col">{t("send.stuck.decision")}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => (
              <tr key={batch.batchNo}>
                <td className="numeric">{batch.batchNo + 1}</td>
                <td className="numeric">{formatNumber(batch.recipients, locale)}</td>
                <td>{batch.firstAttemptAt ? formatDateTime(batch.firstAttemptAt, locale, { timeZone }) : "—"}</td>
                <td>
                  <code>{batch.idempotencyKey}</code>
                </td>
                <td>
                  <div className="button-row button-row--tight">
                    <Form method="post">
                      <input type="hidden" name="intent" value="stuckReceived" />
                      <input type="hidden" name="batch" value={batch.batchNo} />
                      <Button type="submit" variant="ghost" size="small" aria-label={t("send.stuck.receivedLabel", { batch: batch.batchNo + 1 })}>
                        {t("send.stuck.received")}
                      </Button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="stuckSendAgain" />
                      <input type="hidden" name="batch" value={batch.batchNo} />
                      <Button type="submit" variant="ghost" size="small" aria-label={t("send.stuck.sendAgainLabel", { batch: batch.batchNo + 1 })}>
                        {t("send.stuck.sendAgain")}
                      </Button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="muted">{t("send.stuck.help")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
