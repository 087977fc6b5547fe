import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { localeFromMatches, translatorFor } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { localized } from "~/modules/i18n/localized-text";
import { ENPS_MAX, ENPS_MIN, RATING_MAX, RATING_MIN } from "~/modules/surveys/answers";
import { requireQuestionIdParam, requireSurveyAdmin, runSurveyChange } from "~/modules/surveys/admin.server";
import {
  CONDITION_OPERATORS,
  conditionValueText,
  hasOptions,
  operatorsFor,
  optionsToText,
  questionFormSchema,
  type QuestionFormContext,
} from "~/modules/surveys/builder";
import { getSurvey, listReasonChoices, saveQuestion } from "~/modules/surveys/builder.server";
import { HELP_MAX, PROMPT_MAX, QUESTION_TYPES, TEXT_MAX_LENGTH_LIMIT, type Question, type QuestionType } from "~/modules/surveys/definition";
import { getDb } from "~/utils/db.server";
import type { Translate } from "~/modules/i18n/translator";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/**
 * One question of a survey's draft (`…/questions/new` adds one at the end): its type, its words in
 * English and French, whether it must be answered, its choices, its length limit and when it is
 * shown. Every control works without JavaScript: fields that do not apply to the chosen type are
 * ignored when saving.
 */

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const admin = await requireSurveyAdmin(request);
  const db = getDb();
  const surveyId = requireIdParam(params.surveyId);
  const creating = params.questionId === "new";
  const questionId = creating ? null : requireQuestionIdParam(params.questionId);
  const [survey, reasons] = await Promise.all([getSurvey(db, surveyId), listReasonChoices(db)]);
  if (!survey) throw notFound();
  const index = questionId === null ? survey.draft.questions.length : survey.draft.questions.findIndex((q) => q.id === questionId);
  if (index < 0) throw notFound();
  const context: QuestionFormContext = { earlier: survey.draft.questions.slice(0, index), reasonCodes: reasons.map((r) => r.code) };
  return { ...admin, survey, reasons, questionId, question: survey.draft.questions[index] ?? null, number: index + 1, context };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { survey, reasons, question, number, context, locale } = await load(request, params);
  // An archived survey is read-only: its page says so.
  if (survey.archived) throw redirect(`/admin/surveys/${survey.id}`);
  return json({
    survey: { id: survey.id, name: localized(survey.name, locale), kind: survey.kind },
    question,
    number,
    locale,
    context,
    reasons: reasons.map((r) => ({ code: r.code, label: r.label[locale] })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { survey, questionId, context, t, locale, actor } = await load(request, params);
  const submission = parseWithZod(await readFormData(request), { schema: questionFormSchema(t, context) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await runSurveyChange(submission, {}, locale, () => saveQuestion(survey.id, questionId, submission.value, actor));
  if (!outcome.ok) return outcome.response;
  return redirect(`/admin/surveys/${survey.id}?notice=${questionId === null ? "questionAdded" : "questionSaved"}`);
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const t = translatorFor(localeFromMatches(matches));
  const page = t(data?.question ? "builder.question.editTitle" : "builder.question.newTitle", { ns: "surveys", number: data?.number });
  return [{ title: `${page} · ${data?.survey.name ?? t("builder.list.title", { ns: "surveys" })} · ${t("appName", { ns: "common" })}` }];
};

export default function QuestionPage() {
  const { survey, question } = useLoaderData<typeof loader>();
  return <QuestionPageContent key={`${survey.id}:${question?.id ?? "new"}`} />;
}

/** What a condition on this question may compare with, for the reference list beside the form. */
function allowedValues(question: Question, reasons: { code: string; label: string }[], locale: "en" | "fr", t: Translate): string {
  switch (question.type) {
    case "enps":
      return t("builder.question.valuesScore", { min: ENPS_MIN, max: ENPS_MAX });
    case "rating":
      return t("builder.question.valuesScore", { min: RATING_MIN, max: RATING_MAX });
    case "yes_no":
      return t("builder.question.valuesYesNo");
    case "reasons":
      return reasons.map((r) => `${r.code} (${r.label})`).join(", ");
    default:
      return question.options.map((o) => `${o.id} (${o.label[locale]})`).join(", ");
  }
}

function QuestionPageContent() {
  const { t } = useTranslation("surveys");
  const { survey, question, number, context, reasons, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => questionFormSchema(t, context), {
    id: "survey-question",
    lastResult: actionData?.result,
    defaultValue: question
      ? {
          type: question.type,
          promptEn: question.prompt.en,
          promptFr: question.prompt.fr,
          helpEn: question.help?.en ?? "",
          helpFr: question.help?.fr ?? "",
          required: question.required,
          options: optionsToText(question.options),
          maxLength: question.maxLength === null ? "" : String(question.maxLength),
          conditionQuestionId: question.condition?.questionId ?? "",
          conditionOperator: question.condition?.operator ?? "",
          conditionValue: question.condition ? conditionValueText(question.condition.value) : "",
        }
      : { type: "rating", required: false },
  });
  const types = QUESTION_TYPES.filter((type) => survey.kind === "exit" || type !== "reasons");
  // Without JavaScript every group shows (the type can change without a round trip); once the page
  // runs, the groups that do not apply to the chosen type step aside.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const chosenType = (QUESTION_TYPES as readonly string[]).includes(String(fields.type.value)) ? (fields.type.value as QuestionType) : null;
  const hideOptions = hydrated && chosenType !== null && !hasOptions(chosenType);
  const hideMaxLength = hydrated && chosenType !== null && chosenType !== "text";
  const sources = context.earlier.filter((q) => operatorsFor(q.type).length > 0);

  return (
    <>
      <p className="settings-back">
        <Link to={`/admin/surveys/${survey.id}`}>{t("builder.question.back", { name: survey.name })}</Link>
      </p>
      <PageHeader
        title={t(question ? "builder.question.editTitle" : "builder.question.newTitle", { number })}
        lead={t("builder.question.lead", { name: survey.name })}
      />
      <section className="card narrow-page">
        <Form method="post" {...getFormProps(form)}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          {question ? <p className="muted survey-question-id">{t("builder.question.id", { id: question.id })}</p> : null}
          <Field label={t("builder.fields.type")} hint={t("builder.question.typeHint")} errors={fields.type.errors} selectProps={getSelectProps(fields.type)}>
            {types.map((type) => (
              <option key={type} value={type}>
                {t(`builder.types.${type}`)}
              </option>
            ))}
          </Field>
          <Field
            label={t("builder.fields.promptEn")}
            errors={fields.promptEn.errors}
            textareaProps={{ ...getTextareaProps(fields.promptEn), rows: 2, maxLength: PROMPT_MAX, required: true, lang: "en" }}
          />
          <Field
            label={t("builder.fields.promptFr")}
            errors={fields.promptFr.errors}
            textareaProps={{ ...getTextareaProps(fields.promptFr), rows: 2, maxLength: PROMPT_MAX, required: true, lang: "fr" }}
          />
          <fieldset className="fieldset">
            <legend>{t("builder.fields.help")}</legend>
            <p className="field__hint">{t("builder.question.helpHint")}</p>
            <Field
              label={t("builder.fields.helpEn")}
              errors={fields.helpEn.errors}
              textareaProps={{ ...getTextareaProps(fields.helpEn), rows: 2, maxLength: HELP_MAX, lang: "en" }}
            />
            <Field
              label={t("builder.fields.helpFr")}
              errors={fields.helpFr.errors}
              textareaProps={{ ...getTextareaProps(fields.helpFr), rows: 2, maxLength: HELP_MAX, lang: "fr" }}
            />
          </fieldset>
          <Field
            label={t("builder.fields.required")}
            hint={t("builder.question.requiredHint")}
            errors={fields.required.errors}
            inputProps={getInputProps(fields.required, { type: "checkbox" })}
          />
          <fieldset className="fieldset" hidden={hideOptions}>
            <legend>{t("builder.question.choicesTitle")}</legend>
            <Field
              label={t("builder.fields.options")}
              hint={t("builder.question.optionsHint")}
              errors={fields.options.errors}
              textareaProps={{ ...getTextareaProps(fields.options), rows: 6, className: "survey-options" }}
            />
          </fieldset>
          <fieldset className="fieldset" hidden={hideMaxLength}>
            <legend>{t("builder.question.textTitle")}</legend>
            <Field
              label={t("builder.fields.maxLength")}
              hint={t("builder.question.maxLengthHint", { max: TEXT_MAX_LENGTH_LIMIT })}
              errors={fields.maxLength.errors}
              inputProps={{ ...getInputProps(fields.maxLength, { type: "number" }), min: 1, max: TEXT_MAX_LENGTH_LIMIT, step: 1 }}
            />
          </fieldset>
          <fieldset className="fieldset">
            <legend>{t("builder.question.conditionTitle")}</legend>
            <p className="field__hint">{t("builder.question.conditionHint")}</p>
            {sources.length === 0 ? (
              <p className="muted">{t("builder.question.noSources")}</p>
            ) : (
              <>
                <Field label={t("builder.fields.conditionQuestionId")} errors={fields.conditionQuestionId.errors} selectProps={getSelectProps(fields.conditionQuestionId)}>
                  <option value="">{t("builder.question.always")}</option>
                  {sources.map((source) => (
                    <option key={source.id} value={source.id}>
                      {`${context.earlier.indexOf(source) + 1}. ${source.prompt[locale]}`}
                    </option>
                  ))}
                </Field>
                <div className="field-row">
                  <Field label={t("builder.fields.conditionOperator")} errors={fields.conditionOperator.errors} selectProps={getSelectProps(fields.conditionOperator)}>
                    <option value="">{t("builder.question.chooseOperator")}</option>
                    {CONDITION_OPERATORS.map((operator) => (
                      <option key={operator} value={operator}>
                        {t(`builder.operators.${operator}`)}
                      </option>
                    ))}
                  </Field>
                  <Field
                    label={t("builder.fields.conditionValue")}
                    errors={fields.conditionValue.errors}
                    inputProps={{ ...getInputProps(fields.conditionValue, { type: "text" }), maxLength: 100 }}
                  />
                </div>
                <details className="survey-values">
                  <summary>{t("builder.question.valuesTitle")}</summary>
                  <dl className="details details--compact">
                    {sources.map((source) => (
                      <Fragment key={source.id}>
                        <dt>{`${context.earlier.indexOf(source) + 1}. ${source.prompt[locale]}`}</dt>
                        <dd>
                          {t("builder.question.valuesLine", {
                            operators: operatorsFor(source.type)
                              .map((operator) => t(`builder.operators.${operator}`))
                              .join(", "),
                            values: allowedValues(source, reasons, locale, t),
                          })}
                        </dd>
                      </Fragment>
                    ))}
                  </dl>
                </details>
              </>
            )}
          </fieldset>
          <Button pending={isPending} pendingLabel={t("builder.saving")}>
            {question ? t("builder.question.save") : t("builder.question.add")}
          </Button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
