import type { DB } from "~/utils/db.server";

/**
 * The audit log: who did what to which record. Any domain may write to it (departures, surveys,
 * newsletters), so the action is a free "domain.verb" string such as "auth.sign_in".
 *
 * `data` holds context that helps an investigator (a method, a scope, a role), never secrets or
 * personal data: the log outlives erasure requests, and whoever reads it must not learn a password,
 * a token or an address from it. Keys that look like secrets are refused outright so that the
 * mistake shows up in the first test run rather than in a leak.
 */
export interface AuditEntry {
  /** The person who acted; null for the system or an anonymous visitor. */
  actorUserId: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

// Secrets anywhere in a key name; personal data by the usual key names.
const SECRET_KEY = /password|passwd|secret|token|cookie|hash$/i;
const PERSONAL_KEY = /^(e-?mail|email_?address|ip|ip_?address|client_?ip|phone|address)$/i;

/**
 * A programming fault, not a refusal (ADR 013): the data comes from our own code, never from what a
 * person typed, so nobody can fix it from a form and no edge shows it. It stays an Error (a 500 and
 * a failing test) with an English message for the developer who wrote the call.
 */
export class AuditDataError extends Error {
  constructor(key: string) {
    super(`Audit data must not contain personal data or secrets; remove the "${key}" field.`);
    this.name = "AuditDataError";
  }
}

function assertNoSecrets(value: unknown, path: string) {
  if (value === null || typeof value !== "object") return;
  for (const [key, nested] of Object.entries(value)) {
    if (SECRET_KEY.test(key) || PERSONAL_KEY.test(key)) throw new AuditDataError(path ? `${path}.${key}` : key);
    assertNoSecrets(nested, path ? `${path}.${key}` : key);
  }
}

/** Appends one entry. Pass the transaction (`trx`) when the change it records is in one. */
export async function recordAudit(db: DB, entry: AuditEntry): Promise<void> {
  const data = entry.data ?? {};
  assertNoSecrets(data, "");
  await db
    .insertInto("audit_log")
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      data: JSON.stringify(data),
    })
    .execute();
}
