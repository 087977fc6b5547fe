import { z } from "zod";
import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";
import { isUniqueViolation } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { FeedItem } from "../../../db/schema";
import { canonicalUrl } from "./canonical-url";
import { parseFields } from "./input";
import { POST_LIMITS } from "./limits";
import { SUMMARY_TEXT_LENGTH, textToHtml, truncateText } from "./sanitize";

/**
 * A company post: an item HR writes directly (title, text, an optional link and image) rather than
 * one taken from a feed. It is of kind `company`, has no source and no guid, and never expires on
 * its own. It is approved at once unless the caller asks for the review queue. Its link takes part
 * in the same deduplication as fetched items (one item per canonical URL).
 */

export { POST_LIMITS };

const httpUrl = z
  .string()
  .trim()
  .max(POST_LIMITS.url)
  .refine((value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  });
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const postSchema = z.object({
  title: z.string().trim().min(1).max(POST_LIMITS.title),
  text: z.preprocess((value) => value ?? "", z.string().trim().max(POST_LIMITS.text)),
  link: optional(httpUrl),
  imageUrl: optional(httpUrl),
});

const FIELD_CODES = {
  title: { code: "feedPost.titleRequired", values: { max: POST_LIMITS.title } },
  text: { code: "feedPost.textTooLong", values: { max: POST_LIMITS.text } },
  link: { code: "feedPost.linkInvalid" },
  imageUrl: { code: "feedPost.imageInvalid" },
} as const;

export async function createCompanyPost(
  db: DB,
  input: unknown,
  actor: { userId: string },
  options: { approve?: boolean; now?: Date } = {},
): Promise<FeedItem> {
  const data = parseFields(postSchema, input, FIELD_CODES);
  const now = options.now ?? new Date();
  const approve = options.approve ?? true;
  const link = data.link ? new URL(data.link).href : null;
  try {
    return await db.transaction().execute(async (trx) => {
      const item = await trx
        .insertInto("feed_items")
        .values({
          source_id: null,
          kind: "company",
          status: approve ? "approved" : "pending",
          guid: null,
          url: link,
          canonical_url: link ? canonicalUrl(link) : null,
          title: data.title,
          // HR's text is plain text: escaped, never read as HTML.
          summary_html: textToHtml(data.text),
          summary_text: truncateText(data.text.replace(/\s+/g, " "), SUMMARY_TEXT_LENGTH),
          image_url: data.imageUrl ? new URL(data.imageUrl).href : null,
          published_at: now,
          fetched_at: now,
          expires_at: null,
          created_by: actor.userId,
          approved_at: approve ? now : null,
          approved_by: approve ? actor.userId : null,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: actor.userId, action: "feeds.post_created", subjectType: "feed_item", subjectId: item.id, data: { status: item.status } });
      return item;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw DomainFailure.conflict("link", "feedPost.linkAlreadyInFeed");
    throw error;
  }
}
