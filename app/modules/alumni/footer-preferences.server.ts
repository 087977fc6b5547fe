import { readEmailPreferencesToken } from "~/modules/email/preference-links.server";
import type { AppLocale } from "~/modules/i18n/config";
import type { DB } from "~/utils/db.server";
import { CONSENT_PURPOSES, type ConsentPurpose, type ConsentStates } from "./consents";
import { currentConsents, recordConsentChoices } from "./consents.server";
import { lockPerson } from "./leaver.server";

/**
 * The page behind every email's "Manage your email preferences" link (docs/decisions/032): the token
 * (email/preference-links.server.ts) names the person, and holding it is enough to see which
 * purposes are on and to turn them off, without signing in. Nothing here turns anything on or
 * changes an address or a language: a forwarded email or a stored copy must not give more than the
 * unsubscribe it stands for.
 *
 * GET (inspect) reads and changes nothing; POST (withdraw) appends one ledger row per purpose that
 * was on, source `email_link`, under the person's lock.
 */

export interface FooterPreferences {
  userId: string;
  /** The address the person's mail goes to: the route masks it before showing it. */
  email: string;
  locale: AppLocale;
  consents: ConsentStates;
}

async function findPerson(db: DB, userId: string) {
  return db
    .selectFrom("users as u")
    .leftJoin("alumni_profiles as p", "p.user_id", "u.id")
    .select(["u.id", "u.locale", "u.email", "p.personal_email"])
    .where("u.id", "=", userId)
    .executeTakeFirst();
}

/** The person a link names and their choices; null for a link this portal did not sign, or a person erased since. */
export async function inspectFooterPreferences(db: DB, token: string): Promise<FooterPreferences | null> {
  const subject = readEmailPreferencesToken(token);
  if (!subject) return null;
  const person = await findPerson(db, subject.userId);
  if (!person) return null;
  return { userId: person.id, email: person.personal_email ?? person.email, locale: person.locale, consents: await currentConsents(db, person.id) };
}

export type FooterWithdrawOutcome = { status: "withdrawn" | "alreadyOff"; purposes: ConsentPurpose[] } | { status: "invalid" };

/**
 * Turns off one purpose, or every purpose (`all`), for the person the token names. `locale`: the
 * language the page showed the purposes in (the ledger hashes those words).
 */
export async function withdrawByFooterLink(
  db: DB,
  input: { token: string; purpose: ConsentPurpose | "all"; ip: string | null; locale: AppLocale },
): Promise<FooterWithdrawOutcome> {
  const subject = readEmailPreferencesToken(input.token);
  if (!subject) return { status: "invalid" };
  return db.transaction().execute(async (trx): Promise<FooterWithdrawOutcome> => {
    const person = await findPerson(trx, subject.userId);
    if (!person) return { status: "invalid" };
    await lockPerson(trx, person.id);
    const purposes = input.purpose === "all" ? CONSENT_PURPOSES : [input.purpose];
    const changes = await recordConsentChoices(trx, {
      userId: person.id,
      choices: Object.fromEntries(purposes.map((p) => [p, false])),
      source: "email_link",
      ip: input.ip,
      locale: input.locale,
    });
    return { status: changes.length > 0 ? "withdrawn" : "alreadyOff", purposes: changes.map((c) => c.purpose) };
  });
}
