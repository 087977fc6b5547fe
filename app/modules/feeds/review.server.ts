import { sql } from "kysely";
import { z } from "zod";
import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { FeedItemStatus, ShareLanguage, ShareNetwork } from "../../../db/schema";
import { POST_LIMITS } from "./limits";
import { parseFields } from "./input";
import { describeMix, type Mix } from "./mix";
import { SUMMARY_TEXT_LENGTH, textToHtml, truncateText } from "./sanitize";
import { getFeedSettings, type FeedSettings } from "./settings.server";
import { assertShareTexts, defaultShareTexts, SHARE_LANGUAGES, SHARE_NETWORKS, shareTextField, withDisclosure, xWeightWithLink, type ShareTexts } from "./share-texts";

/**
 * The review queue (issue 11): items waiting for HR, newest first, approved (with their summary and
 * share texts, edited or not) or rejected one by one or several at once.
 *
 * Only a pending item changes: the update's `where status = 'pending'` decides it, so two HR admins
 * approving the same item at once make one approval (the second finds it approved and changes
 * nothing), and an item approved meanwhile cannot be rejected by a stale page.
 */

export const REVIEW_PAGE_SIZE = 50;
/** A bound so that `?page=` cannot ask for an absurd offset. */
export const REVIEW_PAGE_MAX = 10_000;
/** The most items one bulk decision takes (two pages of the queue). */
export const BULK_MAX = 100;

export async function listPendingItems(db: DB, page: number) {
  const rows = await db
    .selectFrom("feed_items as i")
    .leftJoin("feed_sources as s", "s.id", "i.source_id")
    .select([
      "i.id",
      "i.kind",
      "i.title",
      "i.url",
      "i.summary_html",
      "i.summary_text",
      "i.image_url",
      "i.published_at",
      "i.fetched_at",
      "s.name as source_name",
      sql<string>`count(*) over ()`.as("total_count"),
    ])
    .where("i.status", "=", "pending")
    .orderBy("i.fetched_at", "desc")
    .orderBy("i.id")
    .limit(REVIEW_PAGE_SIZE)
    .offset((page - 1) * REVIEW_PAGE_SIZE)
    .execute();
  const total = rows.length > 0 ? Number(rows[0]!.total_count) : await countPending(db, page);
  return {
    rows: rows.map(({ total_count: _total, ...row }) => row),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / REVIEW_PAGE_SIZE)),
  };
}

/** An empty page past the first still needs the total, to send the reader to the last page. */
async function countPending(db: DB, page: number): Promise<number> {
  if (page === 1) return 0;
  const row = await db.selectFrom("feed_items").select(sql<string>`count(*)`.as("n")).where("status", "=", "pending").executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The mix of the live share feed (approved, not expired) against HR's limit. */
export async function currentMix(db: DB, settings: FeedSettings, now: Date = new Date()): Promise<Mix> {
  const rows = await db
    .selectFrom("feed_items")
    .select(["kind", sql<string>`count(*)`.as("n")])
    .where("status", "=", "approved")
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
    .groupBy("kind")
    .execute();
  const count = (kind: string) => Number(rows.find((row) => row.kind === kind)?.n ?? 0);
  return describeMix({ company: count("company"), external: count("external") }, settings.promotionalMaxPercent);
}

/** Each item's share texts: the ones HR approved, else the defaults built from its title and summary. */
export async function shareTextsOf(
  db: DB,
  items: readonly { id: string; title: string; summary_text: string; url: string | null }[],
  settings: FeedSettings,
): Promise<Map<string, ShareTexts>> {
  const stored =
    items.length === 0
      ? []
      : await db
          .selectFrom("feed_item_share_texts")
          .select(["item_id", "network", "language", "text"])
          .where(
            "item_id",
            "in",
            items.map((item) => item.id),
          )
          .execute();
  const result = new Map<string, ShareTexts>();
  for (const item of items) {
    const texts = defaultShareTexts({ title: item.title, summary: item.summary_text, url: item.url }, settings.disclosures);
    for (const row of stored) if (row.item_id === item.id) texts[row.network][row.language] = row.text;
    result.set(item.id, texts);
  }
  return result;
}

// The texts' lengths are the domain's check (shareTextProblems), which names the network and language.
const text = () => z.preprocess((value) => value ?? undefined, z.string().optional());
const approvalSchema = z.object({
  summary: z.preprocess((value) => value ?? undefined, z.string().trim().max(POST_LIMITS.text).optional()),
  ...Object.fromEntries(SHARE_NETWORKS.flatMap((network) => SHARE_LANGUAGES.map((language) => [shareTextField(network, language), text()]))),
});
const APPROVAL_CODES = { summary: { code: "feedReview.summaryTooLong", values: { max: POST_LIMITS.text } } } as const;

export type Decision = "approved" | "rejected" | "unchanged";

async function pendingItem(db: DB, id: string) {
  const item = await db.selectFrom("feed_items").select(["id", "status", "title", "summary_text", "url"]).where("id", "=", id).executeTakeFirst();
  if (!item) throw DomainFailure.notFound("feedReview.itemNotFound");
  return item;
}

/** The outcome for an item no longer pending: the same decision twice is harmless, another is refused. */
function settled(status: FeedItemStatus, wanted: "approved" | "rejected"): Decision {
  if (status === wanted) return "unchanged";
  throw DomainFailure.refused("feedReview.notPending");
}

async function storeShareTexts(db: DB, items: readonly { id: string; texts: ShareTexts }[], actor: { userId: string }, now: Date) {
  if (items.length === 0) return;
  const rows = items.flatMap(({ id, texts }) =>
    SHARE_NETWORKS.flatMap((network) =>
      SHARE_LANGUAGES.map((language) => ({ item_id: id, network: network as ShareNetwork, language: language as ShareLanguage, text: texts[network][language].trim(), updated_by: actor.userId, updated_at: now })),
    ),
  );
  await db
    .insertInto("feed_item_share_texts")
    .values(rows)
    .onConflict((conflict) => conflict.columns(["item_id", "network", "language"]).doUpdateSet((eb) => ({ text: eb.ref("excluded.text"), updated_by: eb.ref("excluded.updated_by"), updated_at: eb.ref("excluded.updated_at") })))
    .execute();
}

/**
 * Approves a pending item, with HR's summary (plain text; the feed's HTML is kept when HR left the
 * summary as it was) and share texts (each checked: X's 280 with the link and disclosure line).
 * Texts not given are the defaults, built from the summary as approved. Answers "unchanged" when the
 * item was approved already (by a colleague at the same moment); refuses one rejected or expired.
 */
export async function approveItem(db: DB, id: string, input: unknown, actor: { userId: string }, now: Date = new Date()): Promise<Decision> {
  const data = parseFields(approvalSchema, input, APPROVAL_CODES) as Record<string, string | undefined>;
  return db.transaction().execute(async (trx) => {
    const item = await pendingItem(trx, id);
    if (item.status !== "pending") return settled(item.status, "approved");
    const settings = await getFeedSettings(trx);
    const summary = data.summary;
    const edited = summary !== undefined && summary !== item.summary_text.trim();
    const summaryText = edited ? truncateText(summary.replace(/\s+/g, " "), SUMMARY_TEXT_LENGTH) : item.summary_text;
    const texts = defaultShareTexts({ title: item.title, summary: edited ? summary : item.summary_text, url: item.url }, settings.disclosures);
    for (const network of SHARE_NETWORKS) {
      for (const language of SHARE_LANGUAGES) {
        const given = data[shareTextField(network, language)];
        if (given !== undefined) texts[network][language] = given;
      }
    }
    assertShareTexts(texts, settings.disclosures, item.url);
    const updated = await trx
      .updateTable("feed_items")
      .set({ status: "approved", approved_at: now, approved_by: actor.userId, ...(edited ? { summary_html: textToHtml(summary), summary_text: summaryText } : {}) })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .returning("id")
      .executeTakeFirst();
    // Decided by someone else between the read and the update.
    if (!updated) return settled((await pendingItem(trx, id)).status, "approved");
    await storeShareTexts(trx, [{ id, texts }], actor, now);
    await recordAudit(trx, { actorUserId: actor.userId, action: "feeds.item_approved", subjectType: "feed_item", subjectId: id, data: { summaryEdited: edited } });
    return "approved";
  });
}

/** Rejects a pending item; "unchanged" when it was rejected already, refused when approved or expired. */
export async function rejectItem(db: DB, id: string, actor: { userId: string }): Promise<Decision> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable("feed_items").set({ status: "rejected" }).where("id", "=", id).where("status", "=", "pending").returning("id").executeTakeFirst();
    if (!updated) return settled((await pendingItem(trx, id)).status, "rejected");
    await recordAudit(trx, { actorUserId: actor.userId, action: "feeds.item_rejected", subjectType: "feed_item", subjectId: id });
    return "rejected";
  });
}

const bulkSchema = z.object({
  decision: z.enum(["approve", "reject"]),
  ids: z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.uuid()).min(1).max(BULK_MAX)),
});
const BULK_CODES = { decision: { code: "feedReview.decisionInvalid" }, ids: { code: "feedReview.nothingSelected" } } as const;

/**
 * Approves (with default share texts) or rejects the selected items in one transaction. Items that
 * are no longer pending are left as they are and counted as skipped: a colleague's decision on one
 * of them does not undo the whole selection.
 */
export async function decideItems(db: DB, input: unknown, actor: { userId: string }, now: Date = new Date()): Promise<{ decided: number; skipped: number }> {
  const raw = (typeof input === "object" && input !== null ? input : {}) as { ids?: unknown };
  if (Array.isArray(raw.ids) && raw.ids.length > BULK_MAX) throw DomainFailure.invalid("ids", "feedReview.tooManySelected", { max: BULK_MAX });
  const { decision, ids } = parseFields(bulkSchema, input, BULK_CODES);
  const unique = [...new Set(ids)];
  return db.transaction().execute(async (trx) => {
    const status = decision === "approve" ? "approved" : "rejected";
    const changed = await trx
      .updateTable("feed_items")
      .set(decision === "approve" ? { status, approved_at: now, approved_by: actor.userId } : { status })
      .where("id", "in", unique)
      .where("status", "=", "pending")
      .returning(["id", "title", "summary_text", "url"])
      .execute();
    if (decision === "approve" && changed.length > 0) {
      const settings = await getFeedSettings(trx);
      const texts = changed.map((item) => ({ id: item.id, texts: defaultShareTexts({ title: item.title, summary: item.summary_text, url: item.url }, settings.disclosures) }));
      await storeShareTexts(trx, texts, actor, now);
    }
    for (const item of changed) {
      await recordAudit(trx, { actorUserId: actor.userId, action: `feeds.item_${status}`, subjectType: "feed_item", subjectId: item.id, data: { bulk: true } });
    }
    return { decided: changed.length, skipped: unique.length - changed.length };
  });
}

/** One item as its review page shows it, with its share texts (approved, else the defaults). */
export async function getItemForReview(db: DB, id: string) {
  const item = await db
    .selectFrom("feed_items as i")
    .leftJoin("feed_sources as s", "s.id", "i.source_id")
    .select(["i.id", "i.kind", "i.status", "i.title", "i.url", "i.summary_html", "i.summary_text", "i.image_url", "i.fetched_at", "s.name as source_name"])
    .where("i.id", "=", id)
    .executeTakeFirst();
  if (!item) throw DomainFailure.notFound("feedReview.itemNotFound");
  const settings = await getFeedSettings(db);
  const texts = (await shareTextsOf(db, [item], settings)).get(item.id)!;
  // The page cannot count as X does (twitter-text stays on the server): it shows these.
  const xWeights = { en: xWeightWithLink(withDisclosure(texts.x.en, settings.disclosures.en), item.url), fr: xWeightWithLink(withDisclosure(texts.x.fr, settings.disclosures.fr), item.url) };
  return { item, texts, settings, xWeights };
}
