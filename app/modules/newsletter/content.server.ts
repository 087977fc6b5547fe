import { marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { sql } from "kysely";
import type { NewsletterEmailProps } from "../../../emails/newsletter";
import { itemImagePath } from "~/modules/feeds/item-image-path";
import { publicItemUrl } from "~/modules/feeds/public-item.server";
import { httpUrlOrNull, truncateText } from "~/modules/feeds/sanitize";
import { todayIn } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { getAppUrl, getEnv } from "~/utils/env.server";
import { localized, type LocalizedText } from "~/modules/i18n/localized-text";
import { pulseQuestions } from "~/modules/pulse/pulse-survey";
import { openingsByIds } from "~/modules/openings/openings.server";
import { publicOpeningUrl } from "~/modules/openings/referrals.server";
import { issueOpeningIds } from "./openings-section.server";
import { getSurveyVersion } from "~/modules/surveys/surveys.server";
import type { FeedKind, NewsletterIssueStatus } from "../../../db/schema";
import { findIssueTexts, type IssueTexts } from "./issues.server";

/**
 * What an issue says, read once: its texts, its sections and their items. Shared by the email
 * (messages.server.ts), the preview and the archive page, so all three show the same thing.
 *
 * The items shown are those still approved: an item HR rejected or deleted after adding it drops
 * out. Expiry is ignored on purpose: it ends an item's life on the share feed, but an issue once
 * composed (and sent) keeps its contents, and a batch rebuilt tomorrow must be the same bytes.
 */

export type NewsletterLocale = "en" | "fr";

export interface ContentItem {
  feedItemId: string;
  title: string;
  /** Where the tracked link leads: the article, or the item's public page for a post without one. */
  targetUrl: string;
  hasImage: boolean;
  source: string;
  /** YYYY-MM-DD in the company's time zone. */
  day: string;
  summary: string;
  kind: FeedKind;
}

export interface ContentSection {
  id: string;
  titleEn: string;
  titleFr: string | null;
  items: ContentItem[];
}

export interface IssueContent {
  id: string;
  status: NewsletterIssueStatus;
  texts: IssueTexts;
  sections: ContentSection[];
  /** The alumni pulse the issue carries as a block, with its question; each reader gets their own answer links. */
  pulse: { id: string; question: LocalizedText } | null;
  /** The "Open roles" section's openings, in order (whatever their status now: an issue keeps its contents); only consenting recipients get it. */
  openings: ContentOpening[];
}

export interface ContentOpening {
  id: string;
  title: LocalizedText;
  department: string | null;
  location: string;
}

/** The summary an email shows under an item's title. */
const SUMMARY_LENGTH = 300;

export async function loadIssueContent(db: DB, issueId: string): Promise<IssueContent | undefined> {
  const issue = await db.selectFrom("newsletter_issues").select(["id", "status", "pulse_id"]).where("id", "=", issueId).executeTakeFirst();
  if (!issue) return undefined;
  const texts = await findIssueTexts(db, issueId);
  if (!texts) return undefined;
  const sections = await db
    .selectFrom("newsletter_sections")
    .select(["id", "title_en", "title_fr"])
    .where("issue_id", "=", issueId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const rows = sections.length
    ? await db
        .selectFrom("newsletter_section_items as si")
        .innerJoin("feed_items as i", "i.id", "si.feed_item_id")
        .leftJoin("feed_sources as s", "s.id", "i.source_id")
        .select([
          "si.section_id",
          "i.id",
          "i.title",
          "i.url",
          "i.kind",
          "i.summary_text",
          sql<boolean>`i.image_url is not null`.as("has_image"),
          "s.name as source_name",
          sql<Date>`coalesce(i.published_at, i.fetched_at)`.as("dated_at"),
        ])
        .where(
          "si.section_id",
          "in",
          sections.map((s) => s.id),
        )
        .where("i.status", "=", "approved")
        .orderBy("si.position")
        .orderBy("si.feed_item_id")
        .execute()
    : [];
  const env = getEnv();
  return {
    id: issue.id,
    status: issue.status,
    texts,
    pulse: issue.pulse_id ? await pulseBlock(db, issue.pulse_id) : null,
    openings: (await openingsByIds(db, await issueOpeningIds(db, issueId))).map((opening) => ({ id: opening.id, title: opening.title, department: opening.department, location: opening.location })),
    sections: sections.map((section) => ({
      id: section.id,
      titleEn: section.title_en,
      titleFr: section.title_fr,
      items: rows
        .filter((row) => row.section_id === section.id)
        .map((row) => ({
          feedItemId: row.id,
          title: row.title,
          targetUrl: httpUrlOrNull(row.url) ?? publicItemUrl(row.id),
          hasImage: row.has_image,
          source: row.kind === "company" || !row.source_name ? env.COMPANY_NAME : row.source_name,
          day: todayIn(env.COMPANY_TIME_ZONE, new Date(row.dated_at)),
          summary: truncateText(row.summary_text.replace(/\s+/g, " ").trim(), SUMMARY_LENGTH),
          kind: row.kind,
        })),
    })),
  };
}

/**
 * The pulse block's question, whatever the pulse's state now: it was open when HR chose it, and a
 * batch rebuilt after it closed must be the same bytes (the answer page then says it is closed).
 */
async function pulseBlock(db: DB, pulseId: string): Promise<IssueContent["pulse"]> {
  const pulse = await db.selectFrom("pulses").select(["id", "survey_version_id"]).where("id", "=", pulseId).executeTakeFirst();
  const version = pulse ? await getSurveyVersion(db, pulse.survey_version_id) : undefined;
  const questions = version ? pulseQuestions(version.definition) : null;
  return pulse && questions ? { id: pulse.id, question: questions.enps.prompt } : null;
}

/** Every item of the issue, in reading order. */
export function contentItems(content: IssueContent): ContentItem[] {
  return content.sections.flatMap((section) => section.items);
}

/** The texts a reader of this language gets: French when the issue has them, else English. */
export function textsFor(content: Pick<IssueContent, "texts">, locale: NewsletterLocale) {
  return (locale === "fr" ? content.texts.fr : null) ?? content.texts.en;
}

/**
 * The intro's Markdown as HTML, with a strict allow-list: text structure and links only (http,
 * https, mailto), no image, no raw HTML that Markdown let through (script and style go with their
 * content), no attribute but a link's href. Links in the intro are kept as written, not tracked:
 * they are HR's own words, and rewriting them would change what HR previewed.
 */
export function introHtml(markdown: string): string {
  if (!markdown.trim()) return "";
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return sanitizeHtml(html, {
    allowedTags: ["p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre", "hr"],
    allowedAttributes: { a: ["href"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "svg", "math", "template"],
    transformTags: { h1: "h2" },
  }).trim();
}

export interface PerRecipientLinks {
  itemHref: (feedItemId: string) => string;
  unsubscribeUrl: string;
  /** The reader's signed preferences page (docs/decisions/032); the preference centre where there is no reader. */
  preferencesUrl?: string;
  /** The reader's pulse answer page; the preference centre where there is no reader (preview, test). */
  pulseAnswerUrl?: string;
  /** The reader's tracked link to an opening's page; the page itself where there is no reader (preview, test). */
  openingHref?: (openingId: string) => string;
  /** The reader's referral link to pass on; none where there is no reader. */
  referralHref?: (openingId: string) => string;
}

export function preferencesUrl(): string {
  return `${getAppUrl()}/alumni/preferences`;
}

export function archiveUrl(issueId: string): string {
  return `${getAppUrl()}/alumni/newsletter/${issueId}`;
}

/** The template's props for one language, with the links the caller chooses (placeholders, or real ones). */
export function emailProps(
  content: IssueContent,
  locale: NewsletterLocale,
  links: PerRecipientLinks,
  companyAddress: string,
  /** The optional parts this copy carries (each for readers who consented to it); HR's preview and the archive show both. */
  parts: { openings: boolean; pulse: boolean } = { openings: true, pulse: true },
): NewsletterEmailProps {
  const texts = textsFor(content, locale);
  const appUrl = getAppUrl();
  return {
    subject: texts.subject,
    preheader: texts.preheader,
    introHtml: introHtml(texts.introMarkdown),
    sections: content.sections
      .filter((section) => section.items.length > 0)
      .map((section) => ({
        title: (locale === "fr" ? section.titleFr : null) ?? section.titleEn,
        items: section.items.map((item) => ({
          id: item.feedItemId,
          title: item.title,
          href: links.itemHref(item.feedItemId),
          imageUrl: item.hasImage ? `${appUrl}${itemImagePath(item.feedItemId)}` : null,
          source: item.source,
          date: item.day,
          summary: item.summary,
        })),
      })),
    webUrl: archiveUrl(content.id),
    preferencesUrl: links.preferencesUrl ?? preferencesUrl(),
    unsubscribeUrl: links.unsubscribeUrl,
    companyAddress,
    pulse: parts.pulse && content.pulse ? { question: localized(content.pulse.question, locale), answerUrl: links.pulseAnswerUrl ?? preferencesUrl() } : null,
    openings:
      parts.openings && content.openings.length > 0
        ? content.openings.map((opening) => ({
            id: opening.id,
            title: localized(opening.title, locale),
            details: [opening.department, opening.location].filter(Boolean).join(" · "),
            href: links.openingHref ? links.openingHref(opening.id) : publicOpeningUrl(opening.id),
            referralUrl: links.referralHref ? links.referralHref(opening.id) : null,
          }))
        : null,
  };
}
