import { recordAudit } from "~/modules/auth/audit.server";
import { generateToken, hashToken } from "~/modules/auth/tokens.server";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import type { ApiTokensTable } from "../../../db/schema";
import type { Selectable } from "kysely";

/**
 * Bearer tokens for the HRIS API. A token is shown once, when it is created; only the SHA-256 of
 * the whole string is stored, so a database leak yields no usable token. The `alp_` prefix makes a
 * leaked token recognisable in logs and to secret scanners.
 */
export const API_TOKEN_PREFIX = "alp_";
/** The prefix, then the 32 base32 characters of generateToken(). */
export const API_TOKEN_PATTERN = /^alp_[a-z2-7]{32}$/;
/** last_used_at moves at most this often per token: every API call must not become a write. */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** The settings page lists at most this many tokens, newest first. */
export const API_TOKEN_LIST_LIMIT = 200;

const DAY_MS = 24 * 60 * 60 * 1000;

export type ApiToken = Selectable<ApiTokensTable>;

export type ApiTokenState = "active" | "revoked" | "expired";

export function apiTokenState(token: Pick<ApiToken, "revoked_at" | "expires_at">, now = new Date()): ApiTokenState {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && token.expires_at.getTime() <= now.getTime()) return "expired";
  return "active";
}

export interface CreatedApiToken {
  /** The secret itself: give it to the caller once, never store or log it. */
  token: string;
  apiToken: ApiToken;
}

export async function createApiToken(
  input: { name: string; expiresInDays?: number; createdBy: string | null },
  db: DB = getDb(),
): Promise<CreatedApiToken> {
  const token = `${API_TOKEN_PREFIX}${generateToken()}`;
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null;
  return db.transaction().execute(async (trx) => {
    const apiToken = await trx
      .insertInto("api_tokens")
      .values({ name: input.name.trim(), token_hash: hashToken(token), created_by: input.createdBy, expires_at: expiresAt })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: input.createdBy,
      action: "api_token.created",
      subjectType: "api_token",
      subjectId: apiToken.id,
      data: { name: apiToken.name, expiresInDays: input.expiresInDays ?? null },
    });
    return { token, apiToken };
  });
}

export interface ApiTokenListEntry {
  id: string;
  name: string;
  createdAt: Date;
  createdByName: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  state: ApiTokenState;
}

/** Newest first, bounded; never the hash. */
export async function listApiTokens(db: DB = getDb(), now = new Date()): Promise<ApiTokenListEntry[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .leftJoin("users", "users.id", "api_tokens.created_by")
    .select([
      "api_tokens.id",
      "api_tokens.name",
      "api_tokens.created_at",
      "api_tokens.last_used_at",
      "api_tokens.expires_at",
      "api_tokens.revoked_at",
      "users.name as created_by_name",
    ])
    .orderBy("api_tokens.created_at", "desc")
    .orderBy("api_tokens.id")
    .limit(API_TOKEN_LIST_LIMIT)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    createdByName: row.created_by_name,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    state: apiTokenState(row, now),
  }));
}

export function findApiToken(id: string, db: DB = getDb()): Promise<ApiToken | undefined> {
  return db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Revokes at once and for good. Revoking a revoked token changes nothing (a double submission is
 * harmless). Returns undefined when there is no such token.
 */
export async function revokeApiToken(id: string, options: { actorUserId: string | null }, db: DB = getDb()) {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("api_tokens").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!current) return undefined;
    if (current.revoked_at) return current;
    const revoked = await trx
      .updateTable("api_tokens")
      .set({ revoked_at: new Date() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: options.actorUserId,
      action: "api_token.revoked",
      subjectType: "api_token",
      subjectId: id,
      data: { name: revoked.name },
    });
    return revoked;
  });
}

export type ApiAuthFailureReason = "missing" | "malformed" | "unknown" | "revoked" | "expired";

export type ApiAuthResult =
  | { ok: true; token: ApiToken }
  | { ok: false; status: 401 | 403; reason: ApiAuthFailureReason };

/** `Authorization: Bearer alp_…` (the scheme is case-insensitive, RFC 9110 §11.1). */
function bearerToken(request: Request): { token?: string; reason?: "missing" | "malformed" } {
  const header = request.headers.get("Authorization");
  if (!header || header.trim() === "") return { reason: "missing" };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header.trim());
  if (!match || !API_TOKEN_PATTERN.test(match[1]!)) return { reason: "malformed" };
  return { token: match[1]! };
}

/**
 * Who is calling the API: the token row, or why not. No or a malformed header, or a token we never
 * issued: 401 (authenticate). A real token that was revoked or has expired: 403 (it is known, but
 * no longer allowed). Records the use, at most once a minute per token.
 */
export async function authenticateApiRequest(request: Request, db: DB = getDb()): Promise<ApiAuthResult> {
  const { token, reason } = bearerToken(request);
  if (!token) return { ok: false, status: 401, reason: reason ?? "missing" };
  const row = await db.selectFrom("api_tokens").selectAll().where("token_hash", "=", hashToken(token)).executeTakeFirst();
  if (!row) return { ok: false, status: 401, reason: "unknown" };
  const now = new Date();
  const state = apiTokenState(row, now);
  if (state !== "active") return { ok: false, status: 403, reason: state };
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
    // The condition is repeated in SQL so that concurrent requests write once between them.
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: now })
      .where("id", "=", row.id)
      .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", new Date(now.getTime() - LAST_USED_RESOLUTION_MS))]))
      .execute();
    row.last_used_at = now;
  }
  return { ok: true, token: row };
}
