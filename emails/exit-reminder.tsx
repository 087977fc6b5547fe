import { z } from "zod";
import { formatDate } from "../app/utils/format";
import { EmailAction, EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { previewChrome, type EmailChrome } from "./components/translate";

/** A short, kind reminder of an unfinished exit survey; sent at most twice. */
export const exitReminderPropsSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "url must be an absolute http(s) address" }),
  name: z.string().trim().min(1).max(200).optional(),
  minutes: z.number().int().min(1).max(60),
  /** The last day the link works (YYYY-MM-DD, the company's calendar). */
  validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "validUntil must be YYYY-MM-DD" }),
  /** The leaver has already answered some pages. */
  started: z.boolean().default(false),
  /** No other reminder will follow. */
  last: z.boolean().default(false),
});

export type ExitReminderProps = z.input<typeof exitReminderPropsSchema>;

export default function ExitReminderEmail({
  chrome,
  url,
  name,
  minutes,
  validUntil,
  started = false,
  last = false,
}: ExitReminderProps & { chrome: EmailChrome }) {
  const { t, locale } = chrome;
  const date = formatDate(validUntil, locale);
  return (
    <EmailLayout chrome={chrome} preview={t("exitReminder.preview", { date })} reason={t("exitReminder.why")}>
      <EmailHeading>{t("exitReminder.heading")}</EmailHeading>
      <EmailParagraph>{name ? t("layout.greeting", { name }) : t("layout.greetingNoName")}</EmailParagraph>
      <EmailParagraph>{started ? t("exitReminder.introStarted") : t("exitReminder.intro", { count: minutes })}</EmailParagraph>
      <EmailAction chrome={chrome} href={url} label={started ? t("exitReminder.buttonStarted") : t("exitReminder.button")} />
      <EmailParagraph muted>{t("exitReminder.validUntil", { date })}</EmailParagraph>
      <EmailParagraph muted>{last ? t("exitReminder.last") : t("exitReminder.notLast")}</EmailParagraph>
    </EmailLayout>
  );
}

ExitReminderEmail.PreviewProps = {
  chrome: previewChrome("en"),
  url: "http://localhost:3000/exit/link/preview-token",
  name: "Sam Leclerc",
  minutes: 6,
  validUntil: "2027-01-17",
  started: false,
  last: false,
} satisfies ExitReminderProps & { chrome: EmailChrome };
