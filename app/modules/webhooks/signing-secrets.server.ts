import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getAppSecret } from "~/utils/env.server";

/**
 * Endpoint signing secrets (docs/decisions/035). The portal signs every delivery with the secret,
 * so it must be readable: it cannot be hashed like a token. It is stored sealed (AES-256-GCM) with a
 * key derived from APP_SECRET by HKDF for this one purpose, bound to its endpoint's id, so a copy of
 * the database alone yields no usable secret and a sealed value moved to another endpoint no longer
 * opens. The secret in usable form exists only in the response that shows it to HR once and in the
 * memory of the job that signs; never in a job payload, a log line or the audit log.
 */

export const SECRET_PREFIX = "whsec_";
/** 32 random bytes: within the 24–64 bytes the Standard Webhooks specification asks for. */
const SECRET_BYTES = 32;
const VERSION = "v1";
const KEY_INFO = "alumni-portal/webhooks/signing-secret/v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A new secret in the Standard Webhooks format: `whsec_` and the base64 of random bytes. */
export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString("base64")}`;
}

function sealKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", getAppSecret(), Buffer.alloc(0), KEY_INFO, 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function sealSigningSecret(secret: string, endpointId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", sealKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(endpointId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** The secret, or null when it cannot be opened (APP_SECRET changed, tampered, another endpoint's). */
export function openSigningSecret(sealed: string, endpointId: string): string | null {
  const [version, iv, tag, ciphertext, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealKey(), Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(endpointId, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const secret = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    return secret.startsWith(SECRET_PREFIX) ? secret : null;
  } catch {
    return null;
  }
}
