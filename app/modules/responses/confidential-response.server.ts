import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import type { AppLocale } from "~/modules/i18n/config";
import { localized, localizedColumns } from "~/modules/i18n/localized-text";
import { parseSurveyDefinition } from "~/modules/surveys/definition";
import type { DB } from "~/utils/db.server";
import type { DepartureType, Locale } from "../../../db/schema";
import { describeAnswers, parseStoredAnswers, reasonCodesIn, type QuestionAnswerView } from "./answer-views";
import { enpsCategory, type EnpsCategory } from "./enps";
import { isUuid } from "~/utils/ids";

/**
 * One person's answers to a confidential exit survey, for HR admins only (the route checks the
 * role). Every read is written to the audit log before the answers are returned.
 *
 * Anonymous responses have no individual view at all: the lookup itself only matches confidential
 * rows, so no page, id or future caller can read one anonymous response.
 */

export const RESPONSE_VIEWED_ACTION = "survey.response_viewed";
export const RESPONSE_SUBJECT_TYPE = "survey_response";

export interface ConfidentialResponse {
  id: string;
  surveyId: string;
  surveyName: string;
  version: number;
  submittedAt: Date | null;
  periodMonth: string;
  /** Null when the departure (and with it the invitation) was deleted since. */
  departureId: string | null;
  personName: string | null;
  departmentId: string | null;
  departureType: DepartureType | null;
  /** The language the leaver answered in. */
  answeredIn: Locale;
  enpsScore: number | null;
  enpsCategory: EnpsCategory | null;
  questions: QuestionAnswerView[];
}

export async function findConfidentialResponse(db: DB, id: string, locale: AppLocale): Promise<ConfidentialResponse | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom("survey_responses as r")
    .innerJoin("surveys as s", "s.id", "r.survey_id")
    .innerJoin("survey_versions as v", "v.id", "r.survey_version_id")
    .leftJoin("exit_invitations as i", "i.id", "r.invitation_id")
    // An alumni pulse answer has no invitation: its person is the alumnus who gave it.
    .leftJoin("pulse_answers as pa", "pa.response_id", "r.id")
    .leftJoin("alumni_profiles as ap", "ap.user_id", "pa.user_id")
    .leftJoin("departures as d", (join) => join.on(sql<boolean>`d.id = coalesce(i.departure_id, ap.departure_id)`))
    .select([
      "r.id",
      "r.survey_id",
      "r.submitted_at",
      "r.period_month",
      "r.department_id",
      "r.departure_type",
      "r.locale",
      "r.enps_score",
      "r.answers",
      "s.name_en as survey_name_en",
      "s.name_fr as survey_name_fr",
      "v.version",
      "v.definition",
      "d.id as departure_id",
      "d.employee_name",
    ])
    .where("r.id", "=", id)
    // The guarantee, in the query: an anonymous response is never found by id.
    .where("r.confidentiality", "=", "confidential")
    .executeTakeFirst();
  if (!row) return undefined;

  const definition = parseSurveyDefinition(row.definition);
  const answers = parseStoredAnswers(row.answers);
  const codes = reasonCodesIn(definition, answers);
  const reasons =
    codes.length === 0
      ? []
      : await db.selectFrom("departure_reasons").select(["code", "label_en", "label_fr"]).where("code", "in", codes).execute();
  const reasonLabels = new Map(reasons.map((reason) => [reason.code, (locale === "fr" ? reason.label_fr : reason.label_en) || reason.label_en]));

  return {
    id: row.id,
    surveyId: row.survey_id,
    surveyName: localized(localizedColumns(row, "survey_name"), locale),
    version: row.version,
    submittedAt: row.submitted_at,
    periodMonth: row.period_month,
    departureId: row.departure_id,
    personName: row.employee_name,
    departmentId: row.department_id,
    departureType: row.departure_type,
    answeredIn: row.locale,
    enpsScore: row.enps_score,
    enpsCategory: row.enps_score === null ? null : enpsCategory(row.enps_score),
    questions: describeAnswers(definition, answers, { locale, reasonLabels }),
  };
}

/**
 * The response for an HR admin to read, after recording who read it. Returns undefined (nothing
 * recorded) when there is no confidential response with this id.
 */
export async function viewConfidentialResponse(
  db: DB,
  id: string,
  { viewerId, locale }: { viewerId: string; locale: AppLocale },
): Promise<ConfidentialResponse | undefined> {
  const response = await findConfidentialResponse(db, id, locale);
  if (!response) return undefined;
  await recordAudit(db, {
    actorUserId: viewerId,
    action: RESPONSE_VIEWED_ACTION,
    subjectType: RESPONSE_SUBJECT_TYPE,
    subjectId: response.id,
    data: { surveyId: response.surveyId, departureId: response.departureId },
  });
  return response;
}
