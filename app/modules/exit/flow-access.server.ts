import { requireRole, type Visitor } from "~/modules/auth/guards.server";
import type { Namespace } from "~/modules/i18n/translator";
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

/** The exit flow's guard: the signed-in leaver (or departing staff member), their language and a translator. */
export function requireExitFlowUser(request: Request, namespace: Namespace = "exit"): Promise<Visitor> {
  return requireRole(request, EXIT_FLOW_ROLES, namespace);
}
