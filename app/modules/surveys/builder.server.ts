import { sql, type Selectable, type Transaction } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import type { LocalizedText } from "~/modules/i18n/localized-text";
import { getEnv } from "~/utils/env.server";
import { getDb, type Database, type DB } from "~/utils/db.server";
import type { Confidentiality, SurveyKind, SurveysTable } from "../../../db/schema";
import {
  definitionProblems,
  newProblems,
  questionValues,
  sameDefinition,
  uniqueId,
  type QuestionInput,
  type SurveyCreateInput,
  type SurveySettingsInput,
} from "./builder";
import { parseSurveyDefinition, surveyDefinitionSchema, type Question, type SurveyDefinition } from "./definition";
import { defaultExitSurveyDefinition } from "./defaults.server";
import { reorder } from "~/utils/reorder";
import { DomainFailure, type Failure } from "~/utils/failures";
import { listActiveReasonLabels } from "./reason-choices.server";

/**
 * HR's survey builder: surveys, their draft and their published versions. HR edits the draft; a
 * publication freezes it into a new numbered version, which is what invitations and responses
 * point at — so publishing never changes what an invited leaver answers. Every change is audited.
 */

const LIST_LIMIT = 200;

/** Who makes the change, for the audit log. Refusals are DomainFailures (ADR 013), never sentences. */
export interface SurveyActor {
  actorUserId: string | null;
}

type SurveyRow = Selectable<SurveysTable>;

/** Active departure reasons (code → label in each language), for reasons questions and conditions. */
export const listReasonChoices = listActiveReasonLabels;

async function reasonCodes(db: DB): Promise<string[]> {
  return (await listReasonChoices(db)).map((reason) => reason.code);
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface SurveyListEntry {
  id: string;
  kind: SurveyKind;
  name: LocalizedText;
  confidentiality: Confidentiality;
  isActiveExit: boolean;
  archived: boolean;
  currentVersion: number | null;
  questionCount: number;
  unpublishedChanges: boolean;
}

/** Every survey, the active exit survey first, archived ones last. */
export async function listSurveys(db: DB): Promise<SurveyListEntry[]> {
  const rows = await db
    .selectFrom("surveys as s")
    .leftJoin("survey_versions as v", "v.id", "s.current_version_id")
    .select([
      "s.id",
      "s.kind",
      "s.name_en",
      "s.name_fr",
      "s.confidentiality",
      "s.is_active_exit",
      "s.archived_at",
      "s.draft",
      "v.version",
      "v.definition",
      "v.confidentiality as version_confidentiality",
    ])
    .orderBy(sql`s.archived_at is not null`)
    .orderBy("s.is_active_exit", "desc")
    .orderBy(sql`lower(s.name_en)`)
    .orderBy("s.id")
    .limit(LIST_LIMIT)
    .execute();
  return rows.map((row) => {
    const draft = parseSurveyDefinition(row.draft);
    return {
      id: row.id,
      kind: row.kind,
      name: { en: row.name_en, fr: row.name_fr },
      confidentiality: row.confidentiality,
      isActiveExit: row.is_active_exit,
      archived: row.archived_at !== null,
      currentVersion: row.version ?? null,
      questionCount: draft.questions.length,
      unpublishedChanges:
        row.version === null ||
        row.version_confidentiality !== row.confidentiality ||
        !sameDefinition(draft, parseSurveyDefinition(row.definition)),
    };
  });
}

export interface SurveyVersionEntry {
  id: string;
  version: number;
  confidentiality: Confidentiality;
  publishedAt: Date;
  publishedByName: string | null;
  questionCount: number;
  invitationCount: number;
}

export interface SurveyDetail {
  id: string;
  kind: SurveyKind;
  name: LocalizedText;
  confidentiality: Confidentiality;
  inviteDaysBeforeLastDay: number | null;
  isActiveExit: boolean;
  archived: boolean;
  updatedAt: Date;
  draft: SurveyDefinition;
  currentVersion: number | null;
  unpublishedChanges: boolean;
  /** Newest first. */
  versions: SurveyVersionEntry[];
}

/** One survey with its draft and its versions (how many invitations each version was sent with). */
export async function getSurvey(db: DB, id: string): Promise<SurveyDetail | undefined> {
  const survey = await db.selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirst();
  if (!survey) return undefined;
  const versions = await db
    .selectFrom("survey_versions as v")
    .leftJoin("users as u", "u.id", "v.published_by")
    .select(["v.id", "v.version", "v.confidentiality", "v.published_at", "v.definition", "u.name as published_by_name"])
    .select((eb) =>
      eb.selectFrom("exit_invitations as i").whereRef("i.survey_version_id", "=", "v.id").select(sql<string>`count(*)`.as("n")).as("invitations"),
    )
    .where("v.survey_id", "=", id)
    .orderBy("v.version", "desc")
    .execute();
  const draft = parseSurveyDefinition(survey.draft);
  const current = versions.find((v) => v.id === survey.current_version_id);
  return {
    id: survey.id,
    kind: survey.kind,
    name: { en: survey.name_en, fr: survey.name_fr },
    confidentiality: survey.confidentiality,
    inviteDaysBeforeLastDay: survey.invite_days_before_last_day,
    isActiveExit: survey.is_active_exit,
    archived: survey.archived_at !== null,
    updatedAt: survey.updated_at,
    draft,
    currentVersion: current?.version ?? null,
    unpublishedChanges:
      !current || current.confidentiality !== survey.confidentiality || !sameDefinition(draft, parseSurveyDefinition(current.definition)),
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      confidentiality: v.confidentiality,
      publishedAt: v.published_at,
      publishedByName: v.published_by_name,
      questionCount: parseSurveyDefinition(v.definition).questions.length,
      invitationCount: Number(v.invitations ?? 0),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Changing

async function lockSurvey(trx: DB, id: string): Promise<SurveyRow> {
  const survey = await trx.selectFrom("surveys").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!survey) throw DomainFailure.notFound("common.notFound");
  return survey;
}

async function lockEditable(trx: DB, id: string): Promise<SurveyRow> {
  const survey = await lockSurvey(trx, id);
  if (survey.archived_at) throw DomainFailure.refused("survey.archived");
  return survey;
}

/**
 * Writes a new draft unless the change breaks a rule the draft kept so far (a condition left
 * pointing at a later question, an option a condition needs removed…): then it is refused, naming it.
 */
async function writeDraft(trx: Transaction<Database>, survey: SurveyRow, next: SurveyDefinition) {
  const codes = await reasonCodes(trx);
  const options = { kind: survey.kind, reasonCodes: codes, publishing: false };
  const before = definitionProblems(parseSurveyDefinition(survey.draft), options);
  const introduced = newProblems(before, definitionProblems(next, options));
  if (introduced.length > 0) throw new DomainFailure("invalid", introduced);
  await trx
    .updateTable("surveys")
    .set({ draft: JSON.stringify(surveyDefinitionSchema.parse(next)), updated_at: new Date() })
    .where("id", "=", survey.id)
    .execute();
}

/**
 * A new survey, unpublished. An exit survey starts with the eNPS question every exit survey must
 * have (once), with the company's name in it.
 */
export async function createSurvey(input: SurveyCreateInput, actor: SurveyActor): Promise<{ id: string }> {
  const draft: SurveyDefinition =
    input.kind === "exit"
      ? { intro: null, questions: defaultExitSurveyDefinition(getEnv().COMPANY_NAME).questions.filter((q) => q.type === "enps") }
      : { intro: null, questions: [] };
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const survey = await trx
        .insertInto("surveys")
        .values({ kind: input.kind, name_en: input.nameEn, name_fr: input.nameFr, confidentiality: input.confidentiality, draft: JSON.stringify(draft), created_by: actor.actorUserId })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: actor.actorUserId,
        action: "survey.created",
        subjectType: "survey",
        subjectId: survey.id,
        data: { kind: input.kind, confidentiality: input.confidentiality },
      });
      return survey;
    });
}

/**
 * Name, confidentiality, welcome text and invitation timing. The name and the timing apply at once;
 * the confidentiality and the welcome text are part of what is published, so leavers see them
 * from the next version on.
 */
export async function updateSurveySettings(id: string, input: SurveySettingsInput, actor: SurveyActor): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const survey = await lockEditable(trx, id);
      const draft = parseSurveyDefinition(survey.draft);
      const inviteDays = survey.kind === "exit" ? input.inviteDaysBeforeLastDay : null;
      const changed: string[] = [];
      if (input.nameEn !== survey.name_en || input.nameFr !== survey.name_fr) changed.push("name");
      if (input.confidentiality !== survey.confidentiality) changed.push("confidentiality");
      if (inviteDays !== survey.invite_days_before_last_day) changed.push("inviteDaysBeforeLastDay");
      if (JSON.stringify(input.intro) !== JSON.stringify(draft.intro)) changed.push("intro");
      if (changed.length === 0) return;
      await trx
        .updateTable("surveys")
        .set({
          name_en: input.nameEn,
          name_fr: input.nameFr,
          confidentiality: input.confidentiality,
          invite_days_before_last_day: inviteDays,
          draft: JSON.stringify({ ...draft, intro: input.intro }),
          updated_at: new Date(),
        })
        .where("id", "=", id)
        .execute();
      await recordAudit(trx, { actorUserId: actor.actorUserId, action: "survey.updated", subjectType: "survey", subjectId: id, data: { changed } });
    });
}

/** A change to the draft's questions, and how the audit log names it. */
interface QuestionsEdit {
  questions: Question[];
  action: string;
  data: Record<string, unknown>;
}

/**
 * One change to the draft's questions, in a transaction holding the survey's lock: `edit` reads the
 * draft and returns the new questions (null: nothing to change), which writeDraft checks before they
 * are stored and audited. Returns what `edit` returned.
 */
async function editQuestions<Edit extends QuestionsEdit | null>(
  surveyId: string,
  actor: SurveyActor,
  edit: (draft: SurveyDefinition) => Edit,
): Promise<Edit> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const survey = await lockEditable(trx, surveyId);
      const draft = parseSurveyDefinition(survey.draft);
      const change = edit(draft);
      if (!change) return change;
      await writeDraft(trx, survey, { ...draft, questions: change.questions });
      await recordAudit(trx, { actorUserId: actor.actorUserId, action: change.action, subjectType: "survey", subjectId: surveyId, data: change.data });
      return change;
    });
}

function questionIndex(draft: SurveyDefinition, questionId: string): number {
  const index = draft.questions.findIndex((q) => q.id === questionId);
  if (index < 0) throw DomainFailure.notFound("common.notFound");
  return index;
}

/** Adds a question at the end of the draft (`questionId` null) or changes one, keeping its id. */
export async function saveQuestion(surveyId: string, questionId: string | null, input: QuestionInput, actor: SurveyActor): Promise<Question> {
  const { question } = await editQuestions(surveyId, actor, (draft) => {
    if (questionId === null) {
      const added: Question = { id: uniqueId(input.prompt.en, new Set(draft.questions.map((q) => q.id))), ...input };
      return { question: added, questions: [...draft.questions, added], action: "survey.question_added", data: { questionId: added.id, type: added.type } };
    }
    const index = questionIndex(draft, questionId);
    const changed: Question = { id: questionId, ...input };
    return {
      question: changed,
      questions: draft.questions.map((q, i) => (i === index ? changed : q)),
      action: "survey.question_updated",
      data: { questionId, type: changed.type },
    };
  });
  return question;
}

export async function removeQuestion(surveyId: string, questionId: string, actor: SurveyActor): Promise<void> {
  await editQuestions(surveyId, actor, (draft) => {
    questionIndex(draft, questionId);
    // A question others depend on is refused by name rather than leaving conditions dangling.
    const dependants = draft.questions.filter((q) => q.condition?.questionId === questionId);
    if (dependants.length > 0) {
      const named = { id: dependants.map((q) => q.id).join(","), prompt: { en: joinPrompts(dependants, "en"), fr: joinPrompts(dependants, "fr") } };
      throw DomainFailure.refused("survey.removeDependedOn", questionValues(named, "question"));
    }
    return { questions: draft.questions.filter((q) => q.id !== questionId), action: "survey.question_removed", data: { questionId } };
  });
}

/** One place up or down; refused when it would put a question before the one its condition reads. */
export async function moveQuestion(surveyId: string, questionId: string, direction: "up" | "down", actor: SurveyActor): Promise<void> {
  await editQuestions(surveyId, actor, (draft) => {
    questionIndex(draft, questionId);
    const order = reorder(
      draft.questions.map((q) => q.id),
      questionId,
      direction,
    );
    if (!order) return null;
    const byId = new Map(draft.questions.map((q) => [q.id, q]));
    return { questions: order.map((id) => byId.get(id)!), action: "survey.question_moved", data: { questionId, direction } };
  });
}

function joinPrompts(questions: readonly Question[], locale: "en" | "fr"): string {
  return questions.map((q) => q.prompt[locale]).join(", ");
}

/** What publishing the draft would be refused for (empty: it can be published). */
export async function publishProblems(db: DB, survey: Pick<SurveyDetail, "kind" | "draft">): Promise<Failure[]> {
  return definitionProblems(survey.draft, { kind: survey.kind, reasonCodes: await reasonCodes(db), publishing: true });
}

/**
 * Freezes the draft, with the survey's confidentiality, as the next version and makes it current.
 * Invitations already made keep the version they were made with.
 */
export async function publishSurvey(surveyId: string, actor: SurveyActor): Promise<{ versionId: string; version: number }> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const survey = await lockEditable(trx, surveyId);
      const draft = parseSurveyDefinition(survey.draft);
      const problems = definitionProblems(draft, { kind: survey.kind, reasonCodes: await reasonCodes(trx), publishing: true });
      if (problems.length > 0) throw new DomainFailure("invalid", problems);
      const current = survey.current_version_id
        ? await trx.selectFrom("survey_versions").select(["version", "definition", "confidentiality"]).where("id", "=", survey.current_version_id).executeTakeFirst()
        : undefined;
      if (current && current.confidentiality === survey.confidentiality && sameDefinition(draft, parseSurveyDefinition(current.definition))) {
        throw DomainFailure.refused("survey.nothingToPublish", { version: current.version });
      }
      const last = await trx
        .selectFrom("survey_versions")
        .select((eb) => eb.fn.max("version").as("version"))
        .where("survey_id", "=", surveyId)
        .executeTakeFirst();
      const version = Number(last?.version ?? 0) + 1;
      const row = await trx
        .insertInto("survey_versions")
        .values({ survey_id: surveyId, version, confidentiality: survey.confidentiality, definition: JSON.stringify(draft), published_by: actor.actorUserId })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.updateTable("surveys").set({ current_version_id: row.id, updated_at: new Date() }).where("id", "=", surveyId).execute();
      await recordAudit(trx, {
        actorUserId: actor.actorUserId,
        action: "survey.published",
        subjectType: "survey",
        subjectId: surveyId,
        data: { version, versionId: row.id, confidentiality: survey.confidentiality, questions: draft.questions.length },
      });
      return { versionId: row.id, version };
    });
}

/** Makes a published exit survey the one new departures are invited to (the previous one stops). */
export async function setActiveExitSurvey(surveyId: string, actor: SurveyActor): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      // Two admins switching at once must not both clear and set: one waits for the other.
      await sql`select pg_advisory_xact_lock(hashtext('surveys.active_exit'))`.execute(trx);
      const survey = await lockEditable(trx, surveyId);
      if (survey.kind !== "exit") throw DomainFailure.refused("survey.activateNotExit");
      if (!survey.current_version_id) throw DomainFailure.refused("survey.activateUnpublished");
      if (survey.is_active_exit) return;
      const previous = await trx.selectFrom("surveys").select("id").where("is_active_exit", "=", true).executeTakeFirst();
      await trx.updateTable("surveys").set({ is_active_exit: false, updated_at: new Date() }).where("is_active_exit", "=", true).execute();
      await trx.updateTable("surveys").set({ is_active_exit: true, updated_at: new Date() }).where("id", "=", surveyId).execute();
      await recordAudit(trx, {
        actorUserId: actor.actorUserId,
        action: "survey.activated",
        subjectType: "survey",
        subjectId: surveyId,
        data: { previousSurveyId: previous?.id ?? null },
      });
    });
}

/**
 * Archives a survey: it can no longer be edited, published or made active. Its versions stay, so
 * invitations already sent and their responses are untouched. The active exit survey cannot be
 * archived: another one must be made active first, so new departures are always invited.
 */
export async function archiveSurvey(surveyId: string, actor: SurveyActor): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const survey = await lockEditable(trx, surveyId);
      if (survey.is_active_exit) throw DomainFailure.refused("survey.archiveActive");
      await trx.updateTable("surveys").set({ archived_at: new Date(), updated_at: new Date() }).where("id", "=", surveyId).execute();
      await recordAudit(trx, { actorUserId: actor.actorUserId, action: "survey.archived", subjectType: "survey", subjectId: surveyId, data: {} });
    });
}
