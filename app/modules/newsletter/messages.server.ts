import { sql } from "kysely";
import { trackedLinkUrl } from "~/modules/links/tracked-links.server";
import type { DB } from "~/utils/db.server";
import { getAppUrl, getEnv } from "~/utils/env.server";
import { newsletterLinkCode, unsubscribeUrl } from "./signed-links.server";

/**
 * PROVISIONAL (issue 12, sending engine): plain HTML and text built from the issue's texts and items,
 * so that the engine can be tested end to end. The compose part replaces this file with the
 * react-email version, keeping this exact signature. What the engine relies on, and the real
 * version must keep: messageFor is pure and deterministic (no timestamp, no random value, nothing
 * read at call time), and every message carries both unsubscribe headers (RFC 8058).
 */

export interface SnapshotRecipient {
  recipientNo: number;
  userId: string | null;
  email: string;
  locale: "en" | "fr";
}

export interface NewsletterMessage {
  from: string;
  to: [string];
  subject: string;
  html: string;
  text: string;
  headers: { "List-Unsubscribe": string; "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

export interface IssueMessages {
  /** Writes the tracked_links rows these recipients' messages use (derived codes; on conflict (code) do nothing). */
  ensureLinks(db: DB, recipients: readonly SnapshotRecipient[]): Promise<void>;
  /** Pure and deterministic: same issue + recipient → same bytes. No timestamps. */
  messageFor(recipient: SnapshotRecipient): NewsletterMessage;
}

interface Item {
  feedItemId: string;
  title: string;
  summary: string;
  url: string | null;
}

interface Section {
  title: { en: string; fr: string };
  items: Item[];
}

/** The parts of a rendered language between the per-recipient values. */
interface Rendered {
  subject: string;
  html: (links: (feedItemId: string) => string, unsubscribe: string) => string;
  text: (links: (feedItemId: string) => string, unsubscribe: string) => string;
}

/** Loads the issue once and renders once per language; messageFor only personalises. */
export async function prepareIssueMessages(db: DB, issueId: string): Promise<IssueMessages> {
  const texts = await db.selectFrom("newsletter_issue_texts").selectAll().where("issue_id", "=", issueId).execute();
  const english = texts.find((t) => t.language === "en");
  if (!english) throw new Error(`Newsletter issue ${issueId} has no English text`);
  const french = texts.find((t) => t.language === "fr") ?? english;
  const rows = await db
    .selectFrom("newsletter_sections as s")
    .leftJoin("newsletter_section_items as si", "si.section_id", "s.id")
    .leftJoin("feed_items as f", "f.id", "si.feed_item_id")
    .select(["s.id as sectionId", "s.position as sectionPosition", "s.title_en", "s.title_fr", "si.position as itemPosition", "f.id as feedItemId", "f.title", "f.summary_text", "f.url", "f.canonical_url"])
    .where("s.issue_id", "=", issueId)
    .orderBy("s.position")
    .orderBy("s.id")
    .orderBy("si.position")
    .orderBy("f.id")
    .execute();
  const sections: Section[] = [];
  const bySection = new Map<string, Section>();
  for (const row of rows) {
    let section = bySection.get(row.sectionId);
    if (!section) {
      section = { title: { en: row.title_en, fr: row.title_fr ?? row.title_en }, items: [] };
      bySection.set(row.sectionId, section);
      sections.push(section);
    }
    if (row.feedItemId) {
      section.items.push({ feedItemId: row.feedItemId, title: row.title ?? "", summary: row.summary_text ?? "", url: row.url ?? row.canonical_url ?? null });
    }
  }
  const linkedItems = sections.flatMap((s) => s.items).filter((item) => item.url !== null);
  const from = getEnv().EMAIL_FROM;
  const rendered: Record<"en" | "fr", Rendered> = {
    en: render("en", english, sections),
    fr: render("fr", french, sections),
  };
  const campaign = `newsletter-${issueId}`;
  const subjectRef = `newsletter/${issueId}`;

  return {
    async ensureLinks(trx, recipients) {
      if (linkedItems.length === 0 || recipients.length === 0) return;
      const codes: string[] = [];
      const targets: string[] = [];
      const items: string[] = [];
      const users: (string | null)[] = [];
      for (const recipient of recipients) {
        for (const item of linkedItems) {
          codes.push(newsletterLinkCode({ issueId, feedItemId: item.feedItemId, userId: recipient.userId }));
          targets.push(item.url!);
          items.push(item.feedItemId);
          users.push(recipient.userId);
        }
      }
      await sql`
        insert into tracked_links (code, target_url, channel, campaign, feed_item_id, user_id, subject_ref)
        select v.code, v.target_url, 'newsletter', ${campaign}, v.feed_item_id, v.user_id, ${subjectRef}
        from unnest(${codes}::text[], ${targets}::text[], ${items}::uuid[], ${users}::uuid[]) as v (code, target_url, feed_item_id, user_id)
        on conflict (code) do nothing
      `.execute(trx);
    },
    messageFor(recipient) {
      const language = rendered[recipient.locale];
      const unsubscribe = recipient.userId ? unsubscribeUrl({ issueId, userId: recipient.userId }) : `${getAppUrl()}/alumni/preferences`;
      const link = (feedItemId: string) => trackedLinkUrl({ code: newsletterLinkCode({ issueId, feedItemId, userId: recipient.userId }) });
      return {
        from,
        to: [recipient.email],
        subject: language.subject,
        html: language.html(link, unsubscribe),
        text: language.text(link, unsubscribe),
        headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      };
    },
  };
}

const WORDS = {
  en: { unsubscribe: "Unsubscribe", why: "You receive this because you subscribed to the alumni newsletter." },
  fr: { unsubscribe: "Se désabonner", why: "Vous recevez ce message car vous êtes abonné à la lettre des anciens." },
} as const;

function render(language: "en" | "fr", text: { subject: string; preheader: string; intro_markdown: string }, sections: Section[]): Rendered {
  const words = WORDS[language];
  const paragraphs = text.intro_markdown.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  const htmlHead = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(text.subject)}</title></head><body>` +
    (text.preheader ? `<div style="display:none">${escapeHtml(text.preheader)}</div>` : "") +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
  const textHead = [...paragraphs, ""].join("\n\n");
  return {
    subject: text.subject,
    html: (link, unsubscribe) =>
      htmlHead +
      sections
        .map(
          (section) =>
            `<h2>${escapeHtml(section.title[language])}</h2>` +
            section.items
              .map((item) => `<h3>${item.url ? `<a href="${escapeHtml(link(item.feedItemId))}">${escapeHtml(item.title)}</a>` : escapeHtml(item.title)}</h3><p>${escapeHtml(item.summary)}</p>`)
              .join(""),
        )
        .join("") +
      `<hr><p>${escapeHtml(words.why)} <a href="${escapeHtml(unsubscribe)}">${escapeHtml(words.unsubscribe)}</a></p></body></html>`,
    text: (link, unsubscribe) =>
      textHead +
      sections
        .map((section) => [`## ${section.title[language]}`, ...section.items.map((item) => `${item.title}${item.url ? `\n${link(item.feedItemId)}` : ""}\n${item.summary}`)].join("\n\n"))
        .join("\n\n") +
      `\n\n--\n${words.why}\n${words.unsubscribe}: ${unsubscribe}\n`,
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
