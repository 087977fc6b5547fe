import { recordConsentChoices, currentConsents } from "~/modules/alumni/consents.server";
import { lockPerson } from "~/modules/alumni/leaver.server";
import type { DB } from "~/utils/db.server";
import type { Locale } from "../../../db/schema";
import { maskEmail } from "./mask-email";
import { readUnsubscribeToken, type UnsubscribeSubject } from "./signed-links.server";
import { normaliseAddress, suppressAddress } from "./suppressions.server";

/**
 * One-click unsubscribe (RFC 8058; docs/decisions/024). The token in the link names the issue and
 * the person (signed-links.server.ts); holding it is the proof, so neither step needs a session.
 *
 * - `inspectUnsubscribe` (GET) reads and changes nothing: mail scanners and link previews open every
 *   link of a message, and must not unsubscribe anyone.
 * - `unsubscribe` (POST: the mail provider's one-click post, or the page's button) withdraws the
 *   newsletter consent and suppresses the addresses at once, in one transaction, idempotently.
 */

export type UnsubscribeLookup =
  | { ok: true; subject: UnsubscribeSubject; maskedEmail: string; locale: Locale; subscribed: boolean }
  | { ok: false; reason: "unknown" };

interface Person {
  id: string;
  locale: Locale;
  /** The personal address (an alumnus's), else the account's. */
  email: string;
}

async function findPerson(db: DB, userId: string): Promise<Person | null> {
  const row = await db
    .selectFrom("users as u")
    .leftJoin("alumni_profiles as p", "p.user_id", "u.id")
    .select(["u.id", "u.locale", "u.email", "p.personal_email"])
    .where("u.id", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, locale: row.locale, email: row.personal_email ?? row.email };
}

/** What the page shows for a link: the (masked) address and whether it still receives the newsletter. */
export async function inspectUnsubscribe(db: DB, token: string): Promise<UnsubscribeLookup> {
  const subject = readUnsubscribeToken(token);
  if (!subject) return { ok: false, reason: "unknown" };
  // An erased person (or a link for an account that never existed here) has nothing to unsubscribe.
  const person = await findPerson(db, subject.userId);
  if (!person) return { ok: false, reason: "unknown" };
  const consents = await currentConsents(db, person.id);
  return { ok: true, subject, maskedEmail: maskEmail(person.email), locale: person.locale, subscribed: consents.newsletter.granted };
}

export type UnsubscribeOutcome =
  | { status: "unsubscribed" | "alreadyUnsubscribed"; maskedEmail: string; locale: Locale }
  | { status: "invalid"; reason: "unknown" };

/**
 * Unsubscribes the person the token names, in one transaction under their row lock:
 * - a `newsletter` withdrawal in the consent ledger (source `email_link`, the IP keyed-hashed as
 *   the ledger keeps it), unless the latest choice already says no;
 * - their personal address and the address this issue went to (when different) on the suppression
 *   list, reason `unsubscribed` (a stronger reason already there stays);
 * - `unsubscribed_at` on their recipient row of the issue (the first time only).
 * A second call finds everything done and adds nothing.
 */
export async function unsubscribe(db: DB, input: { token: string; ip: string | null }): Promise<UnsubscribeOutcome> {
  const subject = readUnsubscribeToken(input.token);
  if (!subject) return { status: "invalid", reason: "unknown" };
  return db.transaction().execute(async (trx) => {
    const person = await findPerson(trx, subject.userId);
    if (!person) return { status: "invalid", reason: "unknown" } as const;
    await lockPerson(trx, person.id);
    const changes = await recordConsentChoices(trx, {
      userId: person.id,
      choices: { newsletter: false },
      source: "email_link",
      ip: input.ip,
      locale: person.locale,
    });
    // The issue may have been deleted since the mail went out: the unsubscribe still counts.
    const issue = await trx.selectFrom("newsletter_issues").select("id").where("id", "=", subject.issueId).executeTakeFirst();
    const sentTo = issue
      ? await trx
          .selectFrom("newsletter_recipients")
          .select("email")
          .where("issue_id", "=", issue.id)
          .where("user_id", "=", person.id)
          .executeTakeFirst()
      : undefined;
    const addresses = new Set([normaliseAddress(person.email)]);
    if (sentTo?.email) addresses.add(normaliseAddress(sentTo.email));
    let added = false;
    for (const email of addresses) {
      const result = await suppressAddress(trx, { email, reason: "unsubscribed", userId: person.id, issueId: issue?.id ?? null });
      added ||= result.added;
    }
    let marked = false;
    if (issue) {
      const updated = await trx
        .updateTable("newsletter_recipients")
        .set({ unsubscribed_at: new Date() })
        .where("issue_id", "=", issue.id)
        .where("user_id", "=", person.id)
        .where("unsubscribed_at", "is", null)
        .executeTakeFirst();
      marked = updated.numUpdatedRows > 0n;
    }
    const status = changes.length > 0 || added || marked ? "unsubscribed" : "alreadyUnsubscribed";
    return { status, maskedEmail: maskEmail(person.email), locale: person.locale } as const;
  });
}
