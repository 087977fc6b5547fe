import { renderEmail } from "~/modules/email/templates.server";

const props = { url: "https://alumni.example.test/confirm-email/abcdefghijklmnopqrstuvwxyz234567", name: "Sam", expiresInDays: 7 };

describe("the personal address confirmation email", () => {
  it("carries the link, its lifetime and the promise that nothing else is sent, in English", async () => {
    const email = await renderEmail("alumni-confirm-email", props, "en");
    expect(email.subject).toBe("Confirm your personal address for the Acme Corp alumni network");
    expect(email.html).toContain(`href="${props.url}"`);
    expect(email.text).toContain(props.url);
    expect(email.text).toContain("The link works for 7 days.");
    expect(email.text).toContain("Until you confirm, we send nothing else to this address.");
    expect(email.html).not.toContain("<!-- -->");
  });

  it("is written in French with French typography", async () => {
    const email = await renderEmail("alumni-confirm-email", { ...props, expiresInDays: 1, name: undefined }, "fr");
    expect(email.subject).toBe("Confirmez votre adresse personnelle pour le réseau des anciens d’Acme Corp");
    expect(email.text).toContain("Bonjour,");
    expect(email.text).toContain("Le lien fonctionne pendant 1 jour.");
    expect(email.text).toContain("ignorez ce message\u00a0: l’adresse ne sera pas utilisée.");
  });

  it("refuses a link that is not an absolute http(s) address", async () => {
    await expect(renderEmail("alumni-confirm-email", { ...props, url: "/confirm-email/x" }, "en")).rejects.toThrow(/props\.url/);
  });
});
