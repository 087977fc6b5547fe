import { requireUser, type SessionUser } from "~/modules/auth/session.server";
import { STAFF_ROLES } from "~/modules/auth/users.server";
import type { Role } from "../../../db/schema";

/**
 * Who may open the exit flow's pages: leavers (signed in by an exit link), and staff members who
 * leave themselves. A departing manager keeps their staff role until HR closes the account, signs in
 * with their password and answers like any leaver. The pages always load the signed-in person's own
 * departure (findLeaverInvitation), so a staff member without one sees that nothing is waiting, never
 * someone else's flow. Alumni are refused: their exit flow is behind them. See ADR 008.
 */
export const EXIT_FLOW_ROLES = ["leaver", ...STAFF_ROLES] as const satisfies readonly Role[];

export function requireExitFlowUser(request: Request): Promise<SessionUser> {
  return requireUser(request, { role: EXIT_FLOW_ROLES });
}
