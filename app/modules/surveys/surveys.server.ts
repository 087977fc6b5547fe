import type { LocalizedText } from "~/modules/i18n/localized-text";
import type { DB } from "~/utils/db.server";
import type { Confidentiality, SurveyKind } from "../../../db/schema";
import { parseSurveyDefinition, type SurveyDefinition } from "./definition";
import { isUuid } from "~/utils/ids";

/**
 * Reading published surveys. A version is frozen: invitations point at one, and a response keeps the
 * version it answered, so what a leaver saw can always be shown again exactly.
 */

export interface PublishedSurveyVersion {
  surveyId: string;
  surveyName: LocalizedText;
  kind: SurveyKind;
  versionId: string;
  version: number;
  /** As published with this version (a later change of the survey's setting needs a new version). */
  confidentiality: Confidentiality;
  definition: SurveyDefinition;
  /** The survey's current setting (exit surveys): null = invite as soon as the departure is recorded. */
  inviteDaysBeforeLastDay: number | null;
}

function versionQuery(db: DB) {
  return db
    .selectFrom("survey_versions as v")
    .innerJoin("surveys as s", "s.id", "v.survey_id")
    .select([
      "s.id as surveyId",
      "s.name_en",
      "s.name_fr",
      "s.kind",
      "v.id as versionId",
      "v.version",
      "v.confidentiality",
      "v.definition",
      "s.invite_days_before_last_day as inviteDaysBeforeLastDay",
    ]);
}

function toPublished({
  name_en,
  name_fr,
  ...row
}: Omit<PublishedSurveyVersion, "definition" | "surveyName"> & { name_en: string; name_fr: string; definition: unknown }): PublishedSurveyVersion {
  return { ...row, surveyName: { en: name_en, fr: name_fr }, definition: parseSurveyDefinition(row.definition) };
}

/** The current version of the exit survey new departures are invited to, if one is set. */
export async function getActiveExitSurveyVersion(db: DB): Promise<PublishedSurveyVersion | undefined> {
  const row = await versionQuery(db)
    .whereRef("v.id", "=", "s.current_version_id")
    .where("s.is_active_exit", "=", true)
    .where("s.kind", "=", "exit")
    .where("s.archived_at", "is", null)
    .executeTakeFirst();
  return row ? toPublished(row) : undefined;
}

/** One published version (still readable after the survey is archived or republished). */
export async function getSurveyVersion(db: DB, versionId: string): Promise<PublishedSurveyVersion | undefined> {
  if (!isUuid(versionId)) return undefined;
  const row = await versionQuery(db).where("v.id", "=", versionId).executeTakeFirst();
  return row ? toPublished(row) : undefined;
}
