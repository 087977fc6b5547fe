import { randomBytes } from "node:crypto";
import { render } from "@react-email/render";
import { createElement } from "react";
import NewsletterEmail, { type NewsletterEmailProps } from "../../../emails/newsletter";
import { bindEmailT, type EmailChrome } from "../../../emails/components/translate";
import { getFixedT } from "~/modules/i18n/i18n.server";
import { trackedLinkUrl } from "~/modules/links/tracked-links.server";
import type { DB } from "~/utils/db.server";
import { getAppUrl, getEnv } from "~/utils/env.server";
import { DomainFailure } from "~/utils/failures";
import { contentItems, emailProps, loadIssueContent, preferencesUrl, textsFor, type IssueContent, type NewsletterLocale } from "./content.server";
import { pulseAnswerUrl } from "~/modules/pulse/pulse-links.server";
import { ensureReferralLinks, publicOpeningUrl, referralLinkCode, referralLinkRow, type ReferralLinkRow } from "~/modules/openings/referrals.server";
import { newsletterLinkCode, newsletterOpeningLinkCode, unsubscribeUrl } from "./signed-links.server";
import { emailPreferencesUrl } from "~/modules/email/preference-links.server";

/**
 * The messages of one issue (docs/decisions/024): the template is rendered once per language with
 * placeholder addresses where each recipient's links go (every item's tracked link, the unsubscribe
 * URL), and each message is that render with the placeholders replaced. So 100,000 messages cost two
 * renders and 100,000 string joins, and the same recipient always gets the same bytes: the links are
 * HMACs of (issue, item, person), and nothing reads the clock.
 */

export interface SnapshotRecipient {
  recipientNo: number;
  userId: string | null;
  email: string;
  locale: "en" | "fr";
  /** Whether they get the "Open roles" section: their `openings` consent when the send started (ADR 034). */
  openings?: boolean;
  /** Whether they get the pulse block: their `pulse` consent when the send started (ADR 028). */
  pulse?: boolean;
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
  /** Writes the tracked_links rows these recipients' messages use (derived codes from newsletterLinkCode; insert … on conflict (code) do nothing). channel "newsletter", subject_ref `newsletter/{issueId}`, campaign derived from the issue, feed_item_id and user_id set. */
  ensureLinks(db: DB, recipients: readonly SnapshotRecipient[]): Promise<void>;
  /** Pure and deterministic: same issue + recipient → same bytes. No timestamps. */
  messageFor(recipient: SnapshotRecipient): NewsletterMessage;
}

/** utm_campaign of an issue's links: one campaign per issue in the company's web analytics. */
export function newsletterCampaign(issueId: string): string {
  return `newsletter-${issueId}`;
}

/** What an issue's newsletter links are filed under (tracked_links.subject_ref). */
export function newsletterSubjectRef(issueId: string): string {
  return `newsletter/${issueId}`;
}

/*
 * Placeholders: absolute addresses on a reserved domain (.invalid), made only of characters that
 * neither the HTML nor the plain-text renderer escape or wrap, so each survives rendering verbatim.
 * Their host carries a random nonce drawn for each preparation, so that no text of the issue (a
 * feed's title is written by strangers) can be mistaken for one. The nonce never reaches a message:
 * the bytes sent stay the same from one preparation to the next.
 */
function placeholders() {
  const origin = `https://r${randomBytes(12).toString("hex")}.recipient-link.invalid`;
  return {
    item: (feedItemId: string) => `${origin}/item/${feedItemId}`,
    unsubscribe: `${origin}/unsubscribe`,
    preferences: `${origin}/preferences`,
    // The pulse block's scale appends `?score=N` to it, which stays in the literal text around the hole.
    pulse: `${origin}/pulse`,
    opening: (openingId: string) => `${origin}/opening/${openingId}`,
    referral: (openingId: string) => `${origin}/referral/${openingId}`,
    pattern: new RegExp(`${origin.replace(/[.]/g, "\\.")}/(unsubscribe|preferences|pulse|(?:item|opening|referral)/[0-9a-f-]{36})`, "g"),
  };
}

/** A rendered body cut at its placeholders: literal text, then what goes in each hole. */
interface CompiledBody {
  literals: string[];
  holes: Array<{ kind: "unsubscribe" } | { kind: "preferences" } | { kind: "pulse" } | { kind: "item"; feedItemId: string } | { kind: "opening" | "referral"; openingId: string }>;
}

function compile(body: string, pattern: RegExp): CompiledBody {
  const literals: string[] = [];
  const holes: CompiledBody["holes"] = [];
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    literals.push(body.slice(last, match.index));
    const what = match[1]!;
    const [kind, id] = what.split("/") as [string, string | undefined];
    if (kind === "unsubscribe" || kind === "preferences" || kind === "pulse") holes.push({ kind });
    else if (kind === "opening" || kind === "referral") holes.push({ kind, openingId: id! });
    else holes.push({ kind: "item", feedItemId: id! });
    last = match.index + match[0].length;
  }
  literals.push(body.slice(last));
  return { literals, holes };
}

const escapeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface RecipientValues {
  unsubscribe: string;
  /** The reader's signed preferences page (docs/decisions/032); the preference centre without a reader. */
  preferences: string;
  pulse: string;
  item: (feedItemId: string) => string;
  /** The reader's tracked link to an opening's page (the "Open roles" section). */
  opening: (openingId: string) => string;
  /** The reader's referral link for an opening. */
  referral: (openingId: string) => string;
}

function fill(body: CompiledBody, values: RecipientValues, escape: (value: string) => string): string {
  let out = body.literals[0]!;
  for (let i = 0; i < body.holes.length; i++) {
    const hole = body.holes[i]!;
    const value =
      hole.kind === "item" ? values.item(hole.feedItemId) : hole.kind === "opening" || hole.kind === "referral" ? values[hole.kind](hole.openingId) : values[hole.kind];
    out += escape(value) + body.literals[i + 1]!;
  }
  return out;
}

export interface RenderedLanguage {
  subject: string;
  html: CompiledBody;
  text: CompiledBody;
}

/** Renders the template in one language with the given props (used by the bulk render and the test send). */
export async function renderNewsletter(props: NewsletterEmailProps, locale: NewsletterLocale): Promise<{ html: string; text: string }> {
  const companyName = getEnv().COMPANY_NAME;
  const t = bindEmailT(await getFixedT(locale, "email"), companyName);
  const chrome: EmailChrome = { t, locale, companyName, appUrl: getAppUrl() };
  const element = createElement(NewsletterEmail, { ...props, chrome });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

/** The postal address of the footer; a newsletter is refused without one (production without COMPANY_ADDRESS). */
export function companyAddress(): string {
  const address = getEnv().COMPANY_ADDRESS;
  if (!address) throw new DomainFailure("refused", [{ code: "newsletter.companyAddressMissing" }]);
  return address;
}

/** The optional parts of an issue a reader's copy carries: each follows its own consent. */
const NEWSLETTER_LOCALES: readonly NewsletterLocale[] = ["en", "fr"];

export interface CopyParts {
  /** The "Open roles" section (the `openings` consent, ADR 034). */
  openings: boolean;
  /** The pulse block's 0–10 scale (the `pulse` consent, as the pulse's own email: ADR 028). */
  pulse: boolean;
}

export interface PreparedIssue {
  content: IssueContent;
  /** The render of one language with the given parts, as far as the issue has them. */
  copy(parts: CopyParts, locale: NewsletterLocale): RenderedLanguage;
}

/**
 * Loads the issue and renders it with placeholders, once per language and per combination of the
 * optional parts the issue has (two renders for a plain issue, at most eight); notFound when there
 * is no such issue.
 */
export async function prepareIssue(db: DB, issueId: string): Promise<PreparedIssue> {
  const content = await loadIssueContent(db, issueId);
  if (!content) throw new DomainFailure("notFound", [{ code: "newsletter.issueNotFound" }]);
  const address = companyAddress();
  const holes = placeholders();
  const links = {
    itemHref: holes.item,
    unsubscribeUrl: holes.unsubscribe,
    preferencesUrl: holes.preferences,
    pulseAnswerUrl: holes.pulse,
    openingHref: holes.opening,
    referralHref: holes.referral,
  };
  // A part the issue lacks is never rendered: its readers share the copy without it.
  const has: CopyParts = { openings: content.openings.length > 0, pulse: content.pulse !== null };
  const effective = (parts: CopyParts): CopyParts => ({ openings: parts.openings && has.openings, pulse: parts.pulse && has.pulse });
  const keyOf = (parts: CopyParts, locale: NewsletterLocale) => `${locale}:${Number(parts.openings)}${Number(parts.pulse)}`;
  const combinations = [false, true]
    .flatMap((openings) => [false, true].map((pulse) => ({ openings, pulse })))
    .filter((parts) => (has.openings || !parts.openings) && (has.pulse || !parts.pulse));
  const renders = new Map<string, RenderedLanguage>();
  await Promise.all(
    combinations.flatMap((parts) =>
      NEWSLETTER_LOCALES.map(async (locale) => {
        const { html, text } = await renderNewsletter(emailProps(content, locale, links, address, parts), locale);
        renders.set(keyOf(parts, locale), { subject: textsFor(content, locale).subject, html: compile(html, holes.pattern), text: compile(text, holes.pattern) });
      }),
    ),
  );
  return { content, copy: (parts, locale) => renders.get(keyOf(effective(parts), locale))! };
}

/**
 * The links of one reader: their tracked link for each item and their unsubscribe URL (the
 * preference centre without a user). Each code is derived once: an item is linked three times in
 * the HTML and once in the text.
 */
export function recipientLinks(issueId: string, userId: string | null, feedItemIds: readonly string[], pulseId: string | null = null): RecipientValues {
  const urls = new Map(feedItemIds.map((feedItemId) => [feedItemId, trackedLinkUrl({ code: newsletterLinkCode({ issueId, feedItemId, userId }) })]));
  return {
    opening: (openingId: string) => trackedLinkUrl({ code: newsletterOpeningLinkCode({ issueId, openingId, userId }) }),
    // Only readers with a user get the section (their consent is theirs); the opening's page otherwise.
    referral: (openingId: string) => (userId ? trackedLinkUrl({ code: referralLinkCode({ openingId, userId }) }) : publicOpeningUrl(openingId)),
    item: (feedItemId: string) => urls.get(feedItemId) ?? trackedLinkUrl({ code: newsletterLinkCode({ issueId, feedItemId, userId }) }),
    unsubscribe: userId ? unsubscribeUrl({ issueId, userId }) : preferencesUrl(),
    preferences: userId ? emailPreferencesUrl(userId) : preferencesUrl(),
    // The reader's own answer page of the pulse block (a signed HMAC, as the unsubscribe link).
    pulse: userId && pulseId ? pulseAnswerUrl({ pulseId, userId }) : preferencesUrl(),
  };
}

/** One language's HTML and text with the given links in place. */
export function fillLanguage(rendered: RenderedLanguage, values: RecipientValues) {
  return { html: fill(rendered.html, values, escapeAttribute), text: fill(rendered.text, values, (value) => value) };
}

/** Loads the issue once and renders once per language; messageFor only personalises. */
export async function prepareIssueMessages(db: DB, issueId: string): Promise<IssueMessages> {
  const prepared = await prepareIssue(db, issueId);
  const { content } = prepared;
  const from = getEnv().EMAIL_FROM;
  const items = contentItems(content);
  const itemIds = items.map((item) => item.feedItemId);
  const campaign = newsletterCampaign(issueId);
  const subjectRef = newsletterSubjectRef(issueId);

  return {
    async ensureLinks(database, recipients) {
      const rows = new Map<string, { code: string; target_url: string; channel: "newsletter"; campaign: string; feed_item_id: string; subject_ref: string; user_id: string | null }>();
      for (const recipient of recipients) {
        for (const item of items) {
          const code = newsletterLinkCode({ issueId, feedItemId: item.feedItemId, userId: recipient.userId });
          rows.set(code, { code, target_url: item.targetUrl, channel: "newsletter", campaign, feed_item_id: item.feedItemId, subject_ref: subjectRef, user_id: recipient.userId });
        }
      }
      const openingRows: Array<{ code: string; target_url: string; channel: "newsletter"; campaign: string; feed_item_id: null; subject_ref: string; user_id: string }> = [];
      const referralRows: ReferralLinkRow[] = [];
      if (content.openings.length > 0) {
        for (const recipient of recipients) {
          if (!recipient.openings || !recipient.userId) continue;
          for (const opening of content.openings) {
            const code = newsletterOpeningLinkCode({ issueId, openingId: opening.id, userId: recipient.userId });
            openingRows.push({ code, target_url: publicOpeningUrl(opening.id), channel: "newsletter", campaign, feed_item_id: null, subject_ref: subjectRef, user_id: recipient.userId });
            referralRows.push(referralLinkRow(opening.id, recipient.userId));
          }
        }
      }
      const all = [...rows.values(), ...openingRows];
      // 7 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535 parameters.
      for (let start = 0; start < all.length; start += 1000) {
        await database
          .insertInto("tracked_links")
          .values(all.slice(start, start + 1000))
          .onConflict((oc) => oc.column("code").doNothing())
          .execute();
      }
      await ensureReferralLinks(database, referralRows);
    },
    messageFor(recipient) {
      const rendered = prepared.copy({ openings: Boolean(recipient.openings), pulse: Boolean(recipient.pulse) }, recipient.locale);
      const links = recipientLinks(issueId, recipient.userId, itemIds, content.pulse?.id ?? null);
      const { html, text } = fillLanguage(rendered, links);
      return {
        from,
        to: [recipient.email],
        subject: rendered.subject,
        html,
        text,
        headers: { "List-Unsubscribe": `<${links.unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      };
    },
  };
}
