import { sql } from "kysely";
import { recipientsOf } from "~/modules/exit/invitation-emails.server";
import { RESPONSE_SUBJECT_TYPE, RESPONSE_VIEWED_ACTION } from "./confidential-response.server";
import type { LocalizedText } from "~/modules/i18n/localized-text";
import type { DB } from "~/utils/db.server";
import type { AlumniStatus, Confidentiality, ExitInvitationStatus } from "../../../db/schema";
import type { CalendarDay } from "~/utils/calendar-days";

/**
 * Where the leaver is in the exit flow (exit survey, then the invitation to the alumni network),
 * as HR's departure page shows it, read in one query from the departure's invitation, the survey
 * version it points to, the leaver's alumni profile and, for a confidential survey, the response
 * and how often it was read.
 *
 * Here in responses, the domain of HR's views of the exit flow, above the invitation it reads
 * (exit) and beside the response reads it counts.
 *
 * For an anonymous survey the invitation only says that it was answered (and on which day): the
 * response itself cannot be found from here, there is no link to it, and it is published only
 * later, inside a block of at least k (docs/decisions/008).
 */

/** not_invited: no invitation exists (no active exit survey when the departure was recorded). */
export type ExitFlowState = "not_invited" | ExitInvitationStatus;

/**
 * pending_confirmation: joined, personal email not confirmed yet; confirmed: confirmed, becomes an
 * alumnus after the last day; active: an alumnus; left: left the network since; declined.
 */
export type AlumniState = "pending_confirmation" | "confirmed" | "active" | "left" | "declined";

export interface ExitFlowStatus {
  state: ExitFlowState;
  survey: { id: string; name: LocalizedText; version: number; confidentiality: Confidentiality } | null;
  /** The company day the invitation goes (or went) out. */
  sendOn: CalendarDay | null;
  invitedAt: Date | null;
  startedAt: Date | null;
  /** Exact for a confidential survey; midnight of the company day for an anonymous one. */
  finishedAt: Date | null;
  /** The last day the leaver's links work. */
  expiresOn: CalendarDay | null;
  linkExpired: boolean;
  /**
   * The invitation can still be answered, so emails may still go out: scheduled, invited or started,
   * links not expired, departure not cancelled.
   */
  open: boolean;
  /**
   * Open, but there is nobody to write to: the last day is behind (the work mailbox is closed) and
   * there is no personal address. The invitation or reminder waits, unsent (invitation-run.server,
   * audit exit.leaver_unreachable), until HR records a personal address.
   */
  unreachable: boolean;
  /** Where the exit flow's emails go after the last day, when HR recorded it. */
  personalEmail: string | null;
  reminders: { count: number; lastAt: Date | null };
  alumni: { state: AlumniState; at: Date | null } | null;
  /** Only for a finished confidential survey: the response HR admins may read, and its reads. */
  response: { id: string; views: number; lastViewedAt: Date | null; lastViewedBy: string | null } | null;
  /** When not invited: whether an exit survey is active now (if not, that is why). */
  activeSurvey: boolean;
}

const OPEN_STATES: readonly ExitInvitationStatus[] = ["scheduled", "invited", "started"];

export async function exitFlowStatus(db: DB, departureId: string, today: CalendarDay): Promise<ExitFlowStatus> {
  const row = await db
    .selectFrom("departures as d")
    .leftJoin("exit_invitations as i", "i.departure_id", "d.id")
    .leftJoin("survey_versions as v", "v.id", "i.survey_version_id")
    .leftJoin("surveys as s", "s.id", "v.survey_id")
    .leftJoin("alumni_profiles as ap", "ap.user_id", "d.leaver_user_id")
    .leftJoin("survey_responses as r", (join) =>
      join.onRef("r.invitation_id", "=", "i.id").on("r.confidentiality", "=", "confidential"),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("audit_log as a")
          .leftJoin("users as viewer", "viewer.id", "a.actor_user_id")
          .select(["a.created_at as viewed_at", "viewer.name as viewer_name", sql<number>`(count(*) over ())::int`.as("views")])
          .where("a.subject_type", "=", RESPONSE_SUBJECT_TYPE)
          .whereRef("a.subject_id", "=", sql`r.id::text`)
          .where("a.action", "=", RESPONSE_VIEWED_ACTION)
          .orderBy("a.created_at", "desc")
          .limit(1)
          .as("seen"),
      (join) => join.onTrue(),
    )
    .select([
      "d.last_day",
      "d.employee_email",
      "d.personal_email",
      "d.status as departure_status",
      "i.id as invitation_id",
      "i.status",
      "i.send_on",
      "i.expires_on",
      "i.invited_at",
      "i.started_at",
      "i.finished_at",
      "i.reminders_sent",
      "i.last_reminded_at",
      "i.alumni_decision",
      "i.alumni_decided_at",
      "v.version",
      "v.confidentiality as version_confidentiality",
      "s.id as survey_id",
      "s.name_en as survey_name_en",
      "s.name_fr as survey_name_fr",
      "ap.status as alumni_status",
      "ap.personal_email_confirmed_at",
      "ap.joined_at",
      "ap.activated_at",
      "ap.left_at",
      "r.id as response_id",
      "seen.views",
      "seen.viewed_at",
      "seen.viewer_name",
      (eb) =>
        eb
          .exists(eb.selectFrom("surveys as active").select("active.id").where("active.is_active_exit", "=", true).where("active.archived_at", "is", null))
          .as("active_survey"),
    ])
    .where("d.id", "=", departureId)
    .executeTakeFirst();

  const alumni = alumniState(row);
  if (!row?.invitation_id || !row.status) {
    return {
      state: "not_invited",
      survey: null,
      sendOn: null,
      invitedAt: null,
      startedAt: null,
      finishedAt: null,
      expiresOn: null,
      linkExpired: false,
      open: false,
      unreachable: false,
      personalEmail: row?.personal_email ?? null,
      reminders: { count: 0, lastAt: null },
      alumni,
      response: null,
      activeSurvey: Boolean(row?.active_survey),
    };
  }
  const confidentiality = row.version_confidentiality ?? "anonymous";
  const linkExpired = row.expires_on !== null && row.expires_on < today;
  const open = OPEN_STATES.includes(row.status) && !linkExpired && row.departure_status !== "cancelled";
  const addresses = recipientsOf(row.employee_email, row.personal_email, { workMailboxOpen: today <= row.last_day });
  return {
    state: row.status,
    survey:
      row.survey_id && row.survey_name_en !== null && row.survey_name_fr !== null && row.version !== null
        ? { id: row.survey_id, name: { en: row.survey_name_en, fr: row.survey_name_fr }, version: row.version, confidentiality }
        : null,
    sendOn: row.send_on,
    invitedAt: row.invited_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    expiresOn: row.expires_on,
    linkExpired,
    open,
    unreachable: open && addresses.length === 0,
    personalEmail: row.personal_email,
    reminders: { count: row.reminders_sent ?? 0, lastAt: row.last_reminded_at },
    alumni,
    response:
      row.status === "finished" && confidentiality === "confidential" && row.response_id
        ? { id: row.response_id, views: Number(row.views ?? 0), lastViewedAt: row.viewed_at ?? null, lastViewedBy: row.viewer_name ?? null }
        : null,
    activeSurvey: Boolean(row.active_survey),
  };
}

interface AlumniColumns {
  alumni_decision: "joined" | "declined" | null;
  alumni_decided_at: Date | null;
  alumni_status: AlumniStatus | null;
  personal_email_confirmed_at: Date | null;
  joined_at: Date | null;
  activated_at: Date | null;
  left_at: Date | null;
}

/** The profile says more than the decision (it moves on after joining); the decision covers declining. */
function alumniState(row: AlumniColumns | undefined): ExitFlowStatus["alumni"] {
  if (!row) return null;
  switch (row.alumni_status) {
    case "active":
      return { state: "active", at: row.activated_at };
    case "left":
      return { state: "left", at: row.left_at };
    case "pending":
      return row.personal_email_confirmed_at
        ? { state: "confirmed", at: row.personal_email_confirmed_at }
        : { state: "pending_confirmation", at: row.joined_at };
    default:
      break;
  }
  if (row.alumni_decision === "declined") return { state: "declined", at: row.alumni_decided_at };
  if (row.alumni_decision === "joined") return { state: "pending_confirmation", at: row.alumni_decided_at };
  return null;
}
