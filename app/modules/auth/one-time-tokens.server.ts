import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import type { TokenPurpose } from "../../../db/schema";
import { generateToken, hashToken, TOKEN_PATTERN } from "./tokens.server";

/**
 * Single-use tokens sent by email: magic sign-in links, staff invitations, password resets.
 * Only the SHA-256 of a token is stored. Using one is a single UPDATE … RETURNING, so two clicks
 * racing each other cannot both succeed, on PostgreSQL or on PGlite.
 */

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** How long each kind of link stays valid. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  // Short: the link signs in whoever holds it, and mail can be forwarded or read over a shoulder.
  magic_link: 15 * MINUTE,
  // Long enough for a new colleague to get to it over a weekend.
  password_setup: 72 * HOUR,
  password_reset: 1 * HOUR,
};

export interface IssuedToken {
  /** The secret to put in the link; it is not stored anywhere. */
  token: string;
  expiresAt: Date;
}

export interface IssueTokenInput {
  userId: string;
  purpose: TokenPurpose;
  /** A path on this site to land on after use (already checked with safeRedirectPath). */
  redirectTo?: string | null;
  /**
   * Retire the user's earlier unused tokens of the same purpose, so only the newest link works.
   * On by default: an older link still sitting in a mailbox is one more way in.
   */
  invalidatePrevious?: boolean;
}

export async function issueOneTimeToken(db: DB, input: IssueTokenInput): Promise<IssuedToken> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_MS[input.purpose]);
  if (input.invalidatePrevious ?? true) {
    // Marked used rather than deleted, so that an older link says "already used" (and offers a
    // new one) instead of "unknown".
    await db
      .updateTable("one_time_tokens")
      .set({ used_at: sql<Date>`now()` })
      .where("user_id", "=", input.userId)
      .where("purpose", "=", input.purpose)
      .where("used_at", "is", null)
      .execute();
  }
  await db
    .insertInto("one_time_tokens")
    .values({
      token_hash: hashToken(token),
      user_id: input.userId,
      purpose: input.purpose,
      redirect_to: input.redirectTo ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

/** Why a token cannot be used: the page offers a new link for each case. */
export type TokenFailure = "unknown" | "used" | "expired";

export type TokenCheck =
  | { ok: true; userId: string; purpose: TokenPurpose; redirectTo: string | null; expiresAt: Date }
  | { ok: false; reason: TokenFailure };

function purposesOf(purpose: TokenPurpose | readonly TokenPurpose[]): TokenPurpose[] {
  return Array.isArray(purpose) ? [...purpose] : [purpose as TokenPurpose];
}

/**
 * Uses a token: marks it used and returns its owner in one statement, or says why it cannot be used.
 * Pass the transaction when the sign-in that follows is in one.
 */
export async function consumeOneTimeToken(
  db: DB,
  token: string,
  purpose: TokenPurpose | readonly TokenPurpose[],
): Promise<TokenCheck> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "unknown" };
  const purposes = purposesOf(purpose);
  const tokenHash = hashToken(token);
  const used = await db
    .updateTable("one_time_tokens")
    .set({ used_at: sql<Date>`now()` })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "in", purposes)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning(["user_id", "purpose", "redirect_to", "expires_at"])
    .executeTakeFirst();
  if (used) {
    return { ok: true, userId: used.user_id, purpose: used.purpose, redirectTo: used.redirect_to, expiresAt: used.expires_at };
  }
  return { ok: false, reason: await explainFailure(db, tokenHash, purposes) };
}

/** Says whether a token could be used now, without using it: for pages shown on GET. */
export async function inspectOneTimeToken(
  db: DB,
  token: string,
  purpose: TokenPurpose | readonly TokenPurpose[],
): Promise<TokenCheck> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "unknown" };
  const row = await db
    .selectFrom("one_time_tokens")
    .select([
      "user_id",
      "purpose",
      "redirect_to",
      "expires_at",
      "used_at",
      sql<boolean>`expires_at <= now()`.as("expired"),
    ])
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "in", purposesOf(purpose))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.used_at) return { ok: false, reason: "used" };
  if (row.expired) return { ok: false, reason: "expired" };
  return { ok: true, userId: row.user_id, purpose: row.purpose, redirectTo: row.redirect_to, expiresAt: row.expires_at };
}

async function explainFailure(db: DB, tokenHash: string, purposes: TokenPurpose[]): Promise<TokenFailure> {
  const row = await db
    .selectFrom("one_time_tokens")
    .select(["used_at"])
    .where("token_hash", "=", tokenHash)
    .where("purpose", "in", purposes)
    .executeTakeFirst();
  if (!row) return "unknown";
  // A token both used and past its expiry is reported as used: that is what the person did.
  return row.used_at ? "used" : "expired";
}
