import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { generateSigningSecret, openSigningSecret, sealSigningSecret } from "~/modules/webhooks/signing-secrets.server";
import { MAX_ATTEMPTS, nextAttemptAfterFailure, RETRY_DELAYS_SECONDS } from "~/modules/webhooks/retry-schedule";

describe("endpoint signing secrets", () => {
  it("are Standard Webhooks secrets the library accepts, 32 random bytes each", () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(() => new Webhook(secret)).not.toThrow();
    expect(generateSigningSecret()).not.toBe(secret);
  });

  it("open only for the endpoint they were sealed for, and never show the secret in the sealed value", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (endpointId, otherId) => {
        fc.pre(endpointId !== otherId);
        const secret = generateSigningSecret();
        const sealed = sealSigningSecret(secret, endpointId);
        expect(sealed).not.toContain(secret.slice(6));
        expect(openSigningSecret(sealed, endpointId)).toBe(secret);
        expect(openSigningSecret(sealed, otherId)).toBeNull();
      }),
      { numRuns: 50 },
    );
  });

  it("refuse a tampered sealed value", () => {
    const sealed = sealSigningSecret(generateSigningSecret(), "5f0c6c52-8f0a-4d5e-9a43-3d1f0f3c2b11");
    const parts = sealed.split(".");
    const flipped = [...parts.slice(0, 3), `${parts[3]!.startsWith("A") ? "B" : "A"}${parts[3]!.slice(1)}`].join(".");
    expect(openSigningSecret(flipped, "5f0c6c52-8f0a-4d5e-9a43-3d1f0f3c2b11")).toBeNull();
    expect(openSigningSecret("garbage", "5f0c6c52-8f0a-4d5e-9a43-3d1f0f3c2b11")).toBeNull();
  });
});

describe("the retry schedule", () => {
  it("waits longer after each failure, ends after eight attempts, and spans about a day", () => {
    const failedAt = new Date("2026-12-09T14:00:00Z");
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, step) => nextAttemptAfterFailure(step, failedAt));
    expect(delays.at(-1)).toBeNull();
    const seconds = delays.slice(0, -1).map((at) => (at!.getTime() - failedAt.getTime()) / 1000);
    expect(seconds).toEqual([...RETRY_DELAYS_SECONDS]);
    for (let i = 1; i < seconds.length; i += 1) expect(seconds[i]).toBeGreaterThanOrEqual(seconds[i - 1]!);
    const hours = seconds.reduce((sum, value) => sum + value, 0) / 3600;
    expect(hours).toBeGreaterThan(24);
    expect(hours).toBeLessThan(30);
  });
});
