import type { ConsentPurpose } from "../../db/schema";
import type { Segment } from "~/modules/scoring/formula";
import { testDb } from "../support/database";
import { createAlumniProfile } from "./alumni";
import { makeDeparture } from "./offboarding";
import { setConsent } from "./scoring";
import { unique } from "./sequence";
import { signIn } from "./users";

/*
 * Openings (issue 14): an opening inserted directly (HR's createOpening is what the pages test), and
 * an alumnus of a departure in a chosen department, with a chosen rehire flag, segment and consents.
 */

/** An opening; pass `createdAt` where a test depends on which is newest (two inserts can share a clock tick on PGlite). */
export async function makeOpening(
  overrides: { titleEn?: string; titleFr?: string; status?: "open" | "closed"; departmentId?: string | null; externalUrl?: string; location?: string; createdAt?: Date } = {},
) {
  return testDb()
    .insertInto("openings")
    .values({
      title_en: overrides.titleEn ?? `Engineer ${unique()}`,
      title_fr: overrides.titleFr ?? "",
      department_id: overrides.departmentId ?? null,
      location: overrides.location ?? "Paris",
      external_url: overrides.externalUrl ?? "https://careers.example.com/jobs/1",
      status: overrides.status ?? "open",
      closed_at: overrides.status === "closed" ? new Date() : null,
      ...(overrides.createdAt ? { created_at: overrides.createdAt } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface MemberOptions {
  name?: string;
  departmentName?: string;
  eligibleForRehire?: boolean | null;
  segment?: Segment | null;
  consents?: readonly ConsentPurpose[];
  locale?: "en" | "fr";
}

/** An active alumnus with a confirmed address, their departure, segment and consents; signed in. */
export async function makeMember(options: MemberOptions = {}) {
  const db = testDb();
  const { departure } = await makeDeparture({ ...(options.name ? { employeeName: options.name } : {}), departmentName: options.departmentName ?? "Engineering" });
  const userId = departure.leaver_user_id;
  await db.updateTable("departures").set({ eligible_for_rehire: options.eligibleForRehire ?? null }).where("id", "=", departure.id).execute();
  await db.updateTable("users").set({ role: "alumnus", locale: options.locale ?? "en" }).where("id", "=", userId).execute();
  const profile = await createAlumniProfile(userId, { departureId: departure.id, status: "active", confirmedAt: new Date("2026-11-28T10:30:00Z"), activatedAt: new Date("2026-11-30T00:00:00Z") });
  for (const purpose of options.consents ?? []) await setConsent(userId, purpose, true);
  if (options.segment) {
    await db
      .insertInto("advocacy_scores")
      .values({ user_id: userId, score: options.segment === "promoter" ? 60 : options.segment === "detractor" ? -60 : 0, segment: options.segment, reason_code: "noSignals", reason_values: "{}", inputs: "{}", computed_at: new Date() })
      .execute();
  }
  const cookie = await signIn({ id: userId, role: "alumnus" });
  return { userId, departureId: departure.id, cookie, personalEmail: profile.personal_email };
}
