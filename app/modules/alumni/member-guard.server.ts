import { redirect } from "@remix-run/node";
import { requireRole, type Visitor } from "~/modules/auth/guards.server";
import { requireUser } from "~/modules/auth/session.server";
import { isStaffRole } from "~/modules/auth/users.server";
import { EXIT_FLOW_ROLES } from "~/modules/exit/flow-access.server";
import { getDb } from "~/utils/db.server";
import { findLeaverExit } from "./leaver.server";

/**
 * The guard of the pages where a member manages what is theirs (preferences, profile): an alumnus,
 * or a leaver who joined the network. `member` says how the network sees the person; a staff member
 * who leaves is a leaver like any other. Staff without a departure of their own get the 403 every
 * other role's page gives; a leaver who has not joined is sent to the invitation.
 */
export async function requireMember(request: Request): Promise<Visitor & { member: "alumnus" | "leaver" }> {
  const visitor = await requireRole(request, ["alumnus", ...EXIT_FLOW_ROLES], "alumni");
  const { user } = visitor;
  if (user.role === "alumnus") return { ...visitor, member: "alumnus" };
  const exit = await findLeaverExit(getDb(), user.id);
  if (!exit && isStaffRole(user.role)) await requireUser(request, { role: ["alumnus", "leaver"] });
  // A leaver has choices to manage only once they joined; before that, the invitation is the place.
  if (exit?.invitation?.alumniDecision !== "joined") throw redirect("/exit/alumni");
  return { ...visitor, member: "leaver" };
}
