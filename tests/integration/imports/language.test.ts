import type { User } from "~/modules/auth/users.server";
import { findUserByEmail } from "~/modules/auth/users.server";
import { mapRow, suggestMapping } from "~/modules/imports/mapping";
import { testDb, useTestDatabase } from "../../support/database";
import { clickImport, confirmMapping, LAST, NOTICE, pageData, STANDARD_HEADER, STANDARD_MAPPING, uploadCsv } from "./helpers";
import { createUser, installOffboardingDefaults } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/** A "Language" column: recognised by its header, its values read in English or French, a bad one reported. */

useTestDatabase();
useJobQueue();

let hr: User;
beforeEach(async () => {
  await installOffboardingDefaults();
  hr = await createUser({ role: "hr_admin" });
});

describe("mapping a language column", () => {
  it("recognises the column by its English or French header", () => {
    for (const header of ["Language", "Langue", "Locale", "Preferred language", "Langue préférée"]) {
      expect(suggestMapping(["Work email", "Name", header]).language, header).toBe(header);
    }
  });

  it("reads codes, locales and language names in English and French as en or fr", () => {
    const languageOf = (value: string) => mapRow(["Langue"], { values: [value] }, { language: "Langue" }, "iso").input.language;
    for (const value of ["fr", "FR", "fr-FR", "fr_CA", "French", "français", "Francais"]) expect(languageOf(value), value).toBe("fr");
    for (const value of ["en", "EN", "en-GB", "English", "anglais", "Anglais"]) expect(languageOf(value), value).toBe("en");
    expect(languageOf("  ")).toBeUndefined();
    expect(languageOf(" Deutsch ")).toBe("Deutsch");
  });
});

describe("importing a file with a language column", () => {
  const LINES = [
    `E-1;Ann Archer;ann@example.com;Engineering;${NOTICE};${LAST};voluntary;;Français`,
    `E-2;Bob Baker;bob@example.com;Sales;${NOTICE};${LAST};voluntary;;en`,
    `E-3;Cleo Cruz;cleo@example.com;Sales;${NOTICE};${LAST};voluntary;;Deutsch`,
    `E-4;Dan Dale;dan@example.com;Sales;${NOTICE};${LAST};voluntary;;`,
  ];

  async function mappedImport() {
    const id = await uploadCsv(hr, `${[`${STANDARD_HEADER};Langue`, ...LINES].join("\n")}\n`);
    await confirmMapping(hr, id, { ...STANDARD_MAPPING, language: "Langue" });
    return id;
  }

  it("reports a value that is not a language in the preview, with the column and the value", async () => {
    const id = await mappedImport();
    const { preview } = (await pageData(hr, id)).page;
    expect(preview.counts).toMatchObject({ total: 4, new: 3, invalid: 1 });
    expect(preview.problems).toEqual([
      expect.objectContaining({
        rowNumber: 4,
        outcome: "invalid",
        errors: [
          {
            key: "language",
            column: "Langue",
            failures: [{ code: "importRow.languageInvalid", field: "language", values: { value: "Deutsch" } }],
          },
        ],
      }),
    ]);
    expect(preview.samples.map((sample: { employeeEmail: string; language: string | null }) => [sample.employeeEmail, sample.language])).toEqual([
      ["ann@example.com", "fr"],
      ["bob@example.com", "en"],
      ["dan@example.com", null],
    ]);
  });

  it("creates each leaver account in its row's language, the company's when the cell is empty", async () => {
    const id = await mappedImport();
    await clickImport(hr, id);
    const locales = await Promise.all(
      ["ann@example.com", "bob@example.com", "cleo@example.com", "dan@example.com"].map(async (email) => (await findUserByEmail(testDb(), email))?.locale),
    );
    expect(locales).toEqual(["fr", "en", undefined, "en"]);
  });
});
