import { sql, type Transaction } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { liftUnsubscribeSuppressions } from "~/modules/email/suppressed-addresses.server";
import type { AppLocale } from "~/modules/i18n/config";
import type { Database, DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import type { AlumniStatus, ConsentSource } from "../../../db/schema";
import { CONSENT_PURPOSES, withdrawEverything, type ConsentPurpose, type ConsentStates } from "./consents";
import { currentConsents, recordConsentChoices } from "./consents.server";
import { hasLiveConfirmation, issueEmailConfirmation } from "./email-confirmation.server";
import { alumniStepOpen, findLeaverExit, lockPerson, type OpenLeaverExit } from "./leaver.server";

/**
 * Joining and leaving the alumni network: the leaver's choice in the exit flow, and an alumnus's
 * choices afterwards. Every change is one transaction holding the person's lock.
 */

export interface AlumniProfileView {
  personalEmail: string;
  confirmed: boolean;
  linkedinUrl: string | null;
  status: AlumniStatus;
}

export async function findAlumniProfile(db: DB, userId: string): Promise<AlumniProfileView | undefined> {
  const row = await db
    .selectFrom("alumni_profiles")
    .select(["personal_email", "personal_email_confirmed_at", "linkedin_url", "status"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row
    ? {
        personalEmail: row.personal_email,
        confirmed: row.personal_email_confirmed_at !== null,
        linkedinUrl: row.linkedin_url,
        status: row.status,
      }
    : undefined;
}

export interface Actor {
  userId: string;
  name: string;
  /** The language the page was shown in: consent words are hashed, and emails written, in it. */
  locale: AppLocale;
  ip: string;
}

export type AlumniStepResult =
  | { status: "ok"; confirmation: "sent" | "throttled" | "not_needed" }
  /** The survey is not finished (or there is no exit flow): the alumni step is not open. */
  | { status: "closed" };

export interface JoinInput {
  personalEmail: string;
  linkedinUrl: string | null;
  consents: readonly ConsentPurpose[];
}

/** Runs `step` in one transaction holding the person's lock, if the alumni step is open to them. */
async function inAlumniStep(
  actor: Actor,
  step: (trx: Transaction<Database>, exit: OpenLeaverExit) => Promise<AlumniStepResult>,
): Promise<AlumniStepResult> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<AlumniStepResult> => {
      await lockPerson(trx, actor.userId);
      const exit = await findLeaverExit(trx, actor.userId);
      if (!alumniStepOpen(exit)) return { status: "closed" };
      return step(trx, exit);
    });
}

/** The invitation keeps the leaver's answer; the audit log says who gave it. */
async function recordDecision(
  trx: Transaction<Database>,
  actor: Actor,
  exit: OpenLeaverExit,
  decision: "joined" | "declined",
  now: Date,
  data: Record<string, unknown>,
) {
  await trx
    .updateTable("exit_invitations")
    .set({ alumni_decision: decision, alumni_decided_at: now, updated_at: now })
    .where("id", "=", exit.invitation.id)
    .execute();
  await recordAudit(trx, { actorUserId: actor.userId, action: `alumni.${decision}`, subjectType: "departure", subjectId: exit.departureId, data });
}

/**
 * The leaver joins (or changes what they chose): profile saved as `pending`, one ledger row per
 * consent that changed (nothing ticked → no rows), the invitation records `joined`, and a
 * confirmation link goes to the personal address unless it is confirmed or a live link already went.
 */
export async function joinAlumniNetwork(actor: Actor, input: JoinInput, now = new Date()): Promise<AlumniStepResult> {
  return inAlumniStep(actor, async (trx, exit) => {
    const before = await findAlumniProfile(trx, actor.userId);
    const sameAddress = before?.personalEmail.toLowerCase() === input.personalEmail.toLowerCase();
    const confirmed = Boolean(before && sameAddress && before.confirmed && before.status !== "left");
    await trx
      .insertInto("alumni_profiles")
      .values({
        user_id: actor.userId,
        departure_id: exit.departureId,
        personal_email: input.personalEmail,
        linkedin_url: input.linkedinUrl,
        status: "pending",
        joined_at: now,
      })
      .onConflict((oc) =>
        oc.column("user_id").doUpdateSet({
          departure_id: exit.departureId,
          personal_email: input.personalEmail,
          linkedin_url: input.linkedinUrl,
          status: "pending",
          left_at: null,
          personal_email_confirmed_at: confirmed ? sql<Date>`alumni_profiles.personal_email_confirmed_at` : null,
        }),
      )
      .execute();

    const ticked = new Set(input.consents);
    await recordConsentChoices(trx, {
      userId: actor.userId,
      choices: Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, ticked.has(p)])),
      source: "exit_flow",
      ip: actor.ip,
      locale: actor.locale,
    });
    await recordDecision(trx, actor, exit, "joined", now, {
      consents: input.consents.length,
      linkedin: input.linkedinUrl !== null,
      addressChanged: Boolean(before) && !sameAddress,
    });

    let confirmation: "sent" | "throttled" | "not_needed" = "not_needed";
    if (!confirmed && !(sameAddress && (await hasLiveConfirmation(trx, actor.userId, input.personalEmail, now)))) {
      const issued = await issueEmailConfirmation(trx, { ...actor, email: input.personalEmail, now });
      confirmation = issued.sent ? "sent" : "throttled";
    }
    return { status: "ok", confirmation };
  });
}

/**
 * Withdraws every consent and forgets the personal address (profile and pending links deleted):
 * an address the network will never write to is not kept.
 */
async function dropMembership(trx: DB, actor: Actor, source: ConsentSource) {
  await recordConsentChoices(trx, { userId: actor.userId, choices: withdrawEverything(), source, ip: actor.ip, locale: actor.locale });
  await trx.deleteFrom("email_confirmations").where("user_id", "=", actor.userId).execute();
  await trx.deleteFrom("alumni_profiles").where("user_id", "=", actor.userId).execute();
}

/** "No, thank you": one click. Also undoes an earlier "join" while the person is still a leaver. */
export async function declineAlumniNetwork(
  actor: Actor,
  now = new Date(),
  source: ConsentSource = "exit_flow",
): Promise<AlumniStepResult> {
  return inAlumniStep(actor, async (trx, exit) => {
    const hadJoined = exit.invitation.alumniDecision === "joined";
    await dropMembership(trx, actor, source);
    await recordDecision(trx, actor, exit, "declined", now, { hadJoined });
    return { status: "ok", confirmation: "not_needed" };
  });
}

export type ResendResult = "sent" | "throttled" | "not_needed";

/** A new confirmation link, for a leaver who joined and lost or let the first one expire. */
export async function resendConfirmation(actor: Actor, now = new Date()): Promise<ResendResult> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<ResendResult> => {
      await lockPerson(trx, actor.userId);
      const profile = await findAlumniProfile(trx, actor.userId);
      if (!profile || profile.confirmed || profile.status === "left") return "not_needed";
      const issued = await issueEmailConfirmation(trx, { ...actor, email: profile.personalEmail, now });
      return issued.sent ? "sent" : "throttled";
    });
}

// ——— Preferences (a leaver who joined, or an alumnus) ———

export interface AlumniPreferences {
  profile: AlumniProfileView | undefined;
  consents: ConsentStates;
}

export async function loadAlumniPreferences(db: DB, userId: string): Promise<AlumniPreferences> {
  const [profile, consents] = await Promise.all([findAlumniProfile(db, userId), currentConsents(db, userId)]);
  return { profile, consents };
}

/**
 * An alumnus from before this feature (or created by HR) has no profile row: their sign-in address is
 * their personal one, proven by every magic link they use, so it counts as confirmed.
 */
export async function ensureAlumnusProfile(trx: Transaction<Database>, userId: string, now: Date) {
  await trx
    .insertInto("alumni_profiles")
    .columns(["user_id", "personal_email", "personal_email_confirmed_at", "status", "activated_at"])
    .expression((eb) =>
      eb
        .selectFrom("users")
        .select([
          "id",
          "email",
          eb.val(now).as("personal_email_confirmed_at"),
          sql<AlumniStatus>`'active'`.as("status"),
          eb.val(now).as("activated_at"),
        ])
        .where("id", "=", userId)
        .where("role", "=", "alumnus"),
    )
    .onConflict((oc) => oc.column("user_id").doNothing())
    .execute();
}

/** Grants or withdraws one purpose from the preferences page: the same single click either way. */
export async function setConsent(actor: Actor, purpose: ConsentPurpose, granted: boolean): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      await lockPerson(trx, actor.userId);
      const profile = await findAlumniProfile(trx, actor.userId);
      // Nothing is granted to someone who left: they rejoin first, and say so.
      if (profile?.status === "left" && granted) return false;
      const changes = await recordConsentChoices(trx, {
        userId: actor.userId,
        choices: { [purpose]: granted },
        source: "preferences",
        ip: actor.ip,
        locale: actor.locale,
      });
      if (purpose === "newsletter" && granted && changes.length > 0) await liftOwnUnsubscribe(trx, actor.userId, profile?.personalEmail ?? null);
      return changes.length > 0;
    });
}

/**
 * An unsubscribe link put the person's addresses on the suppression list (docs/decisions/024), which
 * no audience reaches; turning the newsletter back on while signed in is a newer choice, so their own
 * `unsubscribed` rows go (audited, as HR's removals are). Bounces and complaints stay.
 */
async function liftOwnUnsubscribe(trx: DB, userId: string, personalEmail: string | null) {
  const user = await trx.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
  const freed = await liftUnsubscribeSuppressions(trx, [user.email, ...(personalEmail ? [personalEmail] : [])]);
  if (freed.length > 0) {
    await recordAudit(trx, { actorUserId: userId, action: "newsletter.suppression_lifted_by_person", subjectType: "user", subjectId: userId, data: { addresses: freed.length } });
  }
}

/**
 * Leaving the network. An alumnus keeps the account (to come back, or to ask for their data) with
 * every consent withdrawn and the profile marked `left`. A leaver who had joined simply declines.
 */
export async function leaveAlumniNetwork(actor: Actor, role: "leaver" | "alumnus", now = new Date()): Promise<void> {
  if (role === "leaver") {
    await declineAlumniNetwork(actor, now, "preferences");
    return;
  }
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await lockPerson(trx, actor.userId);
      await ensureAlumnusProfile(trx, actor.userId, now);
      await recordConsentChoices(trx, { userId: actor.userId, choices: withdrawEverything(), source: "preferences", ip: actor.ip, locale: actor.locale });
      await trx.updateTable("alumni_profiles").set({ status: "left", left_at: now }).where("user_id", "=", actor.userId).execute();
      await recordAudit(trx, { actorUserId: actor.userId, action: "alumni.left", subjectType: "user", subjectId: actor.userId });
    });
}

/** An alumnus who left comes back: the profile is active again, every consent still withdrawn until chosen. */
export async function rejoinAlumniNetwork(actor: Pick<Actor, "userId">): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await lockPerson(trx, actor.userId);
      const rejoined = await trx
        .updateTable("alumni_profiles")
        .set({ status: "active", left_at: null })
        .where("user_id", "=", actor.userId)
        .where("status", "=", "left")
        .returning("user_id")
        .executeTakeFirst();
      if (rejoined) {
        await recordAudit(trx, { actorUserId: actor.userId, action: "alumni.rejoined", subjectType: "user", subjectId: actor.userId });
      }
    });
}
