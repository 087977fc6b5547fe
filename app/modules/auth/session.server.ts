import { redirect } from "@remix-run/node";
import { parse, serialize } from "cookie";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { memoizedForRequest } from "~/utils/request-memo.server";
import type { Role, User } from "./users.server";
import { isStaffRole } from "./users.server";
import { generateToken, hashToken, TOKEN_PATTERN } from "./tokens.server";

/**
 * Sessions as the Lucia guide (lucia-auth.com) describes them, written on @oslojs: a random token
 * in an HttpOnly cookie, its SHA-256 as the row id, a sliding expiry and an absolute cap.
 * See docs/decisions/002-sessions-per-lucia-guide.md.
 */

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

export interface SessionPolicy {
  /** A session unused for this long ends. Each use pushes the end back (sliding expiry). */
  idleMs: number;
  /** A session ends this long after sign-in, however much it is used. */
  absoluteMs: number;
}

/** Staff see personal data: short sessions. Alumni and leavers: a month, renewed on use. */
export function sessionPolicyFor(role: Role): SessionPolicy {
  return isStaffRole(role) ? { idleMs: 2 * HOUR, absoluteMs: 12 * HOUR } : { idleMs: 30 * DAY, absoluteMs: 365 * DAY };
}

export type SessionUser = Pick<User, "id" | "email" | "name" | "role" | "locale" | "status">;

export interface ValidatedSession {
  sessionId: string;
  user: SessionUser;
  expiresAt: Date;
}

export function sessionCookieName(): string {
  // The __Host- prefix binds the cookie to this exact host over HTTPS.
  return getEnv().NODE_ENV === "production" ? "__Host-session" : "session";
}

export function serializeSessionCookie(token: string, maxAgeSeconds: number): string {
  return serialize(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: getEnv().NODE_ENV === "production",
    maxAge: maxAgeSeconds,
  });
}

export function serializeBlankSessionCookie(): string {
  return serializeSessionCookie("", 0);
}

/** Starts a new session (never reuses one: no fixation) and returns the Set-Cookie value. */
export async function createSession(
  db: DB,
  user: Pick<User, "id" | "role">,
  userAgent?: string | null,
): Promise<{ token: string; cookie: string; expiresAt: Date }> {
  const token = generateToken();
  const policy = sessionPolicyFor(user.role);
  const now = Date.now();
  const expiresAt = new Date(now + policy.idleMs);
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: user.id,
      expires_at: expiresAt,
      absolute_expires_at: new Date(now + policy.absoluteMs),
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  // The cookie lives as long as the absolute cap; the server decides earlier expiry.
  return { token, cookie: serializeSessionCookie(token, Math.floor(policy.absoluteMs / 1000)), expiresAt };
}

/** Looks a token up; ends expired sessions and pushes the idle expiry back when half of it is used. */
export async function validateSessionToken(db: DB, token: string): Promise<ValidatedSession | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const sessionId = hashToken(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "sessions.expires_at as expiresAt",
      "sessions.absolute_expires_at as absoluteExpiresAt",
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.locale",
      "users.status",
    ])
    .where("sessions.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || row.absoluteExpiresAt.getTime() <= now || row.status === "disabled") {
    await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
    return null;
  }
  let expiresAt = row.expiresAt;
  const policy = sessionPolicyFor(row.role);
  if (expiresAt.getTime() - now < policy.idleMs / 2) {
    expiresAt = new Date(Math.min(now + policy.idleMs, row.absoluteExpiresAt.getTime()));
    await db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", sessionId).execute();
  }
  const { id, email, name, role, locale, status } = row;
  return { sessionId, expiresAt, user: { id, email, name, role, locale, status } };
}

export async function invalidateSession(db: DB, sessionId: string) {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** Sign-out everywhere; also used after a password change or a role change. */
export async function invalidateAllSessions(db: DB, userId: string) {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

function readSessionToken(request: Request): string | undefined {
  const header = request.headers.get("Cookie");
  if (!header) return undefined;
  return parse(header)[sessionCookieName()] || undefined;
}

// A loader that asks twice (a guard, then the page) asks the database once.
const perRequestObject = new WeakMap<Request, Promise<ValidatedSession | null>>();

/**
 * The session of the request's cookie. The root loader, the route's loaders and entry.server each
 * get their own copy of the request from Remix; on a page request they share one look-up through the
 * request memo that the web server opens (docs/decisions/014).
 */
export function getSession(request: Request): Promise<ValidatedSession | null> {
  let pending = perRequestObject.get(request);
  if (!pending) {
    const token = readSessionToken(request);
    pending = token ? memoizedForRequest(`session:${token}`, () => validateSessionToken(getDb(), token)) : Promise.resolve(null);
    perRequestObject.set(request, pending);
  }
  return pending;
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

/**
 * Only a path on this site is a valid place to return to: "/x" yes; "//evil.com", "/\evil.com",
 * "https://evil.com" or anything with a control character, no.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2000) return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  try {
    const resolved = new URL(target, "http://placeholder.invalid");
    if (resolved.origin !== "http://placeholder.invalid") return fallback;
    const path = resolved.pathname + resolved.search + resolved.hash;
    // Dot segments collapse on resolution: "/..//evil.com" becomes "//evil.com", which a browser
    // reads as another host. Check the result, not only the input.
    if (path.startsWith("//") || path.startsWith("/\\")) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

/** Where each role lands after signing in. */
export function homePathFor(role: Role): string {
  switch (role) {
    case "hr_admin":
      return "/admin";
    case "task_owner":
      return "/tasks";
    case "leaver":
      return "/exit";
    case "alumnus":
      return "/alumni";
  }
}

/**
 * Guard for loaders and actions. Anonymous visitors are sent to sign in and brought back; a user
 * whose role is not allowed gets 403.
 */
export async function requireUser(
  request: Request,
  options: { role?: Role | readonly Role[] } = {},
): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = safeRedirectPath(url.pathname + url.search);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  }
  const allowed = options.role === undefined ? undefined : Array.isArray(options.role) ? options.role : [options.role];
  if (allowed && !allowed.includes(user.role)) {
    throw new Response("You do not have access to this page.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

/** For pages only anonymous visitors should see (sign-in): send signed-in users home. */
export async function redirectIfSignedIn(request: Request) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homePathFor(user.role));
}

export interface SessionSummary {
  createdAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  current: boolean;
}

/** The user's live sessions, newest first, for the account page ("where am I signed in?"). */
export async function listActiveSessions(db: DB, userId: string, currentSessionId?: string): Promise<SessionSummary[]> {
  const now = new Date();
  const rows = await db
    .selectFrom("sessions")
    .select(["id", "created_at", "expires_at", "user_agent"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", now)
    .where("absolute_expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((row) => ({
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
    current: row.id === currentSessionId,
  }));
}
