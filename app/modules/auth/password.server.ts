import { hash, verify } from "@node-rs/argon2";

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet minimum: 19 MiB, 2 iterations, 1 lane.
 * @node-rs/argon2 defaults to Argon2id.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

// Defined beside the form schemas, which the browser bundle also needs.
export { PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from "./schemas";

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash of a throwaway password, so that a sign-in for an unknown address costs the same
// time as one for a known address (no user enumeration by timing).
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword("decoy-password-never-matches");
  await verifyPassword(await decoyHash, password);
  return false;
}
