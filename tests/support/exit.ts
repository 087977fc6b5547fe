import type { SurveyDefinition } from "~/modules/surveys/definition";
import type {
  AlumniDecision,
  AlumniStatus,
  Confidentiality,
  DepartureType,
  ExitInvitationStatus,
  Locale,
  SurveyKind,
} from "../../db/schema";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import { testDb } from "./database";
import { addToAnonymousPool } from "~/modules/exit/anonymous-pool.server";

/**
 * Exit-flow rows written straight into the tables (surveys and versions, invitations, responses,
 * alumni profiles), so that tests of the views do not depend on the flow that normally writes
 * them. Shared by the issue-4 test suites: add factories here rather than beside one suite.
 */

let sequence = 0;

const text = (en: string, fr: string) => ({ en, fr });

/** A small exit survey with one question of every type; the last one only shows for eNPS ≤ 6. */
export const SAMPLE_DEFINITION: SurveyDefinition = {
  intro: null,
  questions: [
    {
      id: "enps",
      type: "enps",
      prompt: text("How likely are you to recommend Acme Corp as a place to work?", "Quelle est la probabilité que vous recommandiez Acme Corp comme employeur ?"),
      help: null,
      required: true,
      options: [],
      maxLength: null,
      condition: null,
    },
    {
      id: "reasons",
      type: "reasons",
      prompt: text("Why are you leaving?", "Pourquoi partez-vous ?"),
      help: null,
      required: false,
      options: [],
      maxLength: null,
      condition: null,
    },
    {
      id: "manager",
      type: "rating",
      prompt: text("How would you rate your manager?", "Comment évaluez-vous votre responsable ?"),
      help: null,
      required: false,
      options: [],
      maxLength: null,
      condition: null,
    },
    {
      id: "growth",
      type: "single_choice",
      prompt: text("Could you grow here?", "Avez-vous pu progresser ici ?"),
      help: null,
      required: false,
      options: [
        { id: "yes", label: text("Yes, a lot", "Oui, beaucoup") },
        { id: "somewhat", label: text("Somewhat", "Un peu") },
        { id: "no", label: text("Not at all", "Pas du tout") },
      ],
      maxLength: null,
      condition: null,
    },
    {
      id: "liked",
      type: "multiple_choice",
      prompt: text("What did you like?", "Qu’avez-vous apprécié ?"),
      help: null,
      required: false,
      options: [
        { id: "team", label: text("My team", "Mon équipe") },
        { id: "mission", label: text("The mission", "La mission") },
        { id: "pay", label: text("The pay", "La rémunération") },
      ],
      maxLength: null,
      condition: null,
    },
    {
      id: "come_back",
      type: "yes_no",
      prompt: text("Would you come back?", "Reviendriez-vous ?"),
      help: null,
      required: false,
      options: [],
      maxLength: null,
      condition: null,
    },
    {
      id: "change",
      type: "text",
      prompt: text("What should we change?", "Que devrions-nous changer ?"),
      help: null,
      required: false,
      options: [],
      maxLength: 2000,
      condition: { questionId: "enps", operator: "lte", value: 6 },
    },
  ],
};

export interface SurveyOverrides {
  name?: string;
  /** Empty by default: French pages then show the English name. */
  nameFr?: string;
  kind?: SurveyKind;
  confidentiality?: Confidentiality;
  definition?: SurveyDefinition;
  /** Make it the exit survey new departures are invited to. */
  activeExit?: boolean;
  archived?: boolean;
}

/** A survey with its first published version (version 1, current). */
export async function createSurvey(overrides: SurveyOverrides = {}) {
  sequence += 1;
  const db = testDb();
  const confidentiality = overrides.confidentiality ?? "confidential";
  const definition = JSON.stringify(overrides.definition ?? SAMPLE_DEFINITION);
  const survey = await db
    .insertInto("surveys")
    .values({
      kind: overrides.kind ?? "exit",
      name_en: overrides.name ?? `Exit survey ${sequence}`,
      name_fr: overrides.nameFr ?? "",
      confidentiality,
      draft: definition,
      is_active_exit: overrides.activeExit ?? false,
      invite_days_before_last_day: null,
      archived_at: overrides.archived ? new Date() : null,
      created_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const version = await publishVersion(survey.id, { confidentiality, definition: overrides.definition });
  return { survey, version };
}

/** The survey's next version, made current. */
export async function publishVersion(surveyId: string, overrides: { confidentiality?: Confidentiality; definition?: SurveyDefinition } = {}) {
  const db = testDb();
  const survey = await db.selectFrom("surveys").selectAll().where("id", "=", surveyId).executeTakeFirstOrThrow();
  const last = await db
    .selectFrom("survey_versions")
    .select((eb) => eb.fn.max("version").as("version"))
    .where("survey_id", "=", surveyId)
    .executeTakeFirst();
  const version = await db
    .insertInto("survey_versions")
    .values({
      survey_id: surveyId,
      version: Number(last?.version ?? 0) + 1,
      confidentiality: overrides.confidentiality ?? survey.confidentiality,
      definition: JSON.stringify(overrides.definition ?? SAMPLE_DEFINITION),
      published_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.updateTable("surveys").set({ current_version_id: version.id }).where("id", "=", surveyId).execute();
  return version;
}

export interface InvitationOverrides {
  status?: ExitInvitationStatus;
  sendOn?: string;
  expiresOn?: string;
  invitedAt?: Date | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  remindersSent?: number;
  lastRemindedAt?: Date | null;
  alumniDecision?: AlumniDecision | null;
  alumniDecidedAt?: Date | null;
}

/**
 * The departure's invitation. The timestamps a status implies default to plausible values
 * (invited → invited_at set, finished → all three set).
 */
export async function createInvitation(departureId: string, surveyVersionId: string, overrides: InvitationOverrides = {}) {
  const status = overrides.status ?? "invited";
  const reached = (step: ExitInvitationStatus) => {
    const order: ExitInvitationStatus[] = ["scheduled", "invited", "started", "finished"];
    return order.indexOf(status) >= order.indexOf(step);
  };
  return testDb()
    .insertInto("exit_invitations")
    .values({
      departure_id: departureId,
      survey_version_id: surveyVersionId,
      status,
      send_on: overrides.sendOn ?? "2026-11-27",
      expires_on: overrides.expiresOn ?? "2027-01-17",
      invited_at: overrides.invitedAt !== undefined ? overrides.invitedAt : reached("invited") ? new Date("2026-11-27T09:00:00Z") : null,
      started_at: overrides.startedAt !== undefined ? overrides.startedAt : reached("started") ? new Date("2026-11-28T10:00:00Z") : null,
      finished_at: overrides.finishedAt !== undefined ? overrides.finishedAt : reached("finished") ? new Date("2026-11-28T10:20:00Z") : null,
      reminders_sent: overrides.remindersSent ?? 0,
      last_reminded_at: overrides.lastRemindedAt ?? null,
      alumni_decision: overrides.alumniDecision ?? null,
      alumni_decided_at: overrides.alumniDecidedAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ResponseValues {
  surveyId: string;
  surveyVersionId: string;
  confidentiality: Confidentiality;
  /** Confidential responses only. */
  invitationId?: string | null;
  submittedAt?: Date | null;
  periodMonth?: string;
  departmentId?: string | null;
  departureType?: DepartureType | null;
  locale?: Locale;
  enps?: number | null;
  answers?: Record<string, unknown>;
}

/**
 * A stored confidential response. Anonymous responses are never written directly: they go through
 * the pool and a release (poolAnonymousResponses, createAnonymousResponses), as in the product.
 */
export async function createResponse(values: ResponseValues) {
  if (values.confidentiality !== "confidential") throw new Error("createResponse writes confidential responses; use createAnonymousResponses");
  const enps = values.enps === undefined ? 8 : values.enps;
  return testDb()
    .insertInto("survey_responses")
    .values({
      survey_id: values.surveyId,
      survey_version_id: values.surveyVersionId,
      confidentiality: "confidential",
      invitation_id: values.invitationId ?? null,
      submitted_at: values.submittedAt ?? new Date("2026-11-28T10:20:00Z"),
      period_month: values.periodMonth ?? "2026-11-01",
      department_id: values.departmentId ?? null,
      departure_type: values.departureType ?? "voluntary",
      locale: values.locale ?? "en",
      enps_score: enps,
      answers: JSON.stringify(values.answers ?? (enps === null ? {} : { enps })),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface AnonymousValues {
  surveyId: string;
  surveyVersionId: string;
  departmentId?: string | null;
  departureType?: DepartureType | null;
  /** The company day they were submitted (default 2026-11-02). */
  pooledOn?: string;
}

/** Anonymous submissions waiting in the pool, one per eNPS score given, as the submit stores them. */
export async function poolAnonymousResponses(values: AnonymousValues, scores: (number | null)[]) {
  await testDb()
    .transaction()
    .execute(async (trx) => {
      for (const enps of scores) {
        await addToAnonymousPool(trx, {
          surveyId: values.surveyId,
          surveyVersionId: values.surveyVersionId,
          departmentId: values.departmentId ?? null,
          departureType: values.departureType ?? "voluntary",
          today: values.pooledOn ?? "2026-11-02",
          enpsScore: enps,
          answers: enps === null ? {} : { enps },
        });
      }
    });
}

/** Sets k and the release delay (every test starts from empty tables, i.e. the defaults 5 and 3). */
export async function setAnonymitySettings(values: { minBlockSize?: number; releaseDelayDays?: number }) {
  const row = { min_block_size: values.minBlockSize ?? 5, release_delay_days: values.releaseDelayDays ?? 3 };
  await testDb()
    .insertInto("anonymity_settings")
    .values({ id: true, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}

/** Runs the release as the nightly job would on `today` (default: far enough after every test's pool). */
export function releaseAnonymous(today = "2026-11-30") {
  return releaseAnonymousResponses(testDb(), { today, now: new Date(`${today}T01:40:00Z`) });
}

/** Anonymous responses pooled and released at once (a release in the month of `today`). */
export async function createAnonymousResponses(values: AnonymousValues, scores: (number | null)[], today?: string) {
  await poolAnonymousResponses(values, scores);
  return releaseAnonymous(today);
}

export interface AlumniProfileOverrides {
  departureId?: string | null;
  personalEmail?: string;
  status?: AlumniStatus;
  confirmedAt?: Date | null;
  joinedAt?: Date;
  activatedAt?: Date | null;
  leftAt?: Date | null;
}

export async function createAlumniProfile(userId: string, overrides: AlumniProfileOverrides = {}) {
  sequence += 1;
  return testDb()
    .insertInto("alumni_profiles")
    .values({
      user_id: userId,
      departure_id: overrides.departureId ?? null,
      personal_email: overrides.personalEmail ?? `personal-${sequence}-${process.pid}@example.net`,
      personal_email_confirmed_at: overrides.confirmedAt ?? null,
      linkedin_url: null,
      status: overrides.status ?? "pending",
      joined_at: overrides.joinedAt ?? new Date("2026-11-28T10:25:00Z"),
      activated_at: overrides.activatedAt ?? null,
      left_at: overrides.leftAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A department under the company root (created by installOffboardingDefaults). */
export async function createDepartment(name: string, parentName?: string) {
  const db = testDb();
  const parent = parentName
    ? await db.selectFrom("departments").select("id").where("name", "=", parentName).executeTakeFirstOrThrow()
    : await db.selectFrom("departments").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
  return db.insertInto("departments").values({ name, parent_id: parent.id }).returningAll().executeTakeFirstOrThrow();
}
