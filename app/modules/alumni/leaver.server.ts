import { findLeaverInvitation } from "~/modules/exit/flow.server";
import type { DB } from "~/utils/db.server";
import type { AlumniDecision, DateString, ExitInvitationStatus } from "../../../db/schema";

/** Where a leaver stands, as the alumni step needs it: their departure and its exit invitation. */
export interface LeaverExit {
  userId: string;
  departureId: string;
  employeeEmail: string;
  /** The personal address HR recorded, if any: only a suggestion for the join form. */
  knownPersonalEmail: string | null;
  lastDay: DateString;
  invitation: {
    id: string;
    status: ExitInvitationStatus;
    expiresOn: DateString;
    alumniDecision: AlumniDecision | null;
  } | null;
}

/**
 * The invitation is the one the exit flow shows (findLeaverInvitation), so both steps always talk
 * about the same departure; without one, the latest departure not cancelled.
 */
export async function findLeaverExit(db: DB, userId: string): Promise<LeaverExit | undefined> {
  const invitation = await findLeaverInvitation(db, userId);
  let query = db
    .selectFrom("departures")
    .select(["id", "employee_email", "personal_email", "last_day"])
    .where("leaver_user_id", "=", userId);
  query = invitation
    ? query.where("id", "=", (eb) => eb.selectFrom("exit_invitations").select("departure_id").where("id", "=", invitation.id))
    : query.where("status", "<>", "cancelled").orderBy("last_day", "desc").orderBy("created_at", "desc").limit(1);
  const departure = await query.executeTakeFirst();
  if (!departure) return undefined;
  return {
    userId,
    departureId: departure.id,
    employeeEmail: departure.employee_email,
    knownPersonalEmail: departure.personal_email,
    lastDay: departure.last_day,
    invitation: invitation
      ? {
          id: invitation.id,
          status: invitation.departureCancelled ? "cancelled" : invitation.status,
          expiresOn: invitation.expiresOn,
          alumniDecision: invitation.alumniDecision,
        }
      : null,
  };
}

/** A leaver whose invitation is there (and, once alumniStepOpen said so, finished). */
export type OpenLeaverExit = LeaverExit & { invitation: NonNullable<LeaverExit["invitation"]> };

/** The alumni step comes after the survey: only a finished invitation opens it. */
export function alumniStepOpen(exit: LeaverExit | undefined): exit is OpenLeaverExit {
  return exit?.invitation?.status === "finished";
}

/** Locks the person's user row for the rest of the transaction: their alumni changes happen one at a time. */
export async function lockPerson(trx: DB, userId: string): Promise<void> {
  await trx.selectFrom("users").select("id").where("id", "=", userId).forUpdate().execute();
}
