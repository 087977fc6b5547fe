import { translator } from "~/modules/i18n/translator";
import { frenchDe } from "~/modules/i18n/formatters";

describe("French elision of 'de' before a company name", () => {
  it("elides before a vowel, accented or not, and keeps 'de' before a consonant", () => {
    expect(frenchDe("Acme Corp")).toBe("d’Acme Corp");
    expect(frenchDe("Éclair SA")).toBe("d’Éclair SA");
    expect(frenchDe("Globex")).toBe("de Globex");
  });

  it("applies in French texts and leaves English texts untouched", () => {
    const fr = translator("fr", "email");
    const en = translator("en", "email");
    expect(fr("exitInvitation.subject", { company: "Acme Corp" })).toContain("départ d’Acme Corp");
    expect(fr("exitInvitation.subject", { company: "Globex" })).toContain("départ de Globex");
    expect(en("exitInvitation.subject", { company: "Acme Corp" })).toContain("Acme Corp");
    expect(en("exitInvitation.subject", { company: "Acme Corp" })).not.toContain("d’");
  });
});
