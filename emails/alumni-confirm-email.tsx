import { z } from "zod";
import { EmailAction, EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { previewChrome, type EmailChrome } from "./components/translate";

/**
 * Sent to the personal address a leaver gives when joining the alumni network, or (`change`) to a new
 * address asked for from the preference centre. Until its link is used this is the only message that
 * address receives from the portal.
 */
export const alumniConfirmEmailPropsSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "url must be an absolute http(s) address" }),
  name: z.string().trim().min(1).max(200).optional(),
  expiresInDays: z.number().int().positive().max(30),
  /** A new address for an existing member: the current one keeps receiving mail until this is confirmed. */
  change: z.boolean().optional(),
});

export type AlumniConfirmEmailProps = z.infer<typeof alumniConfirmEmailPropsSchema>;

export default function AlumniConfirmEmail({ chrome, url, name, expiresInDays, change }: AlumniConfirmEmailProps & { chrome: EmailChrome }) {
  const { t } = chrome;
  return (
    <EmailLayout chrome={chrome} preview={t("alumniConfirm.preview")} reason={t(change ? "alumniConfirm.changeWhy" : "alumniConfirm.why")}>
      <EmailHeading>{t("alumniConfirm.heading")}</EmailHeading>
      <EmailParagraph>{name ? t("layout.greeting", { name }) : t("layout.greetingNoName")}</EmailParagraph>
      <EmailParagraph>{t(change ? "alumniConfirm.changeIntro" : "alumniConfirm.intro")}</EmailParagraph>
      <EmailAction chrome={chrome} href={url} label={t("alumniConfirm.button")} />
      <EmailParagraph muted>{t("alumniConfirm.expiry", { count: expiresInDays })}</EmailParagraph>
      <EmailParagraph muted>{t("alumniConfirm.nothingElse")}</EmailParagraph>
    </EmailLayout>
  );
}

AlumniConfirmEmail.PreviewProps = {
  chrome: previewChrome("en"),
  url: "http://localhost:3000/confirm-email/preview-token",
  name: "Sam Leclerc",
  expiresInDays: 7,
} satisfies AlumniConfirmEmailProps & { chrome: EmailChrome };
