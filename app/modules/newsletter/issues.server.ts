import { sql, type Transaction } from "kysely";
import type { Database, DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { reorder } from "~/utils/reorder";
import type { Locale, NewsletterIssueStatus } from "../../../db/schema";
import { CANDIDATE_LIMIT, isEditableStatus, type IssueTextsInput } from "./issue";

/**
 * Composing an issue of the newsletter (issue 12): its texts per language, its sections and the
 * approved feed items in them, in the order HR sets with buttons (no JavaScript needed). Every change
 * runs in one transaction that first locks the issue row and refuses unless the issue is a draft or
 * scheduled (`assertIssueEditable`), so an edit cannot slip in after the send took its snapshot.
 * Positions are kept 0…n-1 in each list.
 */

export interface IssueListRow {
  id: string;
  subject: string;
  status: NewsletterIssueStatus;
  createdAt: Date;
  scheduledAt: Date | null;
  finishedAt: Date | null;
}

/** Every issue, newest first, with its subject in `locale` (English when it has none in that language). */
export async function listIssues(db: DB, options: { limit?: number; locale?: Locale } = {}): Promise<IssueListRow[]> {
  return db
    .selectFrom("newsletter_issues as i")
    .innerJoin("newsletter_issue_texts as t", (join) => join.onRef("t.issue_id", "=", "i.id").on("t.language", "=", "en"))
    .leftJoin("newsletter_issue_texts as own", (join) => join.onRef("own.issue_id", "=", "i.id").on("own.language", "=", options.locale ?? "en"))
    .select((eb) => [
      "i.id",
      eb.fn.coalesce("own.subject", "t.subject").as("subject"),
      "i.status",
      "i.created_at as createdAt",
      "i.scheduled_at as scheduledAt",
      "i.finished_at as finishedAt",
    ])
    .orderBy("i.created_at", "desc")
    .orderBy("i.id", "desc")
    .limit(options.limit ?? 200)
    .execute();
}

export interface IssueHeader {
  id: string;
  status: NewsletterIssueStatus;
  subject: string;
  createdAt: Date;
  scheduledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

/** The issue's subject (in `locale`, else English) and status for the layout of its pages; undefined when there is none. */
export async function findIssueHeader(db: DB, issueId: string, locale: Locale = "en"): Promise<IssueHeader | undefined> {
  return db
    .selectFrom("newsletter_issues as i")
    .innerJoin("newsletter_issue_texts as t", (join) => join.onRef("t.issue_id", "=", "i.id").on("t.language", "=", "en"))
    .leftJoin("newsletter_issue_texts as own", (join) => join.onRef("own.issue_id", "=", "i.id").on("own.language", "=", locale))
    .select((eb) => [
      "i.id",
      "i.status",
      eb.fn.coalesce("own.subject", "t.subject").as("subject"),
      "i.created_at as createdAt",
      "i.scheduled_at as scheduledAt",
      "i.started_at as startedAt",
      "i.finished_at as finishedAt",
      "i.updated_at as updatedAt",
    ])
    .where("i.id", "=", issueId)
    .executeTakeFirst();
}

/**
 * Locks the issue's row for the rest of the transaction and refuses unless it may still change:
 * `notFound` when there is no such issue, `refused` (newsletter.notEditable, with its status) when it
 * is sending, sent, paused, cancelled or stopped. The sending engine takes the same lock when it
 * snapshots, so an edit and a start never interleave.
 */
export async function assertIssueEditable(trx: Transaction<Database> | DB, issueId: string): Promise<NewsletterIssueStatus> {
  const row = await trx.selectFrom("newsletter_issues").select("status").where("id", "=", issueId).forUpdate().executeTakeFirst();
  if (!row) throw new DomainFailure("notFound", [{ code: "newsletter.issueNotFound" }]);
  if (!isEditableStatus(row.status)) throw new DomainFailure("refused", [{ code: "newsletter.notEditable", values: { status: row.status } }]);
  return row.status;
}

async function editIssue<T>(db: DB, issueId: string, change: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await assertIssueEditable(trx, issueId);
    const result = await change(trx);
    await trx.updateTable("newsletter_issues").set({ updated_at: new Date() }).where("id", "=", issueId).execute();
    return result;
  });
}

/** A new draft with its English subject; the rest is written on the Compose tab. */
export async function createIssue(db: DB, input: { subject: string }, actor: { userId: string }): Promise<{ issueId: string }> {
  return db.transaction().execute(async (trx) => {
    const issue = await trx.insertInto("newsletter_issues").values({ created_by: actor.userId }).returning("id").executeTakeFirstOrThrow();
    await trx.insertInto("newsletter_issue_texts").values({ issue_id: issue.id, language: "en", subject: input.subject }).execute();
    return { issueId: issue.id };
  });
}

export interface IssueTexts {
  en: { subject: string; preheader: string; introMarkdown: string };
  fr: { subject: string; preheader: string; introMarkdown: string } | null;
}

export async function findIssueTexts(db: DB, issueId: string): Promise<IssueTexts | undefined> {
  const rows = await db
    .selectFrom("newsletter_issue_texts")
    .select(["language", "subject", "preheader", "intro_markdown as introMarkdown"])
    .where("issue_id", "=", issueId)
    .execute();
  const pick = (language: "en" | "fr") => {
    const row = rows.find((r) => r.language === language);
    return row ? { subject: row.subject, preheader: row.preheader, introMarkdown: row.introMarkdown } : null;
  };
  const en = pick("en");
  return en ? { en, fr: pick("fr") } : undefined;
}

/** Writes both languages; no French subject removes the French texts (French readers then get the English ones). */
export async function saveIssueTexts(db: DB, issueId: string, input: Omit<IssueTextsInput, "intent">): Promise<void> {
  await editIssue(db, issueId, async (trx) => {
    const upsert = (language: "en" | "fr", subject: string, preheader: string, intro: string) =>
      trx
        .insertInto("newsletter_issue_texts")
        .values({ issue_id: issueId, language, subject, preheader, intro_markdown: intro })
        .onConflict((oc) => oc.columns(["issue_id", "language"]).doUpdateSet({ subject, preheader, intro_markdown: intro }))
        .execute();
    await upsert("en", input.subjectEn, input.preheaderEn, input.introEn);
    if (input.subjectFr) await upsert("fr", input.subjectFr, input.preheaderFr, input.introFr);
    else await trx.deleteFrom("newsletter_issue_texts").where("issue_id", "=", issueId).where("language", "=", "fr").execute();
  });
}

async function sectionIds(trx: Transaction<Database>, issueId: string): Promise<string[]> {
  const rows = await trx.selectFrom("newsletter_sections").select("id").where("issue_id", "=", issueId).orderBy("position").orderBy("id").execute();
  return rows.map((row) => row.id);
}

async function writeSectionOrder(trx: Transaction<Database>, ids: readonly string[]) {
  for (const [position, id] of ids.entries()) {
    await trx.updateTable("newsletter_sections").set({ position }).where("id", "=", id).execute();
  }
}

async function itemIds(trx: Transaction<Database>, sectionId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom("newsletter_section_items")
    .select("feed_item_id")
    .where("section_id", "=", sectionId)
    .orderBy("position")
    .orderBy("feed_item_id")
    .execute();
  return rows.map((row) => row.feed_item_id);
}

async function writeItemOrder(trx: Transaction<Database>, sectionId: string, ids: readonly string[]) {
  for (const [position, feedItemId] of ids.entries()) {
    await trx.updateTable("newsletter_section_items").set({ position }).where("section_id", "=", sectionId).where("feed_item_id", "=", feedItemId).execute();
  }
}

function requireSection(ids: readonly string[], sectionId: string) {
  if (!ids.includes(sectionId)) throw new DomainFailure("notFound", [{ code: "newsletter.sectionNotFound", field: "sectionId" }]);
}

export async function addSection(db: DB, issueId: string, input: { titleEn: string; titleFr?: string | undefined }): Promise<{ sectionId: string }> {
  return editIssue(db, issueId, async (trx) => {
    const ids = await sectionIds(trx, issueId);
    const row = await trx
      .insertInto("newsletter_sections")
      .values({ issue_id: issueId, position: ids.length, title_en: input.titleEn, title_fr: input.titleFr ?? null })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { sectionId: row.id };
  });
}

export async function editSection(db: DB, issueId: string, sectionId: string, input: { titleEn: string; titleFr?: string | undefined }): Promise<void> {
  await editIssue(db, issueId, async (trx) => {
    requireSection(await sectionIds(trx, issueId), sectionId);
    await trx.updateTable("newsletter_sections").set({ title_en: input.titleEn, title_fr: input.titleFr ?? null }).where("id", "=", sectionId).execute();
  });
}

export async function removeSection(db: DB, issueId: string, sectionId: string): Promise<void> {
  await editIssue(db, issueId, async (trx) => {
    const ids = await sectionIds(trx, issueId);
    requireSection(ids, sectionId);
    await trx.deleteFrom("newsletter_sections").where("id", "=", sectionId).execute();
    await writeSectionOrder(trx, ids.filter((id) => id !== sectionId));
  });
}

export async function moveSection(db: DB, issueId: string, sectionId: string, direction: "up" | "down"): Promise<void> {
  await editIssue(db, issueId, async (trx) => {
    const ids = await sectionIds(trx, issueId);
    requireSection(ids, sectionId);
    const next = reorder(ids, sectionId, direction);
    if (next) await writeSectionOrder(trx, next);
  });
}

/** An approved item, still live, into a section (at its end). Refuses one that is gone or already in the issue. */
export async function addItem(db: DB, issueId: string, sectionId: string, feedItemId: string, now: Date = new Date()): Promise<void> {
  await editIssue(db, issueId, async (trx) => {
    requireSection(await sectionIds(trx, issueId), sectionId);
    const item = await trx
      .selectFrom("feed_items")
      .select("id")
      .where("id", "=", feedItemId)
      .where("status", "=", "approved")
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
      .executeTakeFirst();
    if (!item) throw new DomainFailure("invalid", [{ code: "newsletter.itemUnavailable", field: "feedItemId" }]);
    const already = await trx
      .selectFrom("newsletter_section_items as si")
      .innerJoin("newsletter_sections as s", "s.id", "si.section_id")
      .select("si.feed_item_id")
      .where("s.issue_id", "=", issueId)
      .where("si.feed_item_id", "=", feedItemId)
      .executeTakeFirst();
    if (already) throw new DomainFailure("conflict", [{ code: "newsletter.itemAlreadyInIssue", field: "feedItemId" }]);
    const ids = await itemIds(trx, sectionId);
    await trx.insertInto("newsletter_section_items").values({ section_id: sectionId, feed_item_id: feedItemId, position: ids.length }).execute();
  });
}

export async function removeItem(db: DB, issueId: string, sectionId: string, feedItemId: string): Promise<void> {
  await editIssue(db, issueId, async (trx) => {
    requireSection(await sectionIds(trx, issueId), sectionId);
    const ids = await itemIds(trx, sectionId);
    if (!ids.includes(feedItemId)) throw new DomainFailure("notFound", [{ code: "newsletter.itemNotInIssue", field: "feedItemId" }]);
    await trx.deleteFrom("newsletter_section_items").where("section_id", "=", sectionId).where("feed_item_id", "=", feedItemId).execute();
    await writeItemOrder(trx, sectionId, ids.filter((id) => id !== feedItemId));
  });
}

/**
 * One place up or down. The first item of a section moved up goes to the end of the section above;
 * the last moved down to the start of the section below: so an item can travel the whole issue with
 * the two buttons. At either end of the issue nothing changes.
 */
export async function moveItem(db: DB, issueId: string, sectionId: string, feedItemId: string, direction: "up" | "down"): Promise<void> {
  await editIssue(db, issueId, async (trx) => {
    const sections = await sectionIds(trx, issueId);
    requireSection(sections, sectionId);
    const ids = await itemIds(trx, sectionId);
    if (!ids.includes(feedItemId)) throw new DomainFailure("notFound", [{ code: "newsletter.itemNotInIssue", field: "feedItemId" }]);
    const next = reorder(ids, feedItemId, direction);
    if (next) {
      await writeItemOrder(trx, sectionId, next);
      return;
    }
    const neighbour = sections[sections.indexOf(sectionId) + (direction === "up" ? -1 : 1)];
    if (!neighbour) return;
    const target = await itemIds(trx, neighbour);
    await trx.deleteFrom("newsletter_section_items").where("section_id", "=", sectionId).where("feed_item_id", "=", feedItemId).execute();
    await writeItemOrder(trx, sectionId, ids.filter((id) => id !== feedItemId));
    const reordered = direction === "up" ? [...target, feedItemId] : [feedItemId, ...target];
    await trx.insertInto("newsletter_section_items").values({ section_id: neighbour, feed_item_id: feedItemId, position: 0 }).execute();
    await writeItemOrder(trx, neighbour, reordered);
  });
}

/** A copy of any issue (sent ones included) as a new draft: texts, sections and items, no schedule, no audience. */
export async function duplicateIssue(db: DB, issueId: string, actor: { userId: string }): Promise<{ issueId: string }> {
  return db.transaction().execute(async (trx) => {
    const source = await trx.selectFrom("newsletter_issues").select(["id", "audience"]).where("id", "=", issueId).executeTakeFirst();
    if (!source) throw new DomainFailure("notFound", [{ code: "newsletter.issueNotFound" }]);
    const copy = await trx
      .insertInto("newsletter_issues")
      .values({ created_by: actor.userId, audience: JSON.stringify(source.audience ?? {}) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`
      insert into newsletter_issue_texts (issue_id, language, subject, preheader, intro_markdown)
      select ${copy.id}::uuid, language, subject, preheader, intro_markdown from newsletter_issue_texts where issue_id = ${issueId}::uuid
    `.execute(trx);
    const sections = await trx.selectFrom("newsletter_sections").selectAll().where("issue_id", "=", issueId).orderBy("position").execute();
    for (const section of sections) {
      const created = await trx
        .insertInto("newsletter_sections")
        .values({ issue_id: copy.id, position: section.position, title_en: section.title_en, title_fr: section.title_fr })
        .returning("id")
        .executeTakeFirstOrThrow();
      await sql`
        insert into newsletter_section_items (section_id, feed_item_id, position)
        select ${created.id}::uuid, feed_item_id, position from newsletter_section_items where section_id = ${section.id}::uuid
      `.execute(trx);
    }
    return { issueId: copy.id };
  });
}

export interface CandidateItem {
  id: string;
  title: string;
  sourceName: string | null;
  kind: "company" | "external";
  datedAt: Date;
}

/** Approved, live items not yet in the issue, newest first; `q` matches the title (case-insensitive). */
export async function listCandidateItems(db: DB, issueId: string, options: { q?: string | undefined; now?: Date; limit?: number } = {}): Promise<CandidateItem[]> {
  const now = options.now ?? new Date();
  let query = db
    .selectFrom("feed_items as i")
    .leftJoin("feed_sources as s", "s.id", "i.source_id")
    .select(["i.id", "i.title", "i.kind", "s.name as sourceName", sql<Date>`coalesce(i.published_at, i.fetched_at)`.as("datedAt")])
    .where("i.status", "=", "approved")
    .where((eb) => eb.or([eb("i.expires_at", "is", null), eb("i.expires_at", ">", now)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("newsletter_section_items as si")
            .innerJoin("newsletter_sections as ns", "ns.id", "si.section_id")
            .select("si.feed_item_id")
            .whereRef("si.feed_item_id", "=", "i.id")
            .where("ns.issue_id", "=", issueId),
        ),
      ),
    );
  if (options.q) {
    const pattern = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where("i.title", "ilike", pattern);
  }
  return query
    .orderBy(sql`coalesce(i.published_at, i.fetched_at)`, "desc")
    .orderBy("i.id")
    .limit(options.limit ?? CANDIDATE_LIMIT)
    .execute();
}
