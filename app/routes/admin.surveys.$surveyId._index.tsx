import { getFormProps, getInputProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { MoveButtons } from "~/components/move-buttons";
import { PageHeader } from "~/components/page-header";
import { localeFromMatches, translatorFor } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { failureText } from "~/modules/i18n/failure-text";
import { noticeFrom } from "~/modules/offboarding/settings.server";
import { requireSurveyAdmin, runSurveyChange } from "~/modules/surveys/admin.server";
import { localized } from "~/modules/i18n/localized-text";
import { conditionInWords, INTRO_MAX, INVITE_DAYS_MAX, surveySettingsSchema } from "~/modules/surveys/builder";
import {
  archiveSurvey,
  getSurvey,
  listReasonChoices,
  moveQuestion,
  publishProblems,
  publishSurvey,
  removeQuestion,
  setActiveExitSurvey,
  updateSurveySettings,
} from "~/modules/surveys/builder.server";
import { ConfidentialityChoice } from "~/components/surveys/confidentiality-explainer";
import { QUESTION_ID_PATTERN } from "~/modules/surveys/definition";
import { SurveyStatus } from "~/components/surveys/survey-status";
import { SurveyNameFields } from "~/components/surveys/survey-name-fields";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDateTime } from "~/utils/format";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/**
 * One survey in the builder: its questions in order (edit, move, remove, add), publishing the draft
 * as a new version, the settings (with what each confidentiality mode means), the versions already
 * published, making it the active exit survey and archiving it.
 */

const NOTICES = ["created", "saved", "questionAdded", "questionSaved", "questionRemoved", "questionMoved", "published", "activated"] as const;

const questionActionSchema = z.object({
  questionId: z.string().regex(QUESTION_ID_PATTERN),
  direction: z.enum(["up", "down"]).optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireSurveyAdmin(request);
  const db = getDb();
  const [survey, reasons] = await Promise.all([getSurvey(db, requireIdParam(params.surveyId)), listReasonChoices(db)]);
  if (!survey) throw notFound();
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  return json({
    notice: noticeFrom(request, NOTICES),
    locale,
    reasonLabels: Object.fromEntries(reasons.map((r) => [r.code, r.label[locale]])),
    problems: survey.archived ? [] : (await publishProblems(db, survey)).map((problem) => failureText(problem, locale)),
    survey: {
      ...survey,
      versions: survey.versions.map((v) => ({ ...v, publishedAt: formatDateTime(v.publishedAt, locale, { timeZone }) })),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { t, locale, actor } = await requireSurveyAdmin(request);
  const surveyId = requireIdParam(params.surveyId);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const back = (notice: string) => redirect(`/admin/surveys/${surveyId}?notice=${notice}`);

  if (intent === "save-settings") {
    const submission = parseWithZod(formData, { schema: surveySettingsSchema(t) });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    const outcome = await runSurveyChange(submission, { intent }, locale, () => updateSurveySettings(surveyId, submission.value, actor));
    return outcome.ok ? back("saved") : outcome.response;
  }
  if (intent === "move" || intent === "remove") {
    const submission = parseWithZod(formData, { schema: questionActionSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    const { questionId, direction } = submission.value;
    if (intent === "remove") {
      const outcome = await runSurveyChange(submission, { intent }, locale, () => removeQuestion(surveyId, questionId, actor));
      return outcome.ok ? back("questionRemoved") : outcome.response;
    }
    if (!direction) return json({ intent, result: submission.reply({ fieldErrors: { direction: [t("builder.validation.direction")] } }) }, { status: 400 });
    const outcome = await runSurveyChange(submission, { intent }, locale, () => moveQuestion(surveyId, questionId, direction, actor));
    return outcome.ok ? back("questionMoved") : outcome.response;
  }
  if (intent === "publish" || intent === "activate" || intent === "archive") {
    const submission = parseWithZod(formData, { schema: z.object({}) });
    if (intent === "publish") {
      const outcome = await runSurveyChange(submission, { intent }, locale, () => publishSurvey(surveyId, actor));
      return outcome.ok ? back("published") : outcome.response;
    }
    if (intent === "activate") {
      const outcome = await runSurveyChange(submission, { intent }, locale, () => setActiveExitSurvey(surveyId, actor));
      return outcome.ok ? back("activated") : outcome.response;
    }
    const outcome = await runSurveyChange(submission, { intent }, locale, () => archiveSurvey(surveyId, actor));
    return outcome.ok ? redirect("/admin/surveys?notice=archived") : outcome.response;
  }
  return json({ intent, result: { status: "error", error: { intent: [t("builder.validation.unknownAction")] } } }, { status: 400 });
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const locale = localeFromMatches(matches);
  const t = translatorFor(locale);
  const page = data ? localized(data.survey.name, locale) : t("builder.list.title", { ns: "surveys" });
  return [{ title: `${page} · ${t("builder.list.title", { ns: "surveys" })} · ${t("appName", { ns: "common" })}` }];
};

/** Intents whose refusals are shown beside their own section. */
const OWN_ERROR_PLACES = ["save-settings", "publish", "activate", "archive"];

interface ActionData {
  intent: string;
  result: SubmissionResult<string[]>;
}

export default function SurveyPage() {
  const { t } = useTranslation("surveys");
  const { survey, notice, problems, locale, reasonLabels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const pendingForm = usePendingFormData();
  const submitting = pendingForm ? String(pendingForm.get("intent") ?? "") : null;
  const errorsFor = (...intents: string[]) =>
    actionData && intents.includes(actionData.intent) ? (Object.values(actionData.result.error ?? {}).flat() as string[]) : [];
  const editable = !survey.archived;
  const questions = survey.draft.questions;

  return (
    <>
      <p className="settings-back">
        <Link to="/admin/surveys">{t("builder.backToList")}</Link>
      </p>
      <PageHeader
        title={localized(survey.name, locale)}
        lead={`${t(`builder.kinds.${survey.kind}`)} · ${t(`builder.confidentiality.${survey.confidentiality}.short`)}`}
        actions={
          <span className="survey-badges">
            <SurveyStatus survey={survey} />
          </span>
        }
      />
      {notice ? <Alert tone="success">{t(`builder.notices.${notice}`, { version: survey.currentVersion })}</Alert> : null}
      {survey.archived ? <Alert>{t("builder.detail.archivedNote")}</Alert> : null}
      {/* Refusals of the question list's buttons (and of anything unexpected) show above everything. */}
      <FormErrorSummary errors={actionData && !OWN_ERROR_PLACES.includes(actionData.intent) ? errorsFor(actionData.intent) : []} />

      {editable ? (
        <section className="card" aria-labelledby="survey-publish-title">
          <h2 id="survey-publish-title">{t("builder.publish.title")}</h2>
          <p>
            {survey.currentVersion === null
              ? t("builder.publish.neverPublished")
              : survey.unpublishedChanges
                ? t("builder.publish.changes", { version: survey.currentVersion })
                : t("builder.publish.upToDate", { version: survey.currentVersion })}
          </p>
          <p className="muted">{t("builder.publish.frozen")}</p>
          {problems.length > 0 ? (
            <Alert title={t("builder.publish.problemsTitle")}>
              <ul>
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <FormErrorSummary errors={errorsFor("publish", "activate")} />
          <div className="button-row">
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="publish" />
              <Button pending={submitting === "publish"} pendingLabel={t("builder.saving")} disabled={!survey.unpublishedChanges}>
                {survey.currentVersion === null ? t("builder.publish.first") : t("builder.publish.next", { version: survey.currentVersion + 1 })}
              </Button>
            </Form>
            {survey.kind === "exit" && !survey.isActiveExit && survey.currentVersion !== null ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="activate" />
                <Button variant="ghost" pending={submitting === "activate"} pendingLabel={t("builder.saving")}>
                  {t("builder.activate.button")}
                </Button>
              </Form>
            ) : null}
          </div>
          {survey.kind === "exit" ? (
            <p className="muted survey-note">{t(survey.isActiveExit ? "builder.activate.isActive" : "builder.activate.explain")}</p>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="survey-questions-title">
        <div className="section-header">
          <h2 id="survey-questions-title">{t("builder.questions.title", { count: questions.length })}</h2>
          {editable ? (
            <ButtonLink to={`/admin/surveys/${survey.id}/questions/new`} size="small">
              {t("builder.questions.add")}
            </ButtonLink>
          ) : null}
        </div>
        {questions.length === 0 ? (
          <EmptyState headingLevel={3} title={t("builder.questions.emptyTitle")} description={t("builder.questions.emptyBody")} />
        ) : (
          <ol className="ordered-items">
            {questions.map((question, index) => {
              const prompt = question.prompt[locale];
              return (
                <li key={question.id} className="ordered-item">
                  <div className="ordered-item__main">
                    <h3 className="ordered-item__title">{prompt}</h3>
                    <p className="ordered-item__meta">
                      <StatusBadge tone="info">{t(`builder.types.${question.type}`)}</StatusBadge>
                      <StatusBadge>{t(question.required ? "builder.questions.required" : "builder.questions.optional")}</StatusBadge>
                      {question.type === "text" && question.maxLength ? (
                        <span className="muted">{t("builder.questions.maxLength", { max: question.maxLength })}</span>
                      ) : null}
                    </p>
                    {question.condition ? (
                      <p className="survey-condition">{conditionInWords(question.condition, survey.draft, locale, t, reasonLabels)}</p>
                    ) : null}
                    {question.options.length > 0 ? (
                      <p className="muted ordered-item__description">{question.options.map((o) => o.label[locale]).join(" · ")}</p>
                    ) : null}
                    {question.help ? <p className="muted ordered-item__description">{question.help[locale]}</p> : null}
                  </div>
                  {editable ? (
                    <div className="ordered-item__actions">
                      <ButtonLink to={`/admin/surveys/${survey.id}/questions/${question.id}`} variant="ghost" size="small">
                        {t("builder.questions.edit")}
                        <span className="visually-hidden">: {prompt}</span>
                      </ButtonLink>
                      <MoveButtons
                        idName="questionId"
                        id={question.id}
                        index={index}
                        count={questions.length}
                        labels={{
                          up: t("builder.questions.moveUp"),
                          down: t("builder.questions.moveDown"),
                          upAria: t("builder.questions.moveUpLabel", { prompt }),
                          downAria: t("builder.questions.moveDownLabel", { prompt }),
                        }}
                      />
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="questionId" value={question.id} />
                        <Button variant="danger" size="small" aria-label={t("builder.questions.removeLabel", { prompt })}>
                          {t("builder.questions.remove")}
                        </Button>
                      </Form>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ol>
        )}
      </section>

      {editable ? (
        <SettingsForm
          key={`${survey.id}:${survey.updatedAt}`}
          survey={survey}
          lastResult={actionData?.intent === "save-settings" ? actionData.result : undefined}
          pending={submitting === "save-settings"}
        />
      ) : null}

      <section className="card" aria-labelledby="survey-versions-title">
        <h2 id="survey-versions-title">{t("builder.versions.title")}</h2>
        {survey.versions.length === 0 ? (
          <p className="muted">{t("builder.versions.none")}</p>
        ) : (
          <TableScroll label={t("builder.versions.title")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("builder.versions.columns.version")}</th>
                  <th scope="col">{t("builder.versions.columns.published")}</th>
                  <th scope="col">{t("builder.versions.columns.confidentiality")}</th>
                  <th scope="col">{t("builder.versions.columns.questions")}</th>
                  <th scope="col">{t("builder.versions.columns.invitations")}</th>
                </tr>
              </thead>
              <tbody>
                {survey.versions.map((version) => (
                  <tr key={version.id}>
                    <td>
                      {t("builder.versions.number", { version: version.version })}{" "}
                      {version.version === survey.currentVersion ? <StatusBadge tone="info">{t("builder.versions.current")}</StatusBadge> : null}
                    </td>
                    <td>
                      {version.publishedByName
                        ? t("builder.versions.publishedBy", { date: version.publishedAt, name: version.publishedByName })
                        : version.publishedAt}
                    </td>
                    <td>{t(`builder.confidentiality.${version.confidentiality}.short`)}</td>
                    <td className="numeric">{version.questionCount}</td>
                    <td className="numeric">{version.invitationCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      {editable ? (
        <section className="card" aria-labelledby="survey-archive-title">
          <h2 id="survey-archive-title">{t("builder.archive.title")}</h2>
          <p>{t(survey.isActiveExit ? "builder.archive.activeNote" : "builder.archive.explain")}</p>
          <FormErrorSummary errors={errorsFor("archive")} />
          {survey.isActiveExit ? null : (
            <Form method="post">
              <input type="hidden" name="intent" value="archive" />
              <Button variant="danger" pending={submitting === "archive"} pendingLabel={t("builder.saving")}>
                {t("builder.archive.button")}
              </Button>
            </Form>
          )}
        </section>
      ) : null}
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function SettingsForm({
  survey,
  lastResult,
  pending,
}: {
  survey: LoaderData["survey"];
  lastResult: SubmissionResult<string[]> | undefined;
  pending: boolean;
}) {
  const { t } = useTranslation("surveys");
  const [form, fields] = useValidatedForm(() => surveySettingsSchema(t), {
    id: "survey-settings",
    lastResult,
    defaultValue: {
      nameEn: survey.name.en,
      nameFr: survey.name.fr,
      confidentiality: survey.confidentiality,
      inviteDaysBeforeLastDay: survey.inviteDaysBeforeLastDay === null ? "" : String(survey.inviteDaysBeforeLastDay),
      introEn: survey.draft.intro?.en ?? "",
      introFr: survey.draft.intro?.fr ?? "",
    },
  });
  return (
    <section className="card" aria-labelledby="survey-settings-title">
      <h2 id="survey-settings-title">{t("builder.settings.title")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save-settings" />
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <SurveyNameFields nameEn={fields.nameEn} nameFr={fields.nameFr} hint={t("builder.settings.nameHint")} />
        <ConfidentialityChoice
          name={fields.confidentiality.name}
          defaultValue={fields.confidentiality.initialValue as string | undefined}
          errors={fields.confidentiality.errors}
          note={t("builder.settings.confidentialityNext")}
        />
        {survey.kind === "exit" ? (
          <Field
            label={t("builder.fields.inviteDaysBeforeLastDay")}
            hint={t("builder.settings.inviteDaysHint", { max: INVITE_DAYS_MAX })}
            errors={fields.inviteDaysBeforeLastDay.errors}
            inputProps={{ ...getInputProps(fields.inviteDaysBeforeLastDay, { type: "number" }), min: 0, max: INVITE_DAYS_MAX, step: 1 }}
          />
        ) : null}
        <fieldset className="fieldset">
          <legend>{t("builder.fields.intro")}</legend>
          <p className="field__hint">{t("builder.settings.introHint")}</p>
          <Field
            label={t("builder.fields.introEn")}
            errors={fields.introEn.errors}
            textareaProps={{ ...getTextareaProps(fields.introEn), rows: 3, maxLength: INTRO_MAX, lang: "en" }}
          />
          <Field
            label={t("builder.fields.introFr")}
            errors={fields.introFr.errors}
            textareaProps={{ ...getTextareaProps(fields.introFr), rows: 3, maxLength: INTRO_MAX, lang: "fr" }}
          />
        </fieldset>
        <Button pending={pending} pendingLabel={t("builder.saving")}>
          {t("builder.settings.save")}
        </Button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
