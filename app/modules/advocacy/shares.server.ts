import type { ShareLanguage, ShareNetwork } from "../../../db/schema";
import { hasConsent } from "~/modules/alumni/consents.server";
import { findShareableItem, shareBodiesOf, shareTarget } from "~/modules/feeds/share-feed.server";
import { getFeedSettings } from "~/modules/feeds/settings.server";
import { SHARE_TEXT_MAX, withDisclosure, X_MAX_WEIGHT, xWeightWithLink } from "~/modules/feeds/share-texts";
import { trackedLinkFor, trackedLinkUrl } from "~/modules/links/tracked-links.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { networkShareUrl } from "./share-urls";

/**
 * An alumnus shares a feed item (issue 11, docs/decisions/021). Each press of a share button is an
 * intent row on the tracked link unique to (item, person, network): the link the network receives
 * is `/r/{code}`, so the clicks it earns are counted for that share. The alumnus may edit the text;
 * the disclosure line HR set is appended whatever they write, and X's text must still fit 280 with
 * it and the link.
 */

/** utm_campaign of every share-feed link: what the company's web analytics group visits under. */
export const SHARE_FEED_CAMPAIGN = "share-feed";

export interface ShareInput {
  userId: string;
  itemId: string;
  network: ShareNetwork;
  language: ShareLanguage;
  /** The alumnus's text (without the disclosure line); absent: the suggested text. */
  text?: string | null;
}

export interface RecordedShare {
  /** The network's share address to open, carrying the tracked link (and X's text). */
  shareUrl: string;
  /** The tracked link given to the network. */
  link: string;
  /** The whole text, disclosure line included: what the alumnus pastes on LinkedIn or Facebook. */
  text: string;
}

function checkBody(network: ShareNetwork, body: string, disclosure: string, link: string): void {
  if (body === "") throw new DomainFailure("invalid", [{ code: "share.textRequired", field: "text" }]);
  if (network === "x") {
    const weight = xWeightWithLink(withDisclosure(body, disclosure), link);
    if (weight > X_MAX_WEIGHT) {
      throw new DomainFailure("invalid", [{ code: "share.xTooLong", field: "text", values: { length: weight, max: X_MAX_WEIGHT, over: weight - X_MAX_WEIGHT } }]);
    }
  } else if ([...body].length > SHARE_TEXT_MAX[network]) {
    throw new DomainFailure("invalid", [{ code: "share.textTooLong", field: "text", values: { max: SHARE_TEXT_MAX[network] } }]);
  }
}

/**
 * Records the share and answers where to send the alumnus. Refuses a person who has not consented
 * to the share feed (`refused`) and an item no longer shareable (`notFound`); an edited text that
 * is empty or too long is `invalid`, naming the `text` field. Nothing is written when it refuses.
 */
export async function recordShare(db: DB, input: ShareInput, now: Date = new Date()): Promise<RecordedShare> {
  if (!(await hasConsent(db, input.userId, "share_feed"))) throw new DomainFailure("refused", [{ code: "share.consentMissing" }]);
  const item = await findShareableItem(db, input.itemId, now);
  if (!item) throw new DomainFailure("notFound", [{ code: "share.itemGone" }]);
  const settings = await getFeedSettings(db);
  const { bodies, disclosure } = await shareBodiesOf(db, item, input.language, settings);
  const suggested = bodies[input.network];
  const body = input.text == null ? suggested : input.text.replace(/\r\n?/g, "\n").trim();
  return db.transaction().execute(async (trx) => {
    const link = await trackedLinkFor(
      { targetUrl: shareTarget(item), channel: input.network, campaign: SHARE_FEED_CAMPAIGN, feedItemId: item.id, userId: input.userId },
      trx,
    );
    const address = trackedLinkUrl(link);
    checkBody(input.network, body, disclosure, address);
    await trx
      .insertInto("share_intents")
      .values({ link_id: link.id, language: input.language, edited: body !== suggested, created_at: now })
      .execute();
    const text = withDisclosure(body, disclosure);
    return { shareUrl: networkShareUrl(input.network, address, text), link: address, text };
  });
}
