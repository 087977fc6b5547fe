import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateToken, hashToken, TOKEN_PATTERN } from "~/modules/auth/tokens.server";

describe("generateToken", () => {
  it("writes 20 random bytes (160 bits) as 32 lower-case base32 characters", () => {
    const token = generateToken();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(token).toHaveLength(32);
    expect(decodeBase32IgnorePadding(token.toUpperCase())).toHaveLength(20);
  });

  it("never repeats itself over 10,000 tokens", () => {
    const tokens = new Set(Array.from({ length: 10_000 }, () => generateToken()));
    expect(tokens.size).toBe(10_000);
  });

  it("uses every base32 character with roughly equal frequency (no biased or constant positions)", () => {
    const counts = new Map<string, number>();
    const samples = 2_000;
    for (let i = 0; i < samples; i++) {
      for (const char of generateToken()) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    // 32 symbols, 64,000 characters: about 2,000 each. The last character carries only 0 bits of
    // padding (160 = 32 × 5), so every symbol appears everywhere.
    expect(counts.size).toBe(32);
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(1_600);
      expect(count).toBeLessThan(2_400);
    }
  });

  it("varies in every position", () => {
    const tokens = Array.from({ length: 200 }, () => generateToken());
    for (let position = 0; position < 32; position++) {
      expect(new Set(tokens.map((t) => t[position])).size).toBeGreaterThan(10);
    }
  });
});

describe("hashToken", () => {
  it("stores a token as the hex SHA-256 of its text", () => {
    // SHA-256("abc"), the FIPS 180-2 test vector.
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("gives the same hash for the same token and a different one for another token", () => {
    const token = generateToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(generateToken()));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });
});

describe("TOKEN_PATTERN", () => {
  it.each(["", "short", "A".repeat(32), "1".repeat(32), `${"a".repeat(32)}a`, `${"a".repeat(31)}!`, "../../etc/passwd"])(
    "rejects %j before any database lookup",
    (value) => {
      expect(TOKEN_PATTERN.test(value)).toBe(false);
    },
  );
});
