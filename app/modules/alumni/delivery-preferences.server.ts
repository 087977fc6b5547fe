import { setUserLocale } from "~/modules/auth/users.server";
import type { AppLocale } from "~/modules/i18n/config";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import type { NewsletterFrequency } from "../../../db/schema";
import { lockPerson } from "./leaver.server";
import { ensureAlumnusProfile, type Actor } from "./membership.server";

/**
 * How the preference centre's mail arrives, beside what (the consents): the newsletter's frequency
 * and the language of every email (docs/decisions/032). Neither is a consent, so neither goes to the
 * ledger.
 */

/** The person's newsletter frequency; `every_issue` for someone without a profile row yet. */
export async function newsletterFrequency(db: DB, userId: string): Promise<NewsletterFrequency> {
  const row = await db.selectFrom("alumni_profiles").select("newsletter_frequency").where("user_id", "=", userId).executeTakeFirst();
  return row?.newsletter_frequency ?? "every_issue";
}

/** False when the person has no profile to hold it (a leaver who has not joined). */
export async function setNewsletterFrequency(actor: Pick<Actor, "userId">, frequency: NewsletterFrequency, now = new Date()): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      await lockPerson(trx, actor.userId);
      await ensureAlumnusProfile(trx, actor.userId, now);
      const updated = await trx
        .updateTable("alumni_profiles")
        .set({ newsletter_frequency: frequency })
        .where("user_id", "=", actor.userId)
        .executeTakeFirst();
      return updated.numUpdatedRows > 0n;
    });
}

/** The account's language: the portal's pages after sign-in, and every email, newsletter included. */
export async function setEmailLanguage(actor: Pick<Actor, "userId">, locale: AppLocale): Promise<void> {
  await setUserLocale(getDb(), actor.userId, locale);
}
