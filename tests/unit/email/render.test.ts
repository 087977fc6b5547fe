import { isDomainFailure } from "~/utils/failures";
import { emailTemplates, renderEmail } from "~/modules/email/templates.server";

const magicLink = { url: "https://alumni.example.test/login/magic/tok_123?x=1&y=2", name: "Ada", expiresInMinutes: 15 };
const invitation = {
  url: "https://alumni.example.test/set-password/tok_456",
  name: "Grace",
  inviterName: "Ada",
  role: "task_owner" as const,
  expiresInHours: 72,
};

describe("email rendering", () => {
  it("renders the magic link in English, HTML and text both carrying the absolute link", async () => {
    const email = await renderEmail("magic-link", magicLink, "en");
    expect(email.subject).toBe("Your sign-in link for the Acme Corp alumni portal");
    expect(email.html).toContain('href="https://alumni.example.test/login/magic/tok_123?x=1&amp;y=2"');
    expect(email.html).toContain('lang="en"');
    expect(email.html).toContain("Hello Ada,");
    expect(email.html).toContain("expires in 15 minutes");
    expect(email.text).toContain("https://alumni.example.test/login/magic/tok_123?x=1&y=2");
    expect(email.text).toContain("Hello Ada,");
    expect(email.text).toContain("nobody can sign in without the link");
  });

  it("renders the magic link in French", async () => {
    const email = await renderEmail("magic-link", { ...magicLink, name: undefined, expiresInMinutes: 1 }, "fr");
    expect(email.subject).toBe("Votre lien de connexion au portail des anciens d’Acme Corp");
    expect(email.html).toContain('lang="fr"');
    expect(email.html).toContain("Bonjour,");
    expect(email.html).toContain("expire dans 1 minute.");
    expect(email.text).toContain("https://alumni.example.test/login/magic/tok_123?x=1&y=2");
    expect(email.text).toContain("Se connecter");
  });

  it("renders the staff invitation in both languages with a subject naming the inviter", async () => {
    const en = await renderEmail("staff-invitation", invitation, "en");
    expect(en.subject).toBe("Ada invited you to the Acme Corp alumni portal");
    expect(en.html).toContain('href="https://alumni.example.test/set-password/tok_456"');
    expect(en.text).toContain("https://alumni.example.test/set-password/tok_456");
    expect(en.text).toContain("as a task owner");
    expect(en.text).toContain("expires in 72 hours");

    const fr = await renderEmail("staff-invitation", { ...invitation, role: "hr_admin", inviterName: undefined }, "fr");
    expect(fr.subject).toBe("Vous êtes invité·e sur le portail des anciens d’Acme Corp");
    expect(fr.html).toContain("administrateur·rice RH");
    expect(fr.text).toContain("https://alumni.example.test/set-password/tok_456");
    expect(fr.text).toContain("Choisir mon mot de passe");
  });

  it("keeps React's <!-- --> markers out of the HTML", async () => {
    for (const locale of ["en", "fr"] as const) {
      const a = await renderEmail("magic-link", magicLink, locale);
      const b = await renderEmail("staff-invitation", invitation, locale);
      expect(a.html).not.toContain("<!-- -->");
      expect(b.html).not.toContain("<!-- -->");
    }
  });

  it("tells the reader why they got the email, in the footer", async () => {
    const email = await renderEmail("staff-invitation", invitation, "en");
    expect(email.text).toContain("You received this email because an administrator of the Acme Corp alumni portal invited this address");
  });

  it("rejects props that do not fit the template, naming each field", async () => {
    await expect(
      renderEmail("magic-link", { url: "/login/magic/relative", expiresInMinutes: 0 }, "en"),
    ).rejects.toSatisfy((error: unknown) => {
      if (!isDomainFailure(error) || error.code !== "email.badInput") return false;
      const fields = error.failures.map((f) => f.field);
      return fields.includes("props.url") && fields.includes("props.expiresInMinutes");
    });
    await expect(
      // @ts-expect-error the role is not one the invitation supports
      renderEmail("staff-invitation", { ...invitation, role: "alumnus" }, "en"),
    ).rejects.toThrow(/props\.role/);
    await expect(renderEmail("magic-link", { ...magicLink, url: "javascript:alert(1)" }, "en")).rejects.toThrow(
      /props\.url/,
    );
  });

  it("registers a subject for every template", () => {
    for (const template of Object.values(emailTemplates)) expect(typeof template.subject).toBe("function");
  });
});
