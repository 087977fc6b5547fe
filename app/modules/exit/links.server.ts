import type { Transaction } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { createSession } from "~/modules/auth/session.server";
import { generateToken, hashToken, TOKEN_PATTERN } from "~/modules/auth/tokens.server";
import { isStaffRole } from "~/modules/auth/users.server";
import type { Database, DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getAppUrl } from "~/utils/env.server";
import type { DepartureStatus, ExitInvitationStatus, Role, UserStatus } from "../../../db/schema";

/**
 * Sign-in links to the exit flow. Unlike a magic link, an exit link is reusable until it expires: the
 * leaver comes back to resume the survey, and later to see the thank-you page. Each email carries a
 * link of its own; only the SHA-256 of a token is stored. The link opens the leaver's own session and
 * nothing else, so whoever holds it sees that person's flow and nobody else's.
 *
 * A link works while it has not expired, its invitation is not cancelled, its departure is not
 * cancelled, the account is not disabled and the account is still a leaver's. It does not ask
 * `canUseMagicLink`: an exit link keeps working after the last day (until the invitation expires)
 * whatever the alumni rules say. Staff who leave sign in with their password and reach their own
 * flow from there; an alumnus signs in by magic link at the personal address. See ADR 008.
 */

export const EXIT_LINK_PATH = "/exit/link/";

export function exitLinkUrl(token: string): string {
  return `${getAppUrl()}${EXIT_LINK_PATH}${token}`;
}

/** A new token for one email; it works once stored with storeExitLink (only its hash is kept). */
export function newExitLinkToken(): string {
  return generateToken();
}

export async function storeExitLink(trx: Transaction<Database>, link: { token: string; invitationId: string; expiresAt: Date }) {
  await trx
    .insertInto("exit_links")
    .values({ token_hash: hashToken(link.token), invitation_id: link.invitationId, expires_at: link.expiresAt })
    .execute();
}

/**
 * What a link can do now:
 * - ready: sign in;
 * - unknown: never issued (or mistyped): the normal sign-in link request is the way in;
 * - closed: the departure or the invitation was cancelled, or the account is disabled;
 * - expired: past its time while the survey is unfinished: a new link can be sent;
 * - expired_finished: past its time and the survey is done: nothing to resume;
 * - password: the account is a staff account, which signs in with its password, never by link;
 * - alumnus: the account has become an alumnus's, which signs in by magic link at the personal address.
 */
export type ExitLinkState = "ready" | "unknown" | "closed" | "expired" | "expired_finished" | "password" | "alumnus";

/** Where the "sign in with your password" page sends a staff member: back to their own exit flow. */
export const EXIT_PASSWORD_SIGN_IN_PATH = `/login?${new URLSearchParams({ redirectTo: "/exit" })}`;

export interface ExitLinkRow {
  tokenHash: string;
  invitationId: string;
  expiresAt: Date;
  invitationStatus: ExitInvitationStatus;
  departureStatus: DepartureStatus;
  userId: string;
  role: Role;
  userStatus: UserStatus;
}

export async function findExitLink(db: DB, token: string): Promise<ExitLinkRow | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  return db
    .selectFrom("exit_links as l")
    .innerJoin("exit_invitations as i", "i.id", "l.invitation_id")
    .innerJoin("departures as d", "d.id", "i.departure_id")
    .innerJoin("users as u", "u.id", "d.leaver_user_id")
    .select([
      "l.token_hash as tokenHash",
      "l.invitation_id as invitationId",
      "l.expires_at as expiresAt",
      "i.status as invitationStatus",
      "d.status as departureStatus",
      "u.id as userId",
      "u.role",
      "u.status as userStatus",
    ])
    .where("l.token_hash", "=", hashToken(token))
    .executeTakeFirst();
}

/**
 * Only a leaver's account signs in through an exit link. The role is checked before the expiry:
 * whatever the link's age, a staff member's way in is the password and an alumnus's the magic link,
 * and neither may be sent a new exit link.
 */
export function exitLinkState(row: ExitLinkRow | undefined, now: Date): ExitLinkState {
  if (!row) return "unknown";
  if (row.invitationStatus === "cancelled" || row.departureStatus === "cancelled" || row.userStatus === "disabled") return "closed";
  if (isStaffRole(row.role)) return "password";
  if (row.role !== "leaver") return "alumnus";
  if (row.expiresAt.getTime() <= now.getTime()) return row.invitationStatus === "finished" ? "expired_finished" : "expired";
  return "ready";
}

/** What the GET page shows: it never signs in (mail scanners open every link). */
export async function checkExitLink(token: string, now = new Date()): Promise<ExitLinkState> {
  return exitLinkState(await findExitLink(getDb(), token), now);
}

export type ExitLinkSignIn =
  | { status: "success"; cookie: string; userId: string; redirectTo: string }
  | { status: Exclude<ExitLinkState, "ready"> };

/** Uses a link (POST only): records its use and starts a session for the leaver. */
export async function signInWithExitLink(input: { token: string; userAgent?: string | null; now?: Date }): Promise<ExitLinkSignIn> {
  const now = input.now ?? new Date();
  return getDb()
    .transaction()
    .execute(async (trx): Promise<ExitLinkSignIn> => {
      const row = await findExitLink(trx, input.token);
      const state = exitLinkState(row, now);
      if (state !== "ready" || !row) return { status: state === "ready" ? "unknown" : state };
      await trx.updateTable("exit_links").set({ last_used_at: now }).where("token_hash", "=", row.tokenHash).execute();
      const session = await createSession(trx, { id: row.userId, role: row.role }, input.userAgent);
      await recordAudit(trx, {
        actorUserId: row.userId,
        action: "auth.sign_in",
        subjectType: "user",
        subjectId: row.userId,
        data: { method: "exit_link" },
      });
      return { status: "success", cookie: session.cookie, userId: row.userId, redirectTo: "/exit" };
    });
}
