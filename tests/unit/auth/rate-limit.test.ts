import {
  combineVerdicts,
  rateLimitKey,
  RATE_LIMITS,
  retryAfterHeaders,
  retryAfterMinutes,
  throttledMessage,
} from "~/modules/auth/rate-limit.server";
import { delayAfterAttempt, SIGN_IN_DELAY } from "~/modules/auth/sign-in-delay.server";

describe("rate limits", () => {
  it("match the agreed allowances", () => {
    expect(RATE_LIMITS.passwordAttemptsByAccountAndIp).toEqual({ points: 5, duration: 15 * 60 });
    expect(RATE_LIMITS.passwordAttemptsByIp).toEqual({ points: 20, duration: 15 * 60 });
    expect(RATE_LIMITS.magicLinkByEmail).toEqual({ points: 5, duration: 60 * 60 });
    expect(RATE_LIMITS.magicLinkByIp).toEqual({ points: 20, duration: 60 * 60 });
    expect(RATE_LIMITS.setPasswordByToken).toEqual({ points: 10, duration: 60 * 60 });
  });
});

describe("the per-account sign-in delay", () => {
  it("starts after 10 attempts at 1 s, doubles with each attempt, and stops at 5 minutes", () => {
    expect(SIGN_IN_DELAY).toEqual({ freeAttempts: 10, firstDelayMs: 1_000, maxDelayMs: 300_000, forgetAfterMs: 900_000 });
    expect([1, 9].map(delayAfterAttempt)).toEqual([0, 0]);
    expect([10, 11, 12, 18, 19, 1_000, Number.MAX_SAFE_INTEGER].map(delayAfterAttempt)).toEqual([
      1_000, 2_000, 4_000, 256_000, 300_000, 300_000, 300_000,
    ]);
  });
});

describe("rateLimitKey", () => {
  it("stores an address as a keyed hash, never as itself", () => {
    const key = rateLimitKey("ada@example.com");
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain("ada");
  });

  it("counts an address the same whatever its case and surrounding spaces", () => {
    expect(rateLimitKey(" Ada@Example.COM ")).toBe(rateLimitKey("ada@example.com"));
  });

  it("gives different addresses and IPs different keys", () => {
    expect(rateLimitKey("203.0.113.7")).not.toBe(rateLimitKey("203.0.113.8"));
  });
});

describe("retry-after helpers", () => {
  it("rounds the wait up to whole minutes, never 0", () => {
    expect(retryAfterMinutes(1)).toBe(1);
    expect(retryAfterMinutes(60_000)).toBe(1);
    expect(retryAfterMinutes(60_001)).toBe(2);
    expect(retryAfterMinutes(14 * 60_000 + 30_000)).toBe(15);
  });

  it("says when to try again in seconds under a minute, else in minutes", () => {
    const t = (key: string, options?: Record<string, unknown>) => `${key}:${String(options?.count)}`;
    expect(throttledMessage(t, 1)).toBe("errors.throttledSeconds:1");
    expect(throttledMessage(t, 4_200)).toBe("errors.throttledSeconds:5");
    expect(throttledMessage(t, 59_999)).toBe("errors.throttledSeconds:60");
    expect(throttledMessage(t, 60_000)).toBe("errors.throttled:1");
    expect(throttledMessage(t, 14 * 60_000 + 1)).toBe("errors.throttled:15");
  });

  it("gives the Retry-After header in seconds", () => {
    expect(retryAfterHeaders(90_500)).toEqual({ "Retry-After": "91" });
  });

  it("combines verdicts: allowed only when all allow, with the longest wait otherwise", () => {
    expect(combineVerdicts([{ allowed: true }, { allowed: true }])).toEqual({ allowed: true });
    expect(
      combineVerdicts([{ allowed: true }, { allowed: false, retryAfterMs: 5_000 }, { allowed: false, retryAfterMs: 9_000 }]),
    ).toEqual({ allowed: false, retryAfterMs: 9_000 });
  });
});
