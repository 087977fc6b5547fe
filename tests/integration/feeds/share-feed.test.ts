import { approveItem } from "~/modules/feeds/review.server";
import { shareFeed } from "~/modules/feeds/share-feed.server";
import { updateFeedSettings } from "~/modules/feeds/settings.server";
import { xWeightWithLink } from "~/modules/feeds/share-texts";
import { createUser, makeFeedItem } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

describe("the share feed", () => {
  it("orders live approved items by the mix rule, with the disclosure line on every text", async () => {
    const hr = await createUser({ role: "hr_admin" });
    await updateFeedSettings(testDb(), { disclosureEn: "#formeremployee", disclosureFr: "#ancien", promotionalMaxPercent: "50" }, { userId: hr.id });
    const at = (hour: number) => new Date(`2026-12-0${hour}T10:00:00Z`);
    // Newest first: company, company, external, external; expired and pending items stay out.
    const c1 = await makeFeedItem({ source: null, kind: "company", status: "approved", fetchedAt: at(9) });
    const c2 = await makeFeedItem({ source: null, kind: "company", status: "approved", fetchedAt: at(8) });
    const e1 = await makeFeedItem({ kind: "external", fetchedAt: at(7) });
    await approveItem(testDb(), e1.id, { xEn: "Edited by HR" }, { userId: hr.id });
    const e2 = await makeFeedItem({ kind: "external", status: "approved", fetchedAt: at(6) });
    await makeFeedItem({ kind: "external", status: "approved", fetchedAt: at(5), expiresAt: new Date("2020-01-01T00:00:00Z") });
    await makeFeedItem({ kind: "external", status: "pending", fetchedAt: at(4) });
    const feed = await shareFeed(testDb());
    // 50 %: a company item may not open the feed alone, so the first external one comes first.
    expect(feed.map((item) => item.id)).toEqual([e1.id, c1.id, e2.id, c2.id]);
    expect(feed[0]!.share.x.en).toBe("Edited by HR\n\n#formeremployee");
    for (const item of feed) {
      expect(item.share.linkedin.fr.endsWith("\n\n#ancien")).toBe(true);
      expect(xWeightWithLink(item.share.x.en, item.url)).toBeLessThanOrEqual(280);
    }
  });
});
