import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlowQuestion } from "~/components/flow-question";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { consumeRateLimit, retryAfterHeaders, retryAfterMinutes } from "~/modules/auth/rate-limit.server";
import { readFormData } from "~/modules/auth/http.server";
import type { QuestionView } from "~/modules/exit/flow-answers";
import { companyToday } from "~/modules/exit/flow.server";
import { failureText } from "~/modules/i18n/failure-text";
import { getFixedT, resolveLocale } from "~/modules/i18n/i18n.server";
import { localized } from "~/modules/i18n/localized-text";
import { inspectPulseLink, recordPulseAnswer, type PulsePage } from "~/modules/pulse/answer.server";
import { pulseAnswerSchema, scoreFromQuery } from "~/modules/pulse/forms";
import { getAnonymitySettings } from "~/modules/responses/anonymity-settings.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { formatDate } from "~/utils/format";

/**
 * The answer page of an alumni pulse: each of the email's eleven score links opens it with `?score=N`.
 *
 * GET shows the question with that score preselected and a comment box, and writes nothing: mail
 * scanners open every link of a message. Only the POST of this page's form records the answer (one
 * per pulse per person; a second replaces the first until the pulse closes). No session: the signed
 * token is the capability (pulse/pulse-links.server.ts). The same-origin check applies to the POST
 * as to every form; the page is served with Referrer-Policy: no-referrer (a token route), so the
 * browser vouches for the post with Sec-Fetch-Site. Posts are limited per IP.
 */

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const lookup = await inspectPulseLink(db, params.token ?? "", companyToday());
  const company = getEnv().COMPANY_NAME;
  if (!lookup.ok) return json({ view: null, preselected: null, k: 0, company }, { status: 404 });
  const preselected = scoreFromQuery(new URL(request.url).searchParams.get("score"));
  const k = lookup.page.anonymous ? (await getAnonymitySettings(db)).minBlockSize : 0;
  return json({ view: lookup.page, preselected, k, company });
}

type ActionData =
  | { kind: "invalid"; fieldErrors: Record<string, string[]>; formErrors: string[]; values: { score: string; comment: string } }
  | { kind: "throttled"; minutes: number }
  | { kind: "unknown" }
  | { kind: "window"; window: "notYetOpen" | "closed" | "cancelled" }
  | { kind: "done"; replaced: boolean; closesOn: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const verdict = await consumeRateLimit("pulseAnswersByIp", context.clientIp);
  if (!verdict.allowed) {
    return json<ActionData>({ kind: "throttled", minutes: retryAfterMinutes(verdict.retryAfterMs) }, { status: 429, headers: retryAfterHeaders(verdict.retryAfterMs) });
  }
  const locale = await resolveLocale(request);
  const t = await getFixedT(locale, "pulse");
  const formData = await readFormData(request);
  const values = { score: String(formData.get("score") ?? ""), comment: String(formData.get("comment") ?? "") };
  const submission = parseWithZod(formData, { schema: pulseAnswerSchema((key, options) => t(key, options) as string) });
  if (submission.status !== "success") {
    const reply = submission.reply();
    return json<ActionData>({ kind: "invalid", fieldErrors: (reply.error ?? {}) as Record<string, string[]>, formErrors: [], values }, { status: 400 });
  }
  try {
    const outcome = await recordPulseAnswer(getDb(), { token: params.token ?? "", score: submission.value.score, comment: submission.value.comment, locale, today: companyToday() });
    switch (outcome.outcome) {
      case "unknown":
        return json<ActionData>({ kind: "unknown" }, { status: 404 });
      case "notYetOpen":
      case "closed":
      case "cancelled":
        return json<ActionData>({ kind: "window", window: outcome.outcome }, { status: 409 });
      default:
        return json<ActionData>({ kind: "done", replaced: outcome.outcome === "replaced", closesOn: outcome.closesOn });
    }
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    const fieldErrors: Record<string, string[]> = {};
    const formErrors: string[] = [];
    for (const failure of error.failures) {
      const text = failureText(failure, locale);
      if (failure.field) (fieldErrors[failure.field] ??= []).push(text);
      else formErrors.push(text);
    }
    return json<ActionData>({ kind: "invalid", fieldErrors, formErrors, values }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "answer.metaTitle", "pulse");

function Closed({ window }: { window: "notYetOpen" | "closed" | "cancelled" }) {
  const { t } = useTranslation("pulse");
  return (
    <div className="card card--narrow">
      <PageHeader title={t(`answer.${window}Title`)} />
      <Alert tone="info">
        <p>{t(`answer.${window}`)}</p>
      </Alert>
    </div>
  );
}

function Unknown() {
  const { t } = useTranslation("pulse");
  return (
    <div className="card card--narrow">
      <PageHeader title={t("answer.invalidTitle")} />
      <Alert tone="error">
        <p>{t("answer.invalid")}</p>
      </Alert>
    </div>
  );
}

function questionViews(view: PulsePage, language: string): { score: QuestionView; comment: QuestionView | null } {
  return {
    score: { id: "score", name: "score", type: "enps", prompt: localized(view.enps.prompt, language), help: view.enps.help ? localized(view.enps.help, language) : null, required: true, options: [], maxLength: null },
    comment: view.comment
      ? {
          id: "comment",
          name: "comment",
          type: "text",
          prompt: localized(view.comment.prompt, language),
          help: view.comment.help ? localized(view.comment.help, language) : null,
          required: false,
          options: [],
          maxLength: view.comment.maxLength,
        }
      : null,
  };
}

export default function PulseAnswerPage() {
  const { t, i18n } = useTranslation("pulse");
  const { view, preselected, k, company } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();

  if (!view || actionData?.kind === "unknown") return <Unknown />;
  if (actionData?.kind === "window") return <Closed window={actionData.window} />;
  if (view.window !== "open") return <Closed window={view.window} />;
  const day = formatDate(view.closesOn, i18n.language);

  if (actionData?.kind === "done") {
    return (
      <div className="card card--narrow">
        <PageHeader title={t("answer.thanksTitle")} />
        <Alert tone="success">
          <p>{t("answer.thanks")}</p>
          {actionData.replaced ? <p>{t("answer.thanksReplaced")}</p> : null}
        </Alert>
        <p>{t("answer.thanksChange", { day: formatDate(actionData.closesOn, i18n.language) })}</p>
      </div>
    );
  }

  const questions = questionViews(view, i18n.language);
  const invalid = actionData?.kind === "invalid" ? actionData : null;
  const score = invalid ? invalid.values.score : preselected !== null ? String(preselected) : undefined;
  const summary = invalid ? [t("answer.errorSummary"), ...invalid.formErrors] : undefined;
  return (
    <div className="card card--narrow stack">
      <PageHeader title={t("answer.title", { company })} lead={t("answer.lead")} />
      {actionData?.kind === "throttled" ? (
        <Alert tone="error">
          <p>{t("answer.throttled", { count: actionData.minutes })}</p>
        </Alert>
      ) : null}
      {view.answered ? (
        <Alert tone="info">
          <p>{t("answer.alreadyAnswered", { day })}</p>
        </Alert>
      ) : null}
      {/* A new key per answer given back, so the controls take their values again after a refusal. */}
      <Form method="post" className="stack" key={invalid ? `${invalid.values.score}:${invalid.values.comment.length}` : "first"}>
        <FormErrorSummary id="pulse-answer-errors" errors={summary} />
        <FlowQuestion question={questions.score} value={score} errors={invalid?.fieldErrors.score} />
        {questions.comment ? <FlowQuestion question={questions.comment} value={invalid?.values.comment} errors={invalid?.fieldErrors.comment} /> : null}
        <p className="muted">{view.anonymous ? t("answer.anonymous", { day, k }) : t("answer.confidential")}</p>
        <p className="muted">{t("answer.closesOn", { day })}</p>
        <Button pending={isPending}>{t("answer.submit")}</Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
