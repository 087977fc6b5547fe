import type { ConsentPurpose, User } from "../../db/schema";
import { recordConsent } from "~/modules/alumni/consents.server";
import { testDb } from "../support/database";
import { createAlumniProfile } from "./alumni";
import { createUser } from "./users";

/**
 * An active alumnus as the transition leaves one: the sign-in address is the confirmed personal
 * address, the profile active, and the `consents` granted through the ledger.
 */
export async function makeTransitionedAlumnus(options: { consents?: readonly ConsentPurpose[]; locale?: "en" | "fr" } = {}): Promise<User> {
  const user = await createUser({ role: "alumnus", locale: options.locale ?? "en" });
  await createAlumniProfile(user.id, {
    personalEmail: user.email,
    status: "active",
    confirmedAt: new Date("2026-11-28T10:30:00Z"),
    activatedAt: new Date("2026-11-30T00:00:00Z"),
  });
  for (const purpose of options.consents ?? []) {
    await recordConsent(testDb(), { userId: user.id, purpose, granted: true, source: "preferences", ip: null, locale: "en" });
  }
  return user;
}
