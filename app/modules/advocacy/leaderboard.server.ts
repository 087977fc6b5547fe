import { lockPerson } from "~/modules/alumni/leaver.server";
import { ensureAlumnusProfile } from "~/modules/alumni/membership.server";
import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";
import { DEFAULT_ADVOCACY_SETTINGS } from "./rules";

/**
 * The leaderboard opt-in (ADR 021): nobody is on the leaderboard unless they ask; others then see
 * their name and points. HR can switch the whole leaderboard off, which hides it from everyone
 * but keeps each person's choice for when it comes back.
 */

export interface LeaderboardChoice {
  /** HR's switch. */
  enabled: boolean;
  optedIn: boolean;
}

/** HR's switch and the person's choice, in one query. */
export async function leaderboardChoice(db: DB, userId: string): Promise<LeaderboardChoice> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("feed_settings").select("leaderboard_enabled").limit(1).as("enabled"),
      eb.selectFrom("alumni_profiles").select("leaderboard_opt_in").where("user_id", "=", userId).as("optedIn"),
    ])
    .executeTakeFirstOrThrow();
  return { enabled: row.enabled ?? DEFAULT_ADVOCACY_SETTINGS.leaderboardEnabled, optedIn: row.optedIn === true };
}

/**
 * Shows or hides the person on the leaderboard, audited, in one transaction holding the person's
 * lock. An alumnus from before alumni profiles gets one (as every other preference does). Answers
 * whether anything changed.
 */
export async function setLeaderboardOptIn(db: DB, actor: { userId: string }, optIn: boolean, now: Date = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockPerson(trx, actor.userId);
    await ensureAlumnusProfile(trx, actor.userId, now);
    const updated = await trx
      .updateTable("alumni_profiles")
      .set({ leaderboard_opt_in: optIn })
      .where("user_id", "=", actor.userId)
      .where("leaderboard_opt_in", "<>", optIn)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: optIn ? "advocacy.leaderboard_joined" : "advocacy.leaderboard_left",
      subjectType: "user",
      subjectId: actor.userId,
    });
    return true;
  });
}
