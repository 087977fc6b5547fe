import { z } from "zod";
import { EmailAction, EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { previewChrome, type EmailChrome } from "./components/translate";

/**
 * Sent once to an alumnus whose advocacy score makes them a promoter and who chose invitations to
 * share news (the `share_feed` consent): an invitation to be an ambassador through the share feed
 * (docs/decisions/029). Never sent to a detractor; never sent twice.
 */
export const ambassadorInvitationPropsSchema = z.object({
  /** The share feed (the alumni home): a session is needed anyway, so nothing secret. */
  feedUrl: z.url({ protocol: /^https?$/, message: "feedUrl must be an absolute http(s) address" }),
  /** Where the alumnus turns invitations to share off. */
  preferencesUrl: z.url({ protocol: /^https?$/, message: "preferencesUrl must be an absolute http(s) address" }),
  name: z.string().trim().min(1).max(200).optional(),
});

export type AmbassadorInvitationProps = z.infer<typeof ambassadorInvitationPropsSchema>;

export default function AmbassadorInvitationEmail({ chrome, feedUrl, preferencesUrl, name }: AmbassadorInvitationProps & { chrome: EmailChrome }) {
  const { t } = chrome;
  return (
    <EmailLayout chrome={chrome} preview={t("ambassadorInvitation.preview")} reason={t("ambassadorInvitation.why")}>
      <EmailHeading>{t("ambassadorInvitation.heading")}</EmailHeading>
      <EmailParagraph>{name ? t("layout.greeting", { name }) : t("layout.greetingNoName")}</EmailParagraph>
      <EmailParagraph>{t("ambassadorInvitation.intro")}</EmailParagraph>
      <EmailParagraph>{t("ambassadorInvitation.how")}</EmailParagraph>
      <EmailAction chrome={chrome} href={feedUrl} label={t("ambassadorInvitation.button")} />
      <EmailParagraph muted>{t("ambassadorInvitation.once")}</EmailParagraph>
      <EmailParagraph muted>{t("ambassadorInvitation.preferences", { url: preferencesUrl })}</EmailParagraph>
    </EmailLayout>
  );
}

AmbassadorInvitationEmail.PreviewProps = {
  chrome: previewChrome("en"),
  feedUrl: "http://localhost:3000/alumni",
  preferencesUrl: "http://localhost:3000/alumni/preferences",
  name: "Sam Leclerc",
} satisfies AmbassadorInvitationProps & { chrome: EmailChrome };
