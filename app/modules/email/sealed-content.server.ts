import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import { getAppSecret } from "~/utils/env.server";

/**
 * The deliverable body of an email whose stored copy had its one-time links removed: kept sealed
 * (AES-256-GCM) in `emails.sealed_content` only until the provider accepts the message, because
 * delivery runs in a retried job that must not carry the token in its payload. Ciphertext is not a
 * usable link: reading it needs APP_SECRET, which lives in the process environment, not the database.
 *
 * The key is derived from APP_SECRET with HKDF for this one purpose, so the secret's other uses
 * (HMACs of IP addresses, rate-limit keys) never share a key with it. The email's id and recipient
 * are bound in as associated data: a sealed body moved to another row, or a queued row whose
 * recipient was changed, no longer opens.
 */

const VERSION = "v1";
const KEY_INFO = "alumni-portal/email/sealed-content/v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EmailContent {
  html: string;
  text: string;
}

export interface SealBinding {
  emailId: string;
  to: string;
}

const contentSchema = z.object({ html: z.string(), text: z.string() });

function sealKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", getAppSecret(), Buffer.alloc(0), KEY_INFO, 32));
}

function associatedData(binding: SealBinding): Buffer {
  return Buffer.from(`${binding.emailId}\n${binding.to.toLowerCase()}`, "utf8");
}

/** `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function sealEmailContent(content: EmailContent, binding: SealBinding): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", sealKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(binding));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(content), "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/**
 * The sealed body, or null when it cannot be opened: APP_SECRET changed since the email was queued,
 * the value was tampered with, or it belongs to another email or recipient.
 */
export function openEmailContent(sealed: string, binding: SealBinding): EmailContent | null {
  const [version, iv, tag, ciphertext, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealKey(), Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(binding));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    const parsed = contentSchema.safeParse(JSON.parse(plain));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
