import { sendEmail } from "~/modules/email/send-email.server";
import { trackedLinkUrl } from "~/modules/links/tracked-links.server";
import type { DB } from "~/utils/db.server";
import { emailProps, loadIssueContent, preferencesUrl, contentItems, type NewsletterLocale } from "./content.server";
import { companyAddress, fillLanguage, newsletterCampaign, prepareIssue } from "./messages.server";
import { newsletterLinkCode } from "./signed-links.server";
import { publicOpeningUrl } from "~/modules/openings/referrals.server";
import { DomainFailure } from "~/utils/failures";

/**
 * What HR sees before sending (issue 12).
 *
 * - The preview is the very HTML the bulk send personalises (the same render, the same
 *   placeholders), filled for the editor with links that lead straight to the items and an
 *   unsubscribe link to the preference centre. It is a GET: nothing is written, so no tracked link
 *   can exist for it, and none is pretended.
 * - "Send me a test" goes through the transactional path (`sendEmail`, template `newsletter-test`),
 *   so it shows in the outbox and reaches Resend like other mail. Its item links are the editor's
 *   own tracked links, written in the same transaction under `newsletter-test/{issue}` (not
 *   `newsletter/{issue}`), so the editor's clicks never count in the issue's results. Its unsubscribe
 *   link is the preference centre and it carries no List-Unsubscribe header: a test unsubscribes
 *   nobody from anything.
 */

/** The issue's HTML as one reader of `locale` gets it, with links straight to the items. */
export async function issuePreviewHtml(db: DB, issueId: string, locale: NewsletterLocale): Promise<string> {
  const prepared = await prepareIssue(db, issueId);
  // HR sees every part a consenting reader can get.
  const rendered = prepared.copy({ openings: true, pulse: true }, locale);
  const targets = new Map(contentItems(prepared.content).map((item) => [item.feedItemId, item.targetUrl]));
  return fillLanguage(rendered, {
    unsubscribe: preferencesUrl(),
    preferences: preferencesUrl(),
    // No reader, so no answer page: a preview must not answer a pulse as anyone.
    pulse: preferencesUrl(),
    item: (feedItemId) => targets.get(feedItemId) ?? preferencesUrl(),
    // HR sees the section as consenting readers get it, each opening's page in place of the reader's links.
    opening: publicOpeningUrl,
    referral: publicOpeningUrl,
  }).html;
}

/** What the test links of an issue are filed under: apart from the issue's own links. */
export function newsletterTestSubjectRef(issueId: string): string {
  return `newsletter-test/${issueId}`;
}

export interface TestRecipient {
  userId: string;
  email: string;
  locale: NewsletterLocale;
}

/** Queues the issue, prefixed "[Test]", to the editor; answers the outbox email's id. */
export async function sendIssueTest(db: DB, issueId: string, editor: TestRecipient): Promise<{ emailId: string }> {
  const content = await loadIssueContent(db, issueId);
  if (!content) throw new DomainFailure("notFound", [{ code: "newsletter.issueNotFound" }]);
  const items = contentItems(content);
  const code = (feedItemId: string) => newsletterLinkCode({ issueId, feedItemId, userId: editor.userId });
  const props = emailProps(
    content,
    editor.locale,
    { itemHref: (feedItemId) => trackedLinkUrl({ code: code(feedItemId) }), unsubscribeUrl: preferencesUrl() },
    companyAddress(),
  );
  return db.transaction().execute(async (trx) => {
    if (items.length > 0) {
      await trx
        .insertInto("tracked_links")
        .values(
          items.map((item) => ({
            code: code(item.feedItemId),
            target_url: item.targetUrl,
            channel: "newsletter" as const,
            campaign: newsletterCampaign(issueId),
            feed_item_id: item.feedItemId,
            subject_ref: newsletterTestSubjectRef(issueId),
            user_id: editor.userId,
          })),
        )
        .onConflict((oc) => oc.column("code").doNothing())
        .execute();
    }
    return sendEmail({ to: editor.email, template: "newsletter-test", props, locale: editor.locale, userId: editor.userId, trx });
  });
}
