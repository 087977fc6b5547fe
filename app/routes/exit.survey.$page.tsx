import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlowProgress, FlowSteps } from "~/components/flow-progress";
import { FlowQuestion, flowQuestionAnchor } from "~/components/flow-question";
import { pageTitle } from "~/components/page-title";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { readFormData } from "~/modules/auth/http.server";
import { savePage } from "~/modules/exit/drafts.server";
import { requireExitFlowUser } from "~/modules/exit/flow-access.server";
import { answersAsForm, lenientPageAnswers, questionView } from "~/modules/exit/flow-answers";
import { isLastPage, nextPage, pageAccess, previousPage, progressOf } from "~/modules/exit/flow-pages";
import { ALREADY_SENT_NOTICE } from "~/components/exit/flow-notices";
import { activeReasons, loadExitFlow, pathForStep, type FlowStep } from "~/modules/exit/flow.server";
import { failureTextsByField } from "~/modules/i18n/failure-text";
import { submitExitResponse } from "~/modules/exit/submit.server";
import { parsePageAnswers, rawAnswers, type AnswerContext } from "~/modules/surveys/answers";
import { visibleQuestionsOnPage } from "~/modules/surveys/pages";
import { getDb, type DB } from "~/utils/db.server";

/**
 * One page of the exit survey. Next checks the page and saves it; Back saves what is typed without
 * insisting and goes back; on the last page the button sends the answers. The survey is always the
 * signed-in leaver's own (loadExitFlow), whatever the URL says.
 */

/**
 * Where a leaver goes once the survey is no longer open. A form sent from this page after the
 * survey was sent (from another tab or window) lands on the next step with word that its answers
 * were not kept: only the first answers sent are.
 */
function leaveSurvey(step: FlowStep, sentFromThisPage: boolean) {
  const finished = step.kind === "alumni" || step.kind === "thanks";
  return redirect(finished && sentFromThisPage ? `${pathForStep(step)}?${ALREADY_SENT_NOTICE}` : pathForStep(step));
}

/** After a write found the survey closed: why (sent by another tab, or cancelled or expired), said where the leaver lands. */
async function leaveClosedSurvey(db: DB, userId: string) {
  return leaveSurvey(await loadExitFlow(db, userId), true);
}

async function openPage(request: Request, pageParam: string | undefined) {
  const { user, locale } = await requireExitFlowUser(request);
  const db = getDb();
  const step = await loadExitFlow(db, user.id);
  if (step.kind !== "survey") throw leaveSurvey(step, request.method === "POST");
  const { definition } = step.survey;
  const access = pageAccess(definition, step.answers, step.invitation.currentPage, pageParam);
  if (access.kind === "redirect") throw redirect(`/exit/survey/${access.page}`);
  const page = Number(pageParam);
  const questions = visibleQuestionsOnPage(definition, page - 1, step.answers);
  const reasons = questions.some((q) => q.type === "reasons") ? await activeReasons(db) : [];
  const ctx: AnswerContext = { reasonCodes: reasons.map((r) => r.code) };
  return { user, locale, db, step, page, questions, reasons, ctx };
}

function pageView(opened: Awaited<ReturnType<typeof openPage>>) {
  const { step, page, questions, reasons, locale } = opened;
  const { definition } = step.survey;
  return {
    page,
    progress: progressOf(definition, step.answers, page),
    isLast: isLastPage(definition, step.answers, page),
    confidentiality: step.survey.confidentiality,
    questions: questions.map((q) => questionView(q, locale, reasons)),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const opened = await openPage(request, params.page);
  const url = new URL(request.url);
  // Sent back here by a final check that failed: show what to fix beside each question.
  const check = url.searchParams.get("check") === "1";
  const checked = check ? parsePageAnswers(opened.questions, answersAsForm(opened.step.answers), opened.ctx) : null;
  return json({
    ...pageView(opened),
    values: rawAnswers(opened.step.answers),
    errors: checked && !checked.ok ? failureTextsByField(checked.failures, opened.locale) : {},
    notice: check ? ("check" as const) : url.searchParams.get("review") === "1" ? ("review" as const) : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const opened = await openPage(request, params.page);
  const { db, step, page, questions, ctx, user, locale } = opened;
  const { definition } = step.survey;
  const form = await readFormData(request);
  const intent = form.get("intent");
  const pageQuestionIds = questions.map((q) => q.id);

  if (intent === "back") {
    const answers = lenientPageAnswers(questions, form, ctx, step.answers);
    const saved = await savePage(db, { invitationId: step.invitation.id, pageQuestionIds, answers, pagesDone: 0 });
    if (saved.outcome === "closed") return leaveClosedSurvey(db, user.id);
    const previous = previousPage(definition, saved.answers, page);
    return redirect(previous ? `/exit/survey/${previous}` : "/exit");
  }

  const parsed = parsePageAnswers(questions, form, ctx);
  if (!parsed.ok) {
    return json(
      { errors: failureTextsByField(parsed.failures, locale), values: { ...rawAnswers(step.answers), ...parsed.answers } },
      { status: 400 },
    );
  }
  const merged = { ...step.answers };
  for (const id of pageQuestionIds) delete merged[id];
  Object.assign(merged, parsed.answers);
  const next = nextPage(definition, merged, page);
  const saved = await savePage(db, {
    invitationId: step.invitation.id,
    pageQuestionIds,
    answers: parsed.answers,
    pagesDone: next ? next - 1 : page,
  });
  if (saved.outcome === "closed") return leaveClosedSurvey(db, user.id);
  if (next) return redirect(`/exit/survey/${next}`);
  // "Next" on a page that turned out to be the last one: show it again with the send button.
  if (intent !== "send") return redirect(`/exit/survey/${page}?review=1`);

  const result = await submitExitResponse(db, { invitationId: step.invitation.id, userId: user.id, locale });
  switch (result.outcome) {
    case "submitted":
      return redirect("/exit/alumni");
    case "already_submitted":
    case "closed":
      return leaveClosedSurvey(db, user.id);
    case "invalid":
      return redirect(`/exit/survey/${result.firstInvalidPage}?check=1`);
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "survey.title", "exit");

export default function SurveyPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pendingForm = usePendingFormData();
  const { t } = useTranslation("exit");
  const summaryRef = useRef<HTMLDivElement>(null);
  const errors: Record<string, string[]> = actionData?.errors ?? data.errors;
  const values: Record<string, string | string[]> = actionData?.values ?? data.values;
  const invalid = data.questions.filter((q) => (errors[q.id]?.length ?? 0) > 0);
  const busy = pendingForm?.get("intent") ?? null;

  useEffect(() => {
    // With JavaScript the page is not reloaded after a refused submission: bring the summary into view.
    if (actionData?.errors) summaryRef.current?.focus();
  }, [actionData]);

  return (
    <div className="narrow-page exit-page">
      <FlowSteps current="survey" />
      <h1 className="exit-page__title">{t("survey.title")}</h1>
      <FlowProgress current={data.progress.current} total={data.progress.total} label={t("survey.progress", data.progress)} />
      <p className="exit-page__mode">
        {t(`survey.${data.confidentiality}`)} <Link to="/exit">{t("survey.whoSees")}</Link>
      </p>
      {invalid.length > 0 ? (
        <div ref={summaryRef} tabIndex={-1} className="exit-error-summary">
          <Alert tone="error" title={t("survey.errorTitle")}>
            {data.notice === "check" ? <p>{t("survey.checkNote")}</p> : null}
            <ul>
              {invalid.map((q) => (
                <li key={q.id}>
                  <a href={`#${flowQuestionAnchor(q)}`}>
                    {q.prompt} — {errors[q.id]!.join(" ")}
                  </a>
                </li>
              ))}
            </ul>
          </Alert>
        </div>
      ) : data.notice === "review" ? (
        <Alert>{t("survey.reviewNote")}</Alert>
      ) : null}
      <Form method="post" noValidate className="card exit-form" key={data.page}>
        {data.questions.map((question) => (
          <div key={question.id} className="exit-form__item">
            <FlowQuestion question={question} value={values[question.id]} errors={errors[question.id]} />
          </div>
        ))}
        {data.isLast ? <p className="exit-form__note">{t("survey.sendNote")}</p> : null}
        {/* The forward button comes first: pressing Enter in the form moves on, it never goes back. */}
        <div className="exit-actions">
          <Button
            name="intent"
            value={data.isLast ? "send" : "next"}
            pending={busy === "send" || busy === "next"}
            pendingLabel={data.isLast ? t("survey.sending") : t("survey.saving")}
          >
            {data.isLast ? t("survey.send") : t("survey.next")}
          </Button>
          <Button variant="ghost" name="intent" value="back" formNoValidate pending={busy === "back"} pendingLabel={t("survey.saving")}>
            {t("survey.back")}
          </Button>
        </div>
        <p className="exit-form__note">{t("survey.saveNote")}</p>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
