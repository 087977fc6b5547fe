import { sendEmail } from "~/modules/email/send-email.server";
import { emailPreferencesUrl } from "~/modules/email/preference-links.server";
import { carriesPreferencesLink, EMAIL_TEMPLATE_NAMES, emailTemplates, type EmailTemplateName } from "~/modules/email/templates.server";
import { recipientLinks } from "~/modules/newsletter/messages.server";
import { makeTransitionedAlumnus } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

/**
 * Every email the portal writes to alumni carries the signed "Manage your email preferences" link
 * (docs/decisions/032). The registry says who each template is for; this sends each one, as the
 * portal would, and reads what was stored.
 */

function previewProps(name: EmailTemplateName): Record<string, unknown> {
  const { chrome: _chrome, ...props } = (emailTemplates[name].component as unknown as { PreviewProps: Record<string, unknown> }).PreviewProps;
  return props;
}

const LABEL = { en: "Manage your email preferences", fr: "Gérer vos préférences d’e-mail" } as const;

describe("the preferences link in every alumni email's footer", () => {
  it("is declared for the templates alumni receive", () => {
    expect(EMAIL_TEMPLATE_NAMES.filter(carriesPreferencesLink).sort()).toEqual(["alumni-confirm-email", "ambassador-invitation", "data-export-ready", "magic-link", "pulse"]);
  });

  it.each(EMAIL_TEMPLATE_NAMES.flatMap((name) => (["en", "fr"] as const).map((locale) => [name, locale] as const)))(
    "%s (%s): carries the person's signed link when sent to alumni, and only then",
    async (name, locale) => {
      const member = await makeTransitionedAlumnus({ locale });
      const { emailId } = await sendEmail({ to: member.email, template: name, props: previewProps(name) as never, locale, userId: member.id });
      const stored = await testDb().selectFrom("emails").select(["html", "text"]).where("id", "=", emailId).executeTakeFirstOrThrow();
      const url = emailPreferencesUrl(member.id);
      if (carriesPreferencesLink(name)) {
        // Kept in the stored copy on purpose: it grants no more than unsubscribing (ADR 032).
        expect(stored.html).toContain(`href="${url}"`);
        expect(stored.text).toContain(url);
        expect(stored.html).toContain(LABEL[locale]);
      } else {
        expect(stored.html).not.toContain("/email-preferences/");
      }
    },
  );

  it("each newsletter reader gets their own link; a reader-less render gets the preference centre", () => {
    const reader = "6f0c1e34-3b5e-4a8b-9a57-2c6f9d7f1a10";
    expect(recipientLinks("7f0c1e34-3b5e-4a8b-9a57-2c6f9d7f1a10", reader, []).preferences).toBe(emailPreferencesUrl(reader));
    expect(recipientLinks("7f0c1e34-3b5e-4a8b-9a57-2c6f9d7f1a10", null, []).preferences).toMatch(/\/alumni\/preferences$/);
  });
});
