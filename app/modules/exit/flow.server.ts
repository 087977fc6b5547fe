import { z } from "zod";
import { todayIn, type CalendarDay } from "~/utils/calendar-days";
import type { Answers, SurveyDefinition } from "~/modules/surveys/definition";
import { getSurveyVersion } from "~/modules/surveys/surveys.server";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { AlumniDecision, Confidentiality, DepartureType, ExitInvitationStatus } from "../../../db/schema";
import { resumePage } from "./flow-pages";

/**
 * Where a signed-in leaver is in the exit flow. The invitation is always found from the signed-in
 * user (departures.leaver_user_id), never from an id in a URL or a form: one leaver can never open
 * another's survey or answers.
 */

export interface FlowInvitation {
  id: string;
  status: ExitInvitationStatus;
  sendOn: CalendarDay;
  expiresOn: CalendarDay;
  currentPage: number;
  surveyVersionId: string;
  alumniDecision: AlumniDecision | null;
  departmentId: string;
  departureType: DepartureType;
  departureCancelled: boolean;
}

export interface FlowSurvey {
  surveyId: string;
  versionId: string;
  confidentiality: Confidentiality;
  definition: SurveyDefinition;
}

export type FlowStep =
  /** No exit survey for this person (none was active when the departure was recorded). */
  | { kind: "none" }
  /** Invited later (N days before the last day). */
  | { kind: "not_open"; opensOn: CalendarDay }
  | { kind: "closed"; reason: "cancelled" | "expired"; expiredOn: CalendarDay }
  | { kind: "survey"; invitation: FlowInvitation; survey: FlowSurvey; answers: Answers; started: boolean; resumePage: number }
  | { kind: "alumni" }
  | { kind: "thanks" };

const OPEN_STATUSES: readonly ExitInvitationStatus[] = ["scheduled", "invited", "started"];

/**
 * The leaver's invitation: the one of their latest departure that is not cancelled, else the latest
 * one (a person who left, came back and leaves again has one per departure).
 */
export async function findLeaverInvitation(db: DB, userId: string): Promise<FlowInvitation | undefined> {
  const row = await db
    .selectFrom("exit_invitations as i")
    .innerJoin("departures as d", "d.id", "i.departure_id")
    .select([
      "i.id",
      "i.status",
      "i.send_on",
      "i.expires_on",
      "i.current_page",
      "i.survey_version_id",
      "i.alumni_decision",
      "d.department_id",
      "d.type",
      "d.status as departure_status",
    ])
    .where("d.leaver_user_id", "=", userId)
    .orderBy((eb) => eb.case().when("i.status", "=", "cancelled").then(1).else(0).end())
    .orderBy("d.created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    status: row.status,
    sendOn: row.send_on,
    expiresOn: row.expires_on,
    currentPage: row.current_page,
    surveyVersionId: row.survey_version_id,
    alumniDecision: row.alumni_decision,
    departmentId: row.department_id,
    departureType: row.type,
    departureCancelled: row.departure_status === "cancelled",
  };
}

/** Stored answers are only ever written after validation; anything else reads as no answer. */
const draftAnswersSchema = z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string()), z.boolean()]));

export async function readDraftAnswers(db: DB, invitationId: string): Promise<Answers> {
  const row = await db.selectFrom("exit_response_drafts").select("answers").where("invitation_id", "=", invitationId).executeTakeFirst();
  if (!row) return {};
  const parsed = draftAnswersSchema.safeParse(typeof row.answers === "string" ? JSON.parse(row.answers) : row.answers);
  return parsed.success ? parsed.data : {};
}

export async function loadFlowSurvey(db: DB, versionId: string): Promise<FlowSurvey> {
  const version = await getSurveyVersion(db, versionId);
  if (!version) throw new Error(`Survey version ${versionId} is missing`);
  return {
    surveyId: version.surveyId,
    versionId: version.versionId,
    confidentiality: version.confidentiality,
    definition: version.definition,
  };
}

export function companyToday(): CalendarDay {
  return todayIn(getEnv().COMPANY_TIME_ZONE);
}

/** Whether the invitation still takes answers today, and if not, why. */
export function invitationWindow(invitation: FlowInvitation, today: CalendarDay): FlowStep | "open" {
  if (invitation.status === "cancelled" || invitation.departureCancelled) {
    return { kind: "closed", reason: "cancelled", expiredOn: invitation.expiresOn };
  }
  if (invitation.status === "finished") return invitation.alumniDecision ? { kind: "thanks" } : { kind: "alumni" };
  if (today > invitation.expiresOn) return { kind: "closed", reason: "expired", expiredOn: invitation.expiresOn };
  if (invitation.status === "scheduled" && invitation.sendOn > today) return { kind: "not_open", opensOn: invitation.sendOn };
  return OPEN_STATUSES.includes(invitation.status) ? "open" : { kind: "closed", reason: "cancelled", expiredOn: invitation.expiresOn };
}

/** The step the signed-in leaver is at, with the survey and their saved answers when it is open. */
export async function loadExitFlow(db: DB, userId: string, options: { today?: CalendarDay } = {}): Promise<FlowStep> {
  const invitation = await findLeaverInvitation(db, userId);
  if (!invitation) return { kind: "none" };
  const window = invitationWindow(invitation, options.today ?? companyToday());
  if (window !== "open") return window;
  const [survey, answers] = await Promise.all([loadFlowSurvey(db, invitation.surveyVersionId), readDraftAnswers(db, invitation.id)]);
  return {
    kind: "survey",
    invitation,
    survey,
    answers,
    started: invitation.status === "started",
    resumePage: resumePage(survey.definition, answers, invitation.currentPage),
  };
}

/** Where a leaver who cannot answer (any more, or yet) belongs. */
export function pathForStep(step: FlowStep): string {
  switch (step.kind) {
    case "alumni":
      return "/exit/alumni";
    case "thanks":
      return "/exit/thanks";
    case "survey":
      return `/exit/survey/${step.resumePage}`;
    default:
      return "/exit";
  }
}

/** The active departure reasons a `reasons` question offers, in display order. */
export async function activeReasons(db: DB): Promise<Array<{ code: string; label_en: string; label_fr: string }>> {
  return db
    .selectFrom("departure_reasons")
    .select(["code", "label_en", "label_fr"])
    .where("active", "=", true)
    .orderBy("position")
    .orderBy("code")
    .execute();
}
