import { getDb } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { getSession, invalidateAllSessions, invalidateSession, serializeBlankSessionCookie } from "./session.server";

export type SignOutScope = "this" | "everywhere";

/**
 * Ends the request's session (or, with "everywhere", every session of its user, e.g. after a lost
 * laptop) and returns the Set-Cookie value that clears the cookie. Harmless without a session.
 */
export async function signOut(request: Request, scope: SignOutScope = "this"): Promise<{ cookie: string }> {
  const session = await getSession(request);
  if (session) {
    const db = getDb();
    if (scope === "everywhere") await invalidateAllSessions(db, session.user.id);
    else await invalidateSession(db, session.sessionId);
    await recordAudit(db, {
      actorUserId: session.user.id,
      action: "auth.sign_out",
      subjectType: "user",
      subjectId: session.user.id,
      data: { scope },
    });
  }
  return { cookie: serializeBlankSessionCookie() };
}
