import { sql } from "kysely";
import { findAlumniProfile } from "~/modules/alumni/membership.server";
import { itemImagePath } from "~/modules/feeds/item-image-path";
import { trackedLinkUrl } from "~/modules/links/tracked-links.server";
import type { DB } from "~/utils/db.server";
import type { Role } from "../../../db/schema";
import { introHtml, loadIssueContent, textsFor, type NewsletterLocale } from "./content.server";
import { newsletterLinkCode } from "./signed-links.server";

/**
 * The newsletter's archive (issue 12): every sent issue as a page of the portal, for alumni with an
 * active profile and for HR.
 *
 * Links (docs/decisions/024, "The archive"): a reader who received the issue gets the very tracked
 * links of their email — the send wrote those rows when it claimed their batch, so the page only
 * derives the codes and writes nothing. Any other reader (an alumnus who joined later, HR) gets
 * the items' own addresses: creating tracked links for them would be a write on GET, and their
 * clicks are not the issue's audience's.
 */

/** Who may read the archive: HR, and alumni whose profile is active (not pending, not left). */
export async function mayReadArchive(db: DB, user: { id: string; role: Role }): Promise<boolean> {
  if (user.role === "hr_admin") return true;
  if (user.role !== "alumnus") return false;
  const profile = await findAlumniProfile(db, user.id);
  return profile?.status === "active";
}

export interface ArchiveEntry {
  id: string;
  subject: string;
  preheader: string;
  sentAt: Date | null;
}

/** The sent issues, newest first, with their texts in the reader's language (English when there is no French). */
export async function listSentIssues(db: DB, locale: NewsletterLocale, options: { limit?: number } = {}): Promise<ArchiveEntry[]> {
  const rows = await db
    .selectFrom("newsletter_issues as i")
    .innerJoin("newsletter_issue_texts as en", (join) => join.onRef("en.issue_id", "=", "i.id").on("en.language", "=", "en"))
    .leftJoin("newsletter_issue_texts as fr", (join) => join.onRef("fr.issue_id", "=", "i.id").on("fr.language", "=", "fr"))
    .select(["i.id", "i.finished_at", "en.subject as enSubject", "en.preheader as enPreheader", "fr.subject as frSubject", "fr.preheader as frPreheader"])
    .where("i.status", "=", "sent")
    .orderBy(sql`coalesce(i.finished_at, i.created_at)`, "desc")
    .orderBy("i.id", "desc")
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((row) => {
    const french = locale === "fr" && row.frSubject !== null;
    return {
      id: row.id,
      subject: french ? row.frSubject! : row.enSubject,
      preheader: french ? (row.frPreheader ?? "") : row.enPreheader,
      sentAt: row.finished_at,
    };
  });
}

export interface ArchiveIssue {
  id: string;
  subject: string;
  introHtml: string;
  sentAt: Date | null;
  /** Whether the links are the reader's tracked links (they received it). */
  tracked: boolean;
  sections: Array<{
    title: string;
    items: Array<{ id: string; title: string; href: string; imagePath: string | null; source: string; day: string; summary: string }>;
  }>;
}

/** One sent issue as a reader sees it; undefined when there is no such sent issue. */
export async function loadArchiveIssue(db: DB, issueId: string, reader: { userId: string; locale: NewsletterLocale }): Promise<ArchiveIssue | undefined> {
  const content = await loadIssueContent(db, issueId);
  if (!content || content.status !== "sent") return undefined;
  const [issue, received] = await Promise.all([
    db.selectFrom("newsletter_issues").select("finished_at").where("id", "=", issueId).executeTakeFirstOrThrow(),
    db
      .selectFrom("newsletter_recipients")
      .select("recipient_no")
      .where("issue_id", "=", issueId)
      .where("user_id", "=", reader.userId)
      .where("status", "=", "submitted")
      .executeTakeFirst(),
  ]);
  const tracked = received !== undefined;
  const texts = textsFor(content, reader.locale);
  return {
    id: content.id,
    subject: texts.subject,
    introHtml: introHtml(texts.introMarkdown),
    sentAt: issue.finished_at,
    tracked,
    sections: content.sections
      .filter((section) => section.items.length > 0)
      .map((section) => ({
        title: (reader.locale === "fr" ? section.titleFr : null) ?? section.titleEn,
        items: section.items.map((item) => ({
          id: item.feedItemId,
          title: item.title,
          href: tracked ? trackedLinkUrl({ code: newsletterLinkCode({ issueId, feedItemId: item.feedItemId, userId: reader.userId }) }) : item.targetUrl,
          imagePath: item.hasImage ? itemImagePath(item.feedItemId) : null,
          source: item.source,
          day: item.day,
          summary: item.summary,
        })),
      })),
  };
}
