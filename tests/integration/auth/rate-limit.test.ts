import { checkRateLimit, consumeRateLimit, penalizeRateLimit, resetRateLimit } from "~/modules/auth/rate-limit.server";
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

  it("checks without counting, counts failures with a penalty, and forgets on reset", async () => {
    for (let i = 0; i < 4; i++) await penalizeRateLimit("passwordFailuresByEmail", "ada@example.com");
    expect(await checkRateLimit("passwordFailuresByEmail", "ada@example.com")).toEqual({ allowed: true });
    expect(await checkRateLimit("passwordFailuresByEmail", "ada@example.com")).toEqual({ allowed: true });
    await penalizeRateLimit("passwordFailuresByEmail", "ada@example.com");
    expect((await checkRateLimit("passwordFailuresByEmail", "ada@example.com")).allowed).toBe(false);
    await resetRateLimit("passwordFailuresByEmail", "ada@example.com");
    expect(await checkRateLimit("passwordFailuresByEmail", "ada@example.com")).toEqual({ allowed: true });
  });

  it("keeps counters in the database, so a second process (a fresh module instance) sees them", async () => {
    for (let i = 0; i < 5; i++) await penalizeRateLimit("passwordFailuresByIp", "198.51.100.9");
    const rows = await testDb().selectFrom("rate_limits").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key).toMatch(/^passwordFailuresByIp:[0-9a-f]{64}$/);
    expect(rows[0]!.points).toBe(5);

    vi.resetModules();
    const otherProcess = await import("~/modules/auth/rate-limit.server");
    for (let i = 0; i < 15; i++) await otherProcess.penalizeRateLimit("passwordFailuresByIp", "198.51.100.9");
    expect((await checkRateLimit("passwordFailuresByIp", "198.51.100.9")).allowed).toBe(false);
  });
});
