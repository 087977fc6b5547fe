import { getEnv, type Env } from "~/utils/env.server";

/**
 * What the outbox is, given the configuration:
 * - "delivering": RESEND_API_KEY is set; mail leaves the machine and the outbox is a delivery log
 *   whose copies have their one-time links removed.
 * - "local": no key and not production; nothing leaves the machine, so the outbox is the demo's and
 *   the developer's inbox and keeps working links (the only way to sign in there).
 * - "captured-redacted": production without a key (ALLOW_OUTBOX_IN_PRODUCTION); nothing is
 *   delivered and the copies have their links removed anyway, so that HR cannot act as a leaver.
 */
export type OutboxMode = "delivering" | "local" | "captured-redacted";

export function outboxMode(env: Env = getEnv()): OutboxMode {
  if (env.RESEND_API_KEY) return "delivering";
  return env.NODE_ENV === "production" ? "captured-redacted" : "local";
}

/** Whether the stored copy of an email may keep its secret links (see docs/decisions/010). */
export function storedCopiesKeepSecretLinks(env: Env = getEnv()): boolean {
  return outboxMode(env) === "local";
}
