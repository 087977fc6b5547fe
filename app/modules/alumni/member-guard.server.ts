import { redirect } from "@remix-run/node";
import { requireRole, type Visitor } from "~/modules/auth/guards.server";
import type { Namespace } from "~/modules/i18n/translator";
import { requireUser } from "~/modules/auth/session.server";
import { isStaffRole } from "~/modules/auth/users.server";
import { EXIT_FLOW_ROLES } from "~/modules/exit/flow-access.server";
import { getDb } from "~/utils/db.server";
import { findLeaverExit } from "./leaver.server";

/**
 * Who counts as a member of the alumni network on its pages (the preferences, the openings, "Your data"): an
 * alumnus, or a leaver who joined through their exit flow. A staff member who leaves and joined
 * through their own exit flow is a leaver here; other staff members get the 403 every other role's
 * page gives. A leaver who has not joined yet is sent to the invitation.
 *
 * `member`: how the network sees the person; a staff member who leaves is a leaver like any other.
 */
export async function requireMember(request: Request, namespace: Namespace = "alumni"): Promise<Visitor & { member: "alumnus" | "leaver" }> {
  const visitor = await requireRole(request, ["alumnus", ...EXIT_FLOW_ROLES], namespace);
  const { user } = visitor;
  if (user.role === "alumnus") return { ...visitor, member: "alumnus" };
  const exit = await findLeaverExit(getDb(), user.id);
  // Staff without a departure of their own: the same refusal as for any page not meant for them.
  if (!exit && isStaffRole(user.role)) await requireUser(request, { role: ["alumnus", "leaver"] });
  // A leaver has choices to manage only once they joined; before that, the invitation is the place.
  if (exit?.invitation?.alumniDecision !== "joined") throw redirect("/exit/alumni");
  return { ...visitor, member: "leaver" };
}
