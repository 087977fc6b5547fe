import { createSession, sessionPolicyFor, validateSessionToken } from "~/modules/auth/session.server";
import { generateToken, hashToken } from "~/modules/auth/tokens.server";
import { testDb, useTestDatabase } from "../../support/database";
import { createUser } from "../../factories";

useTestDatabase();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A session row whose expiry times the test chooses; returns the token that names it. */
async function sessionRow(userId: string, expiresInMs: number, absoluteInMs: number) {
  const token = generateToken();
  await testDb()
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + expiresInMs),
      absolute_expires_at: new Date(Date.now() + absoluteInMs),
    })
    .execute();
  return token;
}

async function storedExpiry(token: string) {
  const row = await testDb().selectFrom("sessions").select("expires_at").where("id", "=", hashToken(token)).executeTakeFirst();
  return row?.expires_at;
}

describe("sessionPolicyFor", () => {
  it("gives staff 2 hours idle and 12 hours at most", () => {
    for (const role of ["hr_admin", "task_owner"] as const) {
      expect(sessionPolicyFor(role)).toEqual({ idleMs: 2 * HOUR, absoluteMs: 12 * HOUR });
    }
  });

  it("gives leavers and alumni 30 days, renewed on use", () => {
    for (const role of ["leaver", "alumnus"] as const) {
      expect(sessionPolicyFor(role).idleMs).toBe(30 * DAY);
      expect(sessionPolicyFor(role).absoluteMs).toBeGreaterThanOrEqual(30 * DAY);
    }
  });
});

describe("createSession", () => {
  it("stores only the SHA-256 of the token and sets an HttpOnly, SameSite=Lax cookie for the absolute lifetime", async () => {
    const user = await createUser({ role: "hr_admin" });
    const { token, cookie } = await createSession(testDb(), user);
    const rows = await testDb().selectFrom("sessions").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(cookie).toMatch(new RegExp(`^session=${token};`));
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain(`Max-Age=${12 * 60 * 60}`);
  });
});

describe("validateSessionToken", () => {
  it("accepts a fresh staff session without rewriting it", async () => {
    const user = await createUser({ role: "task_owner" });
    const token = await sessionRow(user.id, 2 * HOUR - MINUTE, 12 * HOUR);
    const before = await storedExpiry(token);
    const session = await validateSessionToken(testDb(), token);
    expect(session?.user.id).toBe(user.id);
    expect(await storedExpiry(token)).toEqual(before);
  });

  it("pushes a staff session's idle expiry back to 2 hours once more than half of it is used", async () => {
    const user = await createUser({ role: "hr_admin" });
    const token = await sessionRow(user.id, 30 * MINUTE, 10 * HOUR);
    const session = await validateSessionToken(testDb(), token);
    const expected = Date.now() + 2 * HOUR;
    expect(Math.abs(session!.expiresAt.getTime() - expected)).toBeLessThan(5_000);
    expect(Math.abs((await storedExpiry(token))!.getTime() - expected)).toBeLessThan(5_000);
  });

  it("never extends a session past its absolute cap", async () => {
    const user = await createUser({ role: "hr_admin" });
    const token = await sessionRow(user.id, 10 * MINUTE, 40 * MINUTE);
    const session = await validateSessionToken(testDb(), token);
    const cap = Date.now() + 40 * MINUTE;
    expect(session!.expiresAt.getTime()).toBeLessThanOrEqual(cap + 1_000);
    expect(Math.abs(session!.expiresAt.getTime() - cap)).toBeLessThan(5_000);
  });

  it("renews an alumnus's session to 30 days when used after more than 15 days", async () => {
    const user = await createUser({ role: "alumnus" });
    const token = await sessionRow(user.id, 10 * DAY, 300 * DAY);
    const session = await validateSessionToken(testDb(), token);
    expect(Math.abs(session!.expiresAt.getTime() - (Date.now() + 30 * DAY))).toBeLessThan(5_000);
  });

  it("ends a session idle past its expiry and deletes its row", async () => {
    const user = await createUser({ role: "hr_admin" });
    const token = await sessionRow(user.id, -MINUTE, 10 * HOUR);
    expect(await validateSessionToken(testDb(), token)).toBeNull();
    expect(await storedExpiry(token)).toBeUndefined();
  });

  it("ends a session past its absolute cap even if recently used", async () => {
    const user = await createUser({ role: "alumnus" });
    const token = await sessionRow(user.id, 29 * DAY, -MINUTE);
    expect(await validateSessionToken(testDb(), token)).toBeNull();
    expect(await storedExpiry(token)).toBeUndefined();
  });

  it("ends the session of a disabled account", async () => {
    const user = await createUser({ role: "task_owner", status: "disabled" });
    const token = await sessionRow(user.id, HOUR, 10 * HOUR);
    expect(await validateSessionToken(testDb(), token)).toBeNull();
  });

  it("rejects a malformed or unknown token", async () => {
    expect(await validateSessionToken(testDb(), "not-a-token")).toBeNull();
    expect(await validateSessionToken(testDb(), generateToken())).toBeNull();
  });
});
