import { z } from "zod";
import { EmailAction, EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { previewChrome, type EmailChrome } from "./components/translate";

/**
 * "Your data is ready": the signed download link of a "Download my data" archive
 * (app/modules/privacy/export-prepare.server.ts). The link is a secret (the stored copy drops it) and
 * also needs the person's session; the "Your data" page shows it again.
 */
export const dataExportReadyPropsSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "url must be an absolute http(s) address" }),
  pageUrl: z.url({ protocol: /^https?$/, message: "pageUrl must be an absolute http(s) address" }),
  name: z.string().trim().min(1).max(200).optional(),
  expiresInDays: z.number().int().positive().max(30),
});

export type DataExportReadyProps = z.infer<typeof dataExportReadyPropsSchema>;

export default function DataExportReadyEmail({ chrome, url, pageUrl, name, expiresInDays }: DataExportReadyProps & { chrome: EmailChrome }) {
  const { t } = chrome;
  return (
    <EmailLayout chrome={chrome} preview={t("dataExport.preview")} reason={t("dataExport.why")}>
      <EmailHeading>{t("dataExport.heading")}</EmailHeading>
      <EmailParagraph>{name ? t("layout.greeting", { name }) : t("layout.greetingNoName")}</EmailParagraph>
      <EmailParagraph>{t("dataExport.intro")}</EmailParagraph>
      <EmailAction chrome={chrome} href={url} label={t("dataExport.button")} />
      <EmailParagraph muted>{t("dataExport.expiry", { count: expiresInDays })}</EmailParagraph>
      <EmailParagraph muted>{t("dataExport.signIn", { url: pageUrl })}</EmailParagraph>
    </EmailLayout>
  );
}

DataExportReadyEmail.PreviewProps = {
  chrome: previewChrome("en"),
  url: "http://localhost:3000/alumni/data/download/preview-token",
  pageUrl: "http://localhost:3000/alumni/data",
  name: "Sam Leclerc",
  expiresInDays: 7,
} satisfies DataExportReadyProps & { chrome: EmailChrome };
