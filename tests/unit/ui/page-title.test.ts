import enCommon from "~/locales/en/common.json";
import frCommon from "~/locales/fr/common.json";
import { pageTitle } from "~/components/page-title";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe("pageTitle", () => {
  it("names the page, then the app, in the language the root loader chose", () => {
    expect(pageTitle([{ id: "root", data: { locale: "en" } }], "adminHome.title")).toEqual([{ title: "Overview · Alumni Portal" }]);
    expect(pageTitle([{ id: "root", data: { locale: "fr" } }], "adminHome.title")).toEqual([
      { title: "Vue d’ensemble · Portail des anciens" },
    ]);
  });

  it("reads keys from another namespace when asked", () => {
    expect(pageTitle([{ id: "root", data: { locale: "fr" } }], "login.metaTitle", "auth")[0]!.title).toMatch(/ · Portail des anciens$/);
  });

  it("falls back to English when the root data is missing (the root loader failed)", () => {
    expect(pageTitle(undefined, "errors.notFound.title")).toEqual([{ title: "Page not found · Alumni Portal" }]);
    expect(pageTitle([{ id: "root", data: { locale: "de" } }])).toEqual([{ title: "Alumni Portal" }]);
  });
});

describe("the common translations", () => {
  it("have the same keys in English and French", () => {
    expect(keysOf(frCommon).sort()).toEqual(keysOf(enCommon).sort());
  });

  it("have no empty text", () => {
    for (const [locale, strings] of [["en", enCommon], ["fr", frCommon]] as const) {
      const empty = keysOf(strings).filter((key) => {
        const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], strings);
        return typeof value !== "string" || value.trim() === "";
      });
      expect(empty, `${locale}: empty strings`).toEqual([]);
    }
  });
});
