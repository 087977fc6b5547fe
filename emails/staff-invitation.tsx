import { z } from "zod";
import { EmailAction, EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { previewChrome, type EmailChrome } from "./components/translate";

/** Sent when an HR admin invites a colleague (HR admin or task owner) to choose a password. */
export const staffInvitationPropsSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "url must be an absolute http(s) address" }),
  name: z.string().trim().min(1).max(200),
  inviterName: z.string().trim().min(1).max(200).optional(),
  role: z.enum(["hr_admin", "task_owner"]),
  expiresInHours: z.number().int().positive().max(30 * 24),
});

export type StaffInvitationProps = z.infer<typeof staffInvitationPropsSchema>;

export default function StaffInvitationEmail({
  chrome,
  url,
  name,
  inviterName,
  role,
  expiresInHours,
}: StaffInvitationProps & { chrome: EmailChrome }) {
  const { t } = chrome;
  const roleLabel = t(`roles.${role}`);
  return (
    <EmailLayout chrome={chrome} preview={t("staffInvitation.preview", { role: roleLabel })} reason={t("staffInvitation.why")}>
      <EmailHeading>{t("staffInvitation.heading")}</EmailHeading>
      <EmailParagraph>{t("layout.greeting", { name })}</EmailParagraph>
      <EmailParagraph>
        {inviterName
          ? t("staffInvitation.intro", { inviter: inviterName, role: roleLabel })
          : t("staffInvitation.introNoInviter", { role: roleLabel })}
      </EmailParagraph>
      <EmailParagraph>{t(`staffInvitation.roleDescription.${role}`)}</EmailParagraph>
      <EmailAction chrome={chrome} href={url} label={t("staffInvitation.button")} />
      <EmailParagraph muted>{t("staffInvitation.expiry", { count: expiresInHours })}</EmailParagraph>
    </EmailLayout>
  );
}

StaffInvitationEmail.PreviewProps = {
  chrome: previewChrome("en"),
  url: "http://localhost:3000/set-password/preview-token",
  name: "Grace Hopper",
  inviterName: "Ada Lovelace",
  role: "task_owner",
  expiresInHours: 72,
} satisfies StaffInvitationProps & { chrome: EmailChrome };
