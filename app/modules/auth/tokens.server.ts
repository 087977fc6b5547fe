import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/**
 * Secret tokens (sessions, magic links, invitations): 20 random bytes = 160 bits from the CSPRNG,
 * written in base32. Only their SHA-256 is ever stored, so a database leak yields no usable token.
 */
export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Tokens we issue are 32 base32 characters; anything else is rejected before touching the database. */
export const TOKEN_PATTERN = /^[a-z2-7]{32}$/;
