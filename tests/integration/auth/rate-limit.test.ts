import { consumeRateLimit, refundRateLimit, resetRateLimit } from "~/modules/auth/rate-limit.server";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

describe("Postgres-backed rate limits", () => {
  it("allows five magic-link requests for an address, refuses the sixth, and says how long to wait", async () => {
    for (let i = 0; i < 5; i++) expect(await consumeRateLimit("magicLinkByEmail", "ada@example.com")).toEqual({ allowed: true });
    const refused = await consumeRateLimit("magicLinkByEmail", "ada@example.com");
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(refused.retryAfterMs).toBeGreaterThan(59 * 60_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60 * 60_000);
    }
    expect(await consumeRateLimit("magicLinkByEmail", "someone.else@example.com")).toEqual({ allowed: true });
  });

  it("counts every attempt before deciding, gives one back on refund, and forgets on reset", async () => {
    const key = "hana@example.com 198.51.100.9";
    for (let i = 0; i < 5; i++) expect(await consumeRateLimit("passwordAttemptsByAccountAndIp", key)).toEqual({ allowed: true });
    expect((await consumeRateLimit("passwordAttemptsByAccountAndIp", key)).allowed).toBe(false);
    // Two refunds: the refused attempt above was counted too.
    await refundRateLimit("passwordAttemptsByAccountAndIp", key);
    await refundRateLimit("passwordAttemptsByAccountAndIp", key);
    expect(await consumeRateLimit("passwordAttemptsByAccountAndIp", key)).toEqual({ allowed: true });
    expect((await consumeRateLimit("passwordAttemptsByAccountAndIp", key)).allowed).toBe(false);
    await resetRateLimit("passwordAttemptsByAccountAndIp", key);
    expect(await consumeRateLimit("passwordAttemptsByAccountAndIp", key)).toEqual({ allowed: true });
  });

  it("decides on the new count when attempts arrive together: 40 at once, exactly 5 allowed", async () => {
    const verdicts = await Promise.all(
      Array.from({ length: 40 }, () => consumeRateLimit("passwordAttemptsByAccountAndIp", "hana@example.com 198.51.100.9")),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
  });

  it("keeps counters in the database, so a second process (a fresh module instance) sees them", async () => {
    for (let i = 0; i < 5; i++) await consumeRateLimit("passwordAttemptsByIp", "198.51.100.9");
    const rows = await testDb().selectFrom("rate_limits").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key).toMatch(/^passwordAttemptsByIp:[0-9a-f]{64}$/);
    expect(rows[0]!.points).toBe(5);

    vi.resetModules();
    const otherProcess = await import("~/modules/auth/rate-limit.server");
    for (let i = 0; i < 15; i++) await otherProcess.consumeRateLimit("passwordAttemptsByIp", "198.51.100.9");
    expect((await consumeRateLimit("passwordAttemptsByIp", "198.51.100.9")).allowed).toBe(false);
  });
});
