import { insertClicks, trackedLinkFor, type TrackedLink } from "~/modules/links/tracked-links.server";
import type { FeedItem, LinkChannel } from "../../db/schema";
import { testDb } from "../support/database";

/**
 * A share as the share feed makes it: the tracked link of (item, person, network) through
 * trackedLinkFor, then one share-intent row per press. The intents are inserted directly because
 * recording them is the share feed's (advocacy/shares.server.ts), and tests need them at chosen times.
 */
export async function makeShare(input: {
  userId: string;
  item: Pick<FeedItem, "id" | "url">;
  channel?: Exclude<LinkChannel, "newsletter">;
  /** When each press happened; one press now by default. */
  at?: Date | readonly Date[];
}): Promise<TrackedLink> {
  const link = await trackedLinkFor(
    { feedItemId: input.item.id, userId: input.userId, channel: input.channel ?? "linkedin", targetUrl: input.item.url ?? "https://acme.example/", campaign: "feed" },
    testDb(),
  );
  const presses = input.at === undefined ? [new Date()] : [input.at].flat();
  await addShareIntents(link.id, presses);
  return link;
}

export async function addShareIntents(linkId: string, presses: readonly Date[]) {
  if (presses.length === 0) return;
  await testDb()
    .insertInto("share_intents")
    .values(presses.map((at) => ({ link_id: linkId, language: "en" as const, created_at: at })))
    .execute();
}

/** Clicks on a link at the given times, each from its visitor (an IP hash, or null). */
export async function makeClicks(linkId: string, clicks: readonly { at: Date; ip?: string | null }[]) {
  await insertClicks(
    clicks.map((click) => ({ linkId, clickedAt: click.at, ipHash: click.ip === undefined ? "visitor" : click.ip })),
    testDb(),
  );
}
