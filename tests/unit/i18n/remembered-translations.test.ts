import { createInstance } from "i18next";
import { i18nConfig, NAMESPACES, SUPPORTED_LOCALES } from "~/modules/i18n/config";
import { addFormatters } from "~/modules/i18n/formatters";
import { i18nFor, translator } from "~/modules/i18n/translator";

/**
 * The shared instances remember translations asked without options: every key of every namespace,
 * in both languages, asked twice, must read exactly as an instance that remembers nothing says.
 */
function leafKeys(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

describe("remembered translations", () => {
  test.each(SUPPORTED_LOCALES)("read as i18next's own for every key, asked twice (%s)", (locale) => {
    const plain = createInstance();
    void plain.init({ ...i18nConfig, lng: locale, initImmediate: false });
    addFormatters(plain);
    let checked = 0;
    for (const namespace of NAMESPACES) {
      const bundle = plain.getResourceBundle(locale, namespace) as Record<string, unknown>;
      const remembered = translator(locale, namespace);
      const reference = plain.getFixedT(locale, namespace);
      for (const key of leafKeys(bundle)) {
        expect([remembered(key), remembered(key)]).toEqual([reference(key), reference(key)]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  test("a translation with options is worked out each time, not remembered", () => {
    const t = translator("en", "tasks");
    expect(t("inbox.count", { count: 1 })).not.toBe(t("inbox.count", { count: 2 }));
    expect(t("inbox.count", { count: 2 })).toContain("2");
  });

  test("each language and namespace remembers its own answers", () => {
    const english = i18nFor("en").getFixedT("en", "common");
    const french = i18nFor("fr").getFixedT("fr", "common");
    expect(english("appName")).toBe("Alumni Portal");
    expect(french("appName")).toBe("Portail des anciens");
    expect(english("appName")).toBe("Alumni Portal");
  });
});
