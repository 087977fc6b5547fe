import { renderEmail } from "~/modules/email/templates.server";

const url = "https://alumni.example.test/exit/link/abcdefghijklmnopqrstuvwxyz234567";

describe("the exit emails", () => {
  it("write the invitation in French with French typography, the date in French and the link in HTML and text", async () => {
    const email = await renderEmail(
      "exit-invitation",
      { url, name: "Sam", confidentiality: "anonymous", minutes: 6, validUntil: "2027-01-17" },
      "fr",
    );
    expect(email.subject).toBe("Avant votre départ d’Acme Corp\u00a0: quelques questions et une invitation");
    expect(email.text).toContain("Bonjour Sam,");
    expect(email.text).toContain("Qui voit vos réponses\u00a0: personne ne peut savoir qu’elles sont les vôtres.");
    expect(email.text).toContain("Comptez environ 6 minutes.");
    expect(email.text).toContain("Il fonctionne jusqu’au 17 janv. 2027.");
    expect(email.text).toContain(url);
    expect(email.html).toContain(`href="${url}"`);
    expect(email.html).not.toContain("<!-- -->");
  });

  it("offer to continue where the leaver left off once they started, in the new-link email and the reminder", async () => {
    const newLink = await renderEmail(
      "exit-invitation",
      { url, confidentiality: "confidential", minutes: 4, validUntil: "2026-12-04", newLink: true, started: true },
      "en",
    );
    expect(newLink.subject).toBe("Your new link to the Acme Corp exit survey");
    expect(newLink.text).toContain("Hello,");
    expect(newLink.text).toContain("Your answers so far are saved");
    expect(newLink.text).toContain("Continue the survey");

    const reminder = await renderEmail("exit-reminder", { url, minutes: 4, validUntil: "2026-12-04", started: true, last: true }, "fr");
    expect(reminder.subject).toBe("Votre questionnaire de départ d’Acme Corp est toujours ouvert");
    expect(reminder.text).toContain("Reprendre là où je m’étais arrêté·e");
    expect(reminder.text).toContain("C’est notre dernier rappel.");
  });

  it("refuse a relative link or a malformed date, naming the field", async () => {
    await expect(
      renderEmail("exit-reminder", { url: "/exit/link/x", minutes: 4, validUntil: "4 Dec" }, "en"),
    ).rejects.toThrow(/props\.url[\s\S]*props\.validUntil|props\.validUntil[\s\S]*props\.url/);
  });
});
