import { findUserById, isStaffRole } from "~/modules/auth/users.server";
import { findLeaverExit } from "~/modules/alumni/leaver.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { Role } from "../../../db/schema";
import { requestErasure } from "./erasure.server";

/**
 * Who may have their data erased from the portal's pages, and by whom (docs/decisions/030):
 * - the person themself, from /alumni/data/delete: an alumnus, or a leaver who joined the network
 *   (the people alumni.preferences lets manage their alumni choices);
 * - an HR admin on their behalf, for leavers and alumni only: never themself, never another staff
 *   account (staff leave through a departure, and are then leavers; an active colleague's account
 *   is disabled, not erased, while the company employs them).
 */

/** Whether the signed-in person may erase their own account from the alumni pages. */
export async function maySelfErase(db: DB, user: { id: string; role: Role }): Promise<boolean> {
  if (user.role === "alumnus") return true;
  const exit = await findLeaverExit(db, user.id);
  return exit?.invitation?.alumniDecision === "joined";
}

/** Whether an HR admin may erase this person (and why not). */
export function hrMayErase(admin: { id: string }, person: { id: string; role: Role }): "self" | "staff" | null {
  if (admin.id === person.id) return "self";
  if (isStaffRole(person.role)) return "staff";
  return null;
}

/** HR's erasure of a leaver or alumnus: refused for staff and for the admin themself. */
export async function eraseOnBehalf(db: DB, input: { userId: string; admin: { id: string } }): Promise<{ requestId: string }> {
  const person = await findUserById(db, input.userId);
  if (!person) throw DomainFailure.notFound("erasure.personNotFound");
  const refusal = hrMayErase(input.admin, person);
  if (refusal === "self") throw DomainFailure.refused("erasure.selfRefused");
  if (refusal === "staff") throw DomainFailure.refused("erasure.staffRefused");
  return requestErasure(db, { userId: person.id, requestedBy: { userId: input.admin.id }, reason: "hr" });
}

/** The state of a person's erasure, for the pages: none asked, under way, or done. */
export async function erasureState(db: DB, userId: string): Promise<"none" | "pending" | "done"> {
  const latest = await db
    .selectFrom("privacy_erasure_requests")
    .select("status")
    .where("user_id", "=", userId)
    .orderBy("requested_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!latest) return "none";
  return latest.status === "done" ? "done" : "pending";
}
