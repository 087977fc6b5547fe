import { sql } from "kysely";
import { AuditDataError, recordAudit } from "~/modules/auth/audit.server";
import {
  consumeOneTimeToken,
  inspectOneTimeToken,
  issueOneTimeToken,
  TOKEN_LIFETIME_MS,
} from "~/modules/auth/one-time-tokens.server";
import { hashToken, TOKEN_PATTERN } from "~/modules/auth/tokens.server";
import { testDb, useTestDatabase } from "../../support/database";
import { createUser } from "../../factories";

useTestDatabase();

describe("one-time tokens", () => {
  it("gives each purpose its lifetime: 15 minutes, 72 hours, 1 hour", () => {
    expect(TOKEN_LIFETIME_MS).toEqual({
      magic_link: 15 * 60_000,
      password_setup: 72 * 3_600_000,
      password_reset: 3_600_000,
    });
  });

  it("issues a 160-bit token and stores only its hash", async () => {
    const user = await createUser();
    const { token, expiresAt } = await issueOneTimeToken(testDb(), { userId: user.id, purpose: "password_reset" });
    expect(token).toMatch(TOKEN_PATTERN);
    const rows = await testDb().selectFrom("one_time_tokens").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(Math.abs(expiresAt.getTime() - (Date.now() + 3_600_000))).toBeLessThan(5_000);
  });

  it("is used once: the first consume returns the owner and redirect, the next says 'used'", async () => {
    const user = await createUser();
    const { token } = await issueOneTimeToken(testDb(), { userId: user.id, purpose: "magic_link", redirectTo: "/alumni/feed" });
    expect(await consumeOneTimeToken(testDb(), token, "magic_link")).toMatchObject({
      ok: true,
      userId: user.id,
      purpose: "magic_link",
      redirectTo: "/alumni/feed",
    });
    expect(await consumeOneTimeToken(testDb(), token, "magic_link")).toEqual({ ok: false, reason: "used" });
  });

  it("says 'expired' for a token past its expiry and leaves it unused", async () => {
    const user = await createUser();
    const { token } = await issueOneTimeToken(testDb(), { userId: user.id, purpose: "magic_link" });
    await testDb().updateTable("one_time_tokens").set({ expires_at: sql<Date>`now() - interval '1 second'` }).execute();
    expect(await consumeOneTimeToken(testDb(), token, "magic_link")).toEqual({ ok: false, reason: "expired" });
    const row = await testDb().selectFrom("one_time_tokens").select("used_at").executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it("says 'unknown' for a token never issued, a malformed one, or one issued for another purpose", async () => {
    const user = await createUser();
    const { token } = await issueOneTimeToken(testDb(), { userId: user.id, purpose: "password_setup" });
    expect(await consumeOneTimeToken(testDb(), "a".repeat(32), "magic_link")).toEqual({ ok: false, reason: "unknown" });
    expect(await consumeOneTimeToken(testDb(), "'; drop table users; --", "magic_link")).toEqual({ ok: false, reason: "unknown" });
    expect(await consumeOneTimeToken(testDb(), token, "magic_link")).toEqual({ ok: false, reason: "unknown" });
    expect((await consumeOneTimeToken(testDb(), token, ["password_setup", "password_reset"])).ok).toBe(true);
  });

  it("inspects without using", async () => {
    const user = await createUser();
    const { token } = await issueOneTimeToken(testDb(), { userId: user.id, purpose: "magic_link" });
    expect((await inspectOneTimeToken(testDb(), token, "magic_link")).ok).toBe(true);
    expect((await inspectOneTimeToken(testDb(), token, "magic_link")).ok).toBe(true);
    expect((await consumeOneTimeToken(testDb(), token, "magic_link")).ok).toBe(true);
    expect(await inspectOneTimeToken(testDb(), token, "magic_link")).toEqual({ ok: false, reason: "used" });
  });

  it("retires the user's earlier unused tokens of the same purpose only", async () => {
    const user = await createUser();
    const other = await createUser();
    const first = await issueOneTimeToken(testDb(), { userId: user.id, purpose: "magic_link" });
    const otherUsers = await issueOneTimeToken(testDb(), { userId: other.id, purpose: "magic_link" });
    const reset = await issueOneTimeToken(testDb(), { userId: user.id, purpose: "password_reset" });
    const second = await issueOneTimeToken(testDb(), { userId: user.id, purpose: "magic_link" });

    expect(await inspectOneTimeToken(testDb(), first.token, "magic_link")).toEqual({ ok: false, reason: "used" });
    expect((await inspectOneTimeToken(testDb(), second.token, "magic_link")).ok).toBe(true);
    expect((await inspectOneTimeToken(testDb(), otherUsers.token, "magic_link")).ok).toBe(true);
    expect((await inspectOneTimeToken(testDb(), reset.token, "password_reset")).ok).toBe(true);
  });

  it("lets exactly one of many simultaneous consumes succeed", async () => {
    const user = await createUser();
    const { token } = await issueOneTimeToken(testDb(), { userId: user.id, purpose: "magic_link" });
    const results = await Promise.all(Array.from({ length: 5 }, () => consumeOneTimeToken(testDb(), token, "magic_link")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(["used", "used", "used", "used"]);
  });
});

describe("recordAudit", () => {
  it("appends an entry with its actor, action, subject and data", async () => {
    const user = await createUser();
    await recordAudit(testDb(), {
      actorUserId: user.id,
      action: "departures.created",
      subjectType: "departure",
      subjectId: "42",
      data: { checklist: "standard", tasks: 7 },
    });
    const entry = await testDb().selectFrom("audit_log").selectAll().executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor_user_id: user.id,
      action: "departures.created",
      subject_type: "departure",
      subject_id: "42",
      data: { checklist: "standard", tasks: 7 },
    });
  });

  it.each([
    { password: "x" },
    { newPasswordHash: "x" },
    { token: "x" },
    { magicLinkToken: "x" },
    { email: "a@example.com" },
    { nested: { ip: "203.0.113.1" } },
  ])("refuses data that carries a secret or personal data: %j", async (data) => {
    await expect(recordAudit(testDb(), { actorUserId: null, action: "test.secret", data })).rejects.toBeInstanceOf(
      AuditDataError,
    );
    expect(await testDb().selectFrom("audit_log").selectAll().execute()).toEqual([]);
  });

  it("writes inside the caller's transaction, so a rollback removes the entry", async () => {
    await expect(
      testDb()
        .transaction()
        .execute(async (trx) => {
          await recordAudit(trx, { actorUserId: null, action: "test.rolled_back" });
          throw new Error("roll back");
        }),
    ).rejects.toThrow("roll back");
    expect(await testDb().selectFrom("audit_log").selectAll().execute()).toEqual([]);
  });
});
