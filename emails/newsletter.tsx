import { Img, Link, Section, Text } from "@react-email/components";
import { z } from "zod";
import { formatDate } from "../app/utils/format";
import { emailColors, EmailHeading, EmailLayout } from "./components/layout";
import { PulseScale, scoreHref } from "./components/pulse-scale";
import { previewChrome, type EmailChrome } from "./components/translate";

/**
 * One issue of the alumni newsletter (issue 12, docs/decisions/024): the intro HR wrote (Markdown,
 * already rendered and sanitised by the caller), then sections of approved feed items, each with its
 * image (through the portal's image proxy), its title linking to the recipient's tracked link, its
 * source and date and a short summary, then a footer with the company's postal address, the
 * preference centre and the unsubscribe link.
 *
 * The bulk send renders this once per language with placeholder addresses for the per-recipient
 * links and substitutes them per recipient (app/modules/newsletter/messages.server.ts): nothing here
 * may depend on the recipient or the clock. One column, at most 560 px wide, so it reads on a phone;
 * dark-mode styles for the clients that honour `prefers-color-scheme`; no text in images.
 */

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an absolute http(s) address" });

export const newsletterItemSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1).max(500),
  /** The recipient's tracked link (or, in the bulk render, its placeholder). */
  href: httpUrl,
  /** The image through the portal's proxy, absolute; none when the item has no image. */
  imageUrl: httpUrl.nullable(),
  /** The feed's name, or the company's for its own posts. */
  source: z.string().min(1).max(200),
  /** The calendar day it was published, YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  summary: z.string().max(1000),
});

export const newsletterEmailPropsSchema = z.object({
  subject: z.string().min(1).max(200),
  preheader: z.string().max(300),
  /** The intro as HTML: Markdown rendered and sanitised with the newsletter's allow-list. */
  introHtml: z.string().max(200_000),
  sections: z.array(z.object({ title: z.string().min(1).max(200), items: z.array(newsletterItemSchema) })),
  /** The issue as a page of the portal (the archive). */
  webUrl: httpUrl,
  preferencesUrl: httpUrl,
  unsubscribeUrl: httpUrl,
  companyAddress: z.string().min(1).max(500),
  /**
   * An open alumni pulse carried as a block (issue 13): its question and the reader's answer page,
   * which the 0–10 scale's links open with `?score=N`. Per recipient, like the unsubscribe link.
   */
  pulse: z.object({ question: z.string().min(1).max(300), answerUrl: httpUrl }).nullable().default(null),
  /**
   * The "Open roles" section (issue 14): only in the copies of readers who consented to openings.
   * Each opening links to its page through the reader's tracked link, and gives the reader's own
   * referral link to pass on (none in HR's preview). Per recipient, like the unsubscribe link.
   */
  openings: z
    .array(z.object({ id: z.string().min(1), title: z.string().min(1).max(200), details: z.string().max(500), href: httpUrl, referralUrl: httpUrl.nullable() }))
    .nullable()
    .default(null),
});

export type NewsletterEmailProps = z.infer<typeof newsletterEmailPropsSchema>;
export type NewsletterEmailItem = z.infer<typeof newsletterItemSchema>;

/*
 * Inline styles are what every client reads; these rules override them (hence !important) in the
 * clients that support <style> and media queries: Apple Mail, iOS, Outlook.com, Gmail's apps for
 * the width rule. Clients that invert colours on their own (Gmail, Outlook) get light colours with
 * enough contrast either way.
 */
const NEWSLETTER_CSS = [
  ":root{color-scheme:light dark;supported-color-schemes:light dark}",
  "@media (prefers-color-scheme: dark){",
  // react-email's Body paints its background on a wrapping cell too.
  ".email-body,.email-body>table>tbody>tr>td{background-color:#10151c !important;color:#e7ebf0 !important}",
  ".email-card{background-color:#1a212b !important;border-color:#323c4a !important}",
  ".email-body p,.email-body li,.email-body h1,.email-body h2,.email-body h3,.email-body blockquote{color:#e7ebf0 !important}",
  ".email-body .nl-muted{color:#aab4c2 !important}",
  ".email-body a{color:#8fc3ff !important}",
  ".nl-item{border-color:#323c4a !important}",
  "}",
  "@media only screen and (max-width: 600px){",
  ".email-card{padding:16px !important}",
  ".nl-image{width:100% !important;height:auto !important}",
  "}",
].join("");

function NewsletterItem({ chrome, item }: { chrome: EmailChrome; item: NewsletterEmailItem }) {
  const { t, locale } = chrome;
  return (
    <Section className="nl-item" style={{ margin: "0 0 20px", paddingBottom: "16px", borderBottom: `1px solid ${emailColors.border}` }}>
      {item.imageUrl ? (
        <Link href={item.href} data-skip-in-text="true">
          <Img
            className="nl-image"
            src={item.imageUrl}
            alt=""
            width="512"
            style={{ width: "100%", maxWidth: "512px", height: "auto", borderRadius: "6px", margin: "0 0 12px", display: "block" }}
          />
        </Link>
      ) : null}
      <Text style={{ fontSize: "18px", lineHeight: "24px", fontWeight: 700, margin: "0 0 4px" }}>
        <Link href={item.href} style={{ color: emailColors.primary, textDecoration: "underline" }}>
          {item.title}
        </Link>
      </Text>
      <Text className="nl-muted" style={{ fontSize: "13px", lineHeight: "18px", color: emailColors.muted, margin: "0 0 8px" }}>
        {`${item.source} · ${formatDate(item.date, locale)}`}
      </Text>
      {item.summary ? <Text style={{ fontSize: "15px", lineHeight: "22px", margin: "0 0 8px" }}>{item.summary}</Text> : null}
      <Link href={item.href} style={{ fontSize: "14px", color: emailColors.primary }}>
        {t("newsletter.read")}
      </Link>
    </Section>
  );
}

export default function NewsletterEmail({ chrome, subject, preheader, introHtml, sections, webUrl, preferencesUrl, unsubscribeUrl, companyAddress, pulse, openings }: NewsletterEmailProps & { chrome: EmailChrome }) {
  const { t } = chrome;
  const footerText = { fontSize: "13px", lineHeight: "20px", color: emailColors.muted, margin: "0 0 8px" };
  return (
    <EmailLayout
      chrome={chrome}
      preview={preheader || subject}
      reason={t("newsletter.why")}
      head={
        <>
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="supported-color-schemes" content="light dark" />
          <style dangerouslySetInnerHTML={{ __html: NEWSLETTER_CSS }} />
        </>
      }
      footer={
        <>
          <Text className="nl-muted" style={footerText}>
            {companyAddress}
          </Text>
          <Text className="nl-muted" style={footerText}>
            <Link href={webUrl} style={{ color: emailColors.muted, textDecoration: "underline" }}>
              {t("newsletter.webVersion")}
            </Link>
            {" · "}
            <Link href={preferencesUrl} style={{ color: emailColors.muted, textDecoration: "underline" }}>
              {t("newsletter.preferences")}
            </Link>
            {" · "}
            <Link href={unsubscribeUrl} style={{ color: emailColors.muted, textDecoration: "underline" }}>
              {t("newsletter.unsubscribe")}
            </Link>
          </Text>
        </>
      }
    >
      <EmailHeading>{subject}</EmailHeading>
      {introHtml ? <div className="nl-intro" style={{ fontSize: "16px", lineHeight: "24px", margin: "0 0 24px" }} dangerouslySetInnerHTML={{ __html: introHtml }} /> : null}
      {pulse ? (
        <Section className="nl-item" style={{ margin: "0 0 20px", paddingBottom: "16px", borderBottom: `1px solid ${emailColors.border}` }}>
          <Text style={{ fontSize: "13px", lineHeight: "18px", fontWeight: 700, letterSpacing: "0.06em", textTransform: "uppercase", color: emailColors.primary, margin: "0 0 12px" }}>
            {t("pulse.blockHeading")}
          </Text>
          <Text style={{ fontSize: "16px", lineHeight: "24px", margin: "0 0 8px" }}>{pulse.question}</Text>
          <PulseScale hrefFor={(score) => scoreHref(pulse.answerUrl, score)} lowLabel={t("pulse.low")} highLabel={t("pulse.high")} />
          <Text className="nl-muted" style={{ fontSize: "13px", lineHeight: "18px", color: emailColors.muted, margin: "0" }}>
            {t("pulse.blockHint")}
          </Text>
        </Section>
      ) : null}
      {sections.map((section, index) => (
        <Section key={index} style={{ margin: "8px 0 8px" }}>
          <Text style={{ fontSize: "13px", lineHeight: "18px", fontWeight: 700, letterSpacing: "0.06em", textTransform: "uppercase", color: emailColors.primary, margin: "0 0 12px" }}>
            {section.title}
          </Text>
          {section.items.map((item) => (
            <NewsletterItem key={item.id} chrome={chrome} item={item} />
          ))}
        </Section>
      ))}
      {openings && openings.length > 0 ? (
        <Section style={{ margin: "8px 0 8px" }}>
          <Text style={{ fontSize: "13px", lineHeight: "18px", fontWeight: 700, letterSpacing: "0.06em", textTransform: "uppercase", color: emailColors.primary, margin: "0 0 12px" }}>
            {t("newsletter.openingsHeading")}
          </Text>
          {openings.map((opening) => (
            <Section key={opening.id} className="nl-item" style={{ margin: "0 0 16px", paddingBottom: "12px", borderBottom: `1px solid ${emailColors.border}` }}>
              <Text style={{ fontSize: "17px", lineHeight: "24px", fontWeight: 700, margin: "0 0 4px" }}>
                <Link href={opening.href} style={{ color: emailColors.text }}>
                  {opening.title}
                </Link>
              </Text>
              {opening.details ? (
                <Text className="nl-muted" style={{ fontSize: "13px", lineHeight: "18px", color: emailColors.muted, margin: "0 0 8px" }}>
                  {opening.details}
                </Text>
              ) : null}
              {opening.referralUrl ? (
                <Text style={{ fontSize: "14px", lineHeight: "20px", margin: "0" }}>
                  {t("newsletter.openingsReferral")}{" "}
                  <Link href={opening.referralUrl} style={{ color: emailColors.primary }}>
                    {opening.referralUrl}
                  </Link>
                </Text>
              ) : null}
            </Section>
          ))}
        </Section>
      ) : null}
    </EmailLayout>
  );
}

NewsletterEmail.PreviewProps = {
  chrome: previewChrome("en"),
  subject: "News from Acme — December",
  preheader: "Two stories from the people who build Acme, and one from outside.",
  introHtml: "<p>Hello from the alumni team! Here is what happened this month.</p>",
  sections: [
    {
      title: "Company news",
      items: [
        {
          id: "1",
          title: "Acme opens an office in Lyon",
          href: "http://localhost:3000/r/previewcode01",
          imageUrl: null,
          source: "Acme Corp",
          date: "2026-12-01",
          summary: "Forty people will work there from March, in engineering and support.",
        },
      ],
    },
  ],
  webUrl: "http://localhost:3000/alumni/newsletter",
  preferencesUrl: "http://localhost:3000/alumni/preferences",
  unsubscribeUrl: "http://localhost:3000/alumni/preferences",
  companyAddress: "Acme Corp · 1 Example Street · 75001 Paris · France",
  pulse: null,
  openings: null,
} satisfies NewsletterEmailProps & { chrome: EmailChrome };
