import { localized, localizedColumns } from "~/modules/i18n/localized-text";

describe("a text written in English and French", () => {
  it("is read in the reader's language", () => {
    const text = { en: "Collect laptop", fr: "Récupérer l’ordinateur portable" };
    expect(localized(text, "en")).toBe("Collect laptop");
    expect(localized(text, "fr")).toBe("Récupérer l’ordinateur portable");
  });

  it("falls back to the other language when the reader's is empty or blank", () => {
    expect(localized({ en: "Collect laptop", fr: "" }, "fr")).toBe("Collect laptop");
    expect(localized({ en: "Collect laptop", fr: "  " }, "fr")).toBe("Collect laptop");
    expect(localized({ en: "", fr: "Récupérer" }, "en")).toBe("Récupérer");
    expect(localized({ en: "", fr: "" }, "fr")).toBe("");
  });

  it("is read from a row's two columns", () => {
    expect(localizedColumns({ title_en: "A", title_fr: "B", other: 1 } as never, "title")).toEqual({ en: "A", fr: "B" });
  });
});
