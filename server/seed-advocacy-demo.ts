import { findUserByEmail, insertUser } from "~/modules/auth/users.server";
import { insertClicks, trackedLinkFor } from "~/modules/links/tracked-links.server";
import type { DB } from "~/utils/db.server";

/**
 * Demo data for points, the leaderboard and HR's share analytics (ADR 021), after the share feed's
 * demo (./seed.ts): Alex and two other alumni shared the company post on a few networks over the
 * last days, and their links brought visits. Alex and Nadia chose to appear on the leaderboard.
 * Share intents are inserted directly, at chosen times in the past; clicks go through insertClicks
 * with stand-in IP hashes (the demo has no real visitors).
 */
export async function seedAdvocacyDemo(db: DB) {
  const alex = await findUserByEmail(db, "alex.alumni@example.net");
  const post = await db.selectFrom("feed_items").select(["id", "url"]).where("status", "=", "approved").orderBy("created_at").executeTakeFirst();
  if (!alex || !post?.url) return;
  const now = Date.now();
  const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000);

  const others = [];
  for (const [email, name, optIn] of [
    ["nadia.alumni@example.net", "Nadia Haddad", true],
    ["chris.alumni@example.net", "Chris Okafor", false],
  ] as const) {
    const user = await insertUser(db, { email, name, role: "alumnus", passwordHash: null });
    await db
      .insertInto("alumni_profiles")
      .values({ user_id: user.id, personal_email: email, personal_email_confirmed_at: hoursAgo(24 * 60), status: "active", activated_at: hoursAgo(24 * 60), leaderboard_opt_in: optIn })
      .execute();
    others.push(user);
  }
  await db.updateTable("alumni_profiles").set({ leaderboard_opt_in: true }).where("user_id", "=", alex.id).execute();

  const shares = [
    { userId: alex.id, channel: "linkedin", at: 72, visits: [["v1", 70], ["v2", 69], ["v2", 68], ["v3", 30]] },
    { userId: alex.id, channel: "x", at: 3, visits: [["v4", 2], [null, 1]] },
    { userId: others[0]!.id, channel: "linkedin", at: 48, visits: [["v5", 47], ["v6", 46], ["v7", 40], ["v8", 20], ["v9", 5]] },
    { userId: others[1]!.id, channel: "facebook", at: 120, visits: [["v10", 100]] },
  ] as const;
  for (const share of shares) {
    const link = await trackedLinkFor({ feedItemId: post.id, userId: share.userId, channel: share.channel, targetUrl: post.url, campaign: "share-feed" }, db);
    await db.insertInto("share_intents").values({ link_id: link.id, language: "en", created_at: hoursAgo(share.at) }).execute();
    await insertClicks(
      share.visits.map(([visitor, hours]) => ({ linkId: link.id, clickedAt: hoursAgo(hours), ipHash: visitor === null ? null : `demo-${visitor}` })),
      db,
    );
  }
}
