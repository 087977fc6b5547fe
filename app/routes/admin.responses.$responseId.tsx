import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { localeFromMatches, pageTitle, translatorFor } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { listDepartmentOptions } from "~/modules/offboarding/departure-queries.server";
import type { AnswerView } from "~/modules/responses/answer-views";
import { viewConfidentialResponse } from "~/modules/responses/confidential-response.server";
import { ENPS_TONES, formatMonth } from "~/modules/responses/display";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/responses";
import { getEnv } from "~/utils/env.server";
import { formatDateTime, toIsoString } from "~/utils/format";

/**
 * One person's answers to a confidential exit survey. HR admins only; opening the page records the
 * reading in the audit log (in the module, before the answers are returned). An anonymous response
 * has no page: its id answers 404 like an unknown one.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale } = await requireHrAdmin(request, "responses");
  const db = getDb();
  const response = await viewConfidentialResponse(db, params.responseId ?? "", { viewerId: user.id, locale });
  if (!response) throw notFound("There is no confidential response with this id.");
  const departments = await listDepartmentOptions(db);
  const departmentPath = departments.find((department) => department.id === response.departmentId)?.path ?? null;
  return json(
    { locale, timeZone: getEnv().COMPANY_TIME_ZONE, response, departmentPath },
    // Personal answers: never kept by a shared cache or the browser's back-forward store on disk.
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  if (!data?.response.personName) return pageTitle(matches, "response.metaTitle", "responses");
  const t = translatorFor(localeFromMatches(matches));
  return [{ title: `${data.response.personName} · ${t("response.metaTitle", { ns: "responses" })} · ${t("appName", { ns: "common" })}` }];
};

export default function ResponsePage() {
  const { response, departmentPath, locale, timeZone } = useLoaderData<typeof loader>();
  const { t } = useTranslation("responses");
  const { t: td } = useTranslation("departures");

  return (
    <div className="stack responses-answer-page">
      <p className="responses-breadcrumb">
        <Link to="/admin/responses">← {t("response.back")}</Link>
      </p>
      <PageHeader
        title={response.personName ? t("response.title", { name: response.personName }) : t("response.titleUnknown")}
        lead={t("exitFlow.surveyLine", { name: response.surveyName, version: response.version })}
        actions={
          response.departureId ? (
            <ButtonLink to={`/admin/departures/${response.departureId}`} variant="ghost" size="small">
              {t("response.toDeparture")}
            </ButtonLink>
          ) : null
        }
      />
      <Alert tone="info">
        <p>{t("response.auditNotice")}</p>
      </Alert>

      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title">{t("response.factsTitle")}</h2>
        <dl className="details">
          <dt>{t("response.facts.person")}</dt>
          <dd>{response.personName ?? t("confidential.unknownPerson")}</dd>
          {departmentPath ? (
            <>
              <dt>{t("response.facts.department")}</dt>
              <dd>{departmentPath}</dd>
            </>
          ) : null}
          {response.departureType ? (
            <>
              <dt>{t("response.facts.departureType")}</dt>
              <dd>{td(`types.${response.departureType}`)}</dd>
            </>
          ) : null}
          <dt>{t("response.facts.submitted")}</dt>
          <dd>
            {response.submittedAt ? (
              <time dateTime={toIsoString(response.submittedAt)}>{formatDateTime(response.submittedAt, locale, { timeZone })}</time>
            ) : (
              formatMonth(response.periodMonth, locale)
            )}
          </dd>
          <dt>{t("response.facts.answeredIn")}</dt>
          <dd>{t(`response.languages.${response.answeredIn}`)}</dd>
          <dt>{t("response.facts.enps")}</dt>
          <dd>
            {response.enpsScore === null || response.enpsCategory === null ? (
              t("response.noEnps")
            ) : (
              <StatusBadge tone={ENPS_TONES[response.enpsCategory]}>
                {t("response.enpsValue", { score: response.enpsScore, category: t(`enps.categories.${response.enpsCategory}`) })}
              </StatusBadge>
            )}
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="answers-title">
        <h2 id="answers-title">{t("response.questionsTitle")}</h2>
        <ol className="responses-answers">
          {response.questions.map((question) => (
            <li key={question.id} className="responses-answers__item">
              <h3 className="responses-answers__prompt">{question.prompt}</h3>
              <Answer answer={question.answer} />
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Answer({ answer }: { answer: AnswerView }) {
  const { t } = useTranslation("responses");
  switch (answer.kind) {
    case "none":
      return <p className="responses-answers__value muted">{t("response.none")}</p>;
    case "score":
      return (
        <p className="responses-answers__value">
          <strong>{t("response.score", { value: answer.value, max: answer.max })}</strong>
          {answer.category ? (
            <>
              {" "}
              <StatusBadge tone={ENPS_TONES[answer.category]}>{t(`enps.categories.${answer.category}`)}</StatusBadge>
            </>
          ) : null}
        </p>
      );
    case "choices":
      return answer.labels.length === 1 ? (
        <p className="responses-answers__value">{answer.labels[0]}</p>
      ) : (
        <ul className="responses-answers__value responses-answers__choices">
          {answer.labels.map((label) => (
            <li key={label}>{label}</li>
          ))}
        </ul>
      );
    case "boolean":
      return <p className="responses-answers__value">{answer.value ? t("response.yes") : t("response.no")}</p>;
    case "text":
      return <p className="responses-answers__value responses-answers__text">{answer.value}</p>;
  }
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
