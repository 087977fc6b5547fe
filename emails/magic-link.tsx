import { z } from "zod";
import { EmailAction, EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { previewChrome, type EmailChrome } from "./components/translate";

/** Sent to leavers and alumni (who never have a password) when they ask to sign in. */
export const magicLinkPropsSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "url must be an absolute http(s) address" }),
  name: z.string().trim().min(1).max(200).optional(),
  expiresInMinutes: z.number().int().positive().max(7 * 24 * 60),
});

export type MagicLinkProps = z.infer<typeof magicLinkPropsSchema>;

export default function MagicLinkEmail({ chrome, url, name, expiresInMinutes }: MagicLinkProps & { chrome: EmailChrome }) {
  const { t } = chrome;
  return (
    <EmailLayout chrome={chrome} preview={t("magicLink.preview")} reason={t("magicLink.why")}>
      <EmailHeading>{t("magicLink.heading")}</EmailHeading>
      <EmailParagraph>{name ? t("layout.greeting", { name }) : t("layout.greetingNoName")}</EmailParagraph>
      <EmailParagraph>{t("magicLink.intro")}</EmailParagraph>
      <EmailAction chrome={chrome} href={url} label={t("magicLink.button")} />
      <EmailParagraph muted>{t("magicLink.expiry", { count: expiresInMinutes })}</EmailParagraph>
    </EmailLayout>
  );
}

MagicLinkEmail.PreviewProps = {
  chrome: previewChrome("en"),
  url: "http://localhost:3000/login/magic/preview-token",
  name: "Ada Lovelace",
  expiresInMinutes: 15,
} satisfies MagicLinkProps & { chrome: EmailChrome };
