import { z } from "zod";
import { formatDate } from "../app/utils/format";
import { EmailAction, EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { previewChrome, type EmailChrome } from "./components/translate";

/**
 * The leaver's invitation to the exit flow: what it is (a short survey, then an invitation to the
 * alumni network), who will see the answers, how long it takes and until when the link works.
 * Also sent, with `newLink`, when the leaver asks for a new link from an expired one.
 */
export const exitInvitationPropsSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "url must be an absolute http(s) address" }),
  name: z.string().trim().min(1).max(200).optional(),
  confidentiality: z.enum(["confidential", "anonymous"]),
  minutes: z.number().int().min(1).max(60),
  /** The last day the link works (YYYY-MM-DD, the company's calendar). */
  validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "validUntil must be YYYY-MM-DD" }),
  /** A new link asked for from the "this link has expired" page. */
  newLink: z.boolean().default(false),
  /** The leaver has already answered some pages. */
  started: z.boolean().default(false),
});

export type ExitInvitationProps = z.input<typeof exitInvitationPropsSchema>;

export default function ExitInvitationEmail({
  chrome,
  url,
  name,
  confidentiality,
  minutes,
  validUntil,
  newLink = false,
  started = false,
}: ExitInvitationProps & { chrome: EmailChrome }) {
  const { t, locale } = chrome;
  return (
    <EmailLayout chrome={chrome} preview={t("exitInvitation.preview", { count: minutes })} reason={t("exitInvitation.why")}>
      <EmailHeading>{newLink ? t("exitInvitation.headingNewLink") : t("exitInvitation.heading")}</EmailHeading>
      <EmailParagraph>{name ? t("layout.greeting", { name }) : t("layout.greetingNoName")}</EmailParagraph>
      {newLink ? (
        <EmailParagraph>{started ? t("exitInvitation.introNewLinkStarted") : t("exitInvitation.introNewLink")}</EmailParagraph>
      ) : null}
      <EmailParagraph>{t("exitInvitation.intro")}</EmailParagraph>
      <EmailParagraph>{t("exitInvitation.duration", { count: minutes })}</EmailParagraph>
      <EmailParagraph>{t(`exitInvitation.confidentiality.${confidentiality}`)}</EmailParagraph>
      <EmailAction chrome={chrome} href={url} label={started ? t("exitInvitation.buttonStarted") : t("exitInvitation.button")} />
      <EmailParagraph muted>{t("exitInvitation.validUntil", { date: formatDate(validUntil, locale) })}</EmailParagraph>
      <EmailParagraph muted>{newLink ? t("exitInvitation.optionalNewLink") : t("exitInvitation.optional")}</EmailParagraph>
    </EmailLayout>
  );
}

ExitInvitationEmail.PreviewProps = {
  chrome: previewChrome("en"),
  url: "http://localhost:3000/exit/link/preview-token",
  name: "Sam Leclerc",
  confidentiality: "confidential",
  minutes: 6,
  validUntil: "2027-01-17",
  newLink: false,
  started: false,
} satisfies ExitInvitationProps & { chrome: EmailChrome };
