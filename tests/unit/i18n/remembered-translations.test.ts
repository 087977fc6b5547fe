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

  test.each(SUPPORTED_LOCALES)("read as i18next's own with plain options: plurals, interpolations, another namespace (%s)", (locale) => {
    const plain = createInstance();
    void plain.init({ ...i18nConfig, lng: locale, initImmediate: false });
    addFormatters(plain);
    const remembered = translator(locale, "tasks");
    const reference = plain.getFixedT(locale, "tasks");
    const calls: Array<[string, Record<string, string | number | boolean>]> = [
      ...[0, 1, 2, 5, 1_000].map((count): [string, Record<string, number>] => ["inbox.count", { count }]),
      ["inbox.team", { team: "IT" }],
      ["inbox.team", { team: "Payroll" }],
      ["inbox.selectTask", { title: "Revoke <VPN> & badges", name: "Zoë O'Brien" }],
      ["appName", { ns: "common" }],
      ["missing.key.never.written", { defaultValue: "fallback" }],
    ];
    for (const [key, options] of calls) {
      expect([remembered(key, options), remembered(key, options)]).toEqual([reference(key, options), reference(key, options)]);
    }
  });

  test("options that are not plain values are worked out each time (a changed object changes the text)", () => {
    const t = translator("en", "tasks");
    const value = { toString: () => "first" };
    const first = t("inbox.team", { team: value });
    value.toString = () => "second";
    expect([first, t("inbox.team", { team: value })]).toEqual(["Team: first", "Team: second"]);
  });

  test("keeps answering rightly after more distinct options than it remembers", () => {
    const t = translator("en", "tasks");
    const answers = Array.from({ length: 12_000 }, (_, i) => t("inbox.team", { team: `Team ${i}` }));
    expect(answers[0]).toBe("Team: Team 0");
    expect(answers[11_999]).toBe("Team: Team 11999");
    expect(t("inbox.team", { team: "Team 0" })).toBe("Team: Team 0");
    expect([t("inbox.count", { count: 3 }), t("inbox.count", { count: 1 })]).toEqual(["3 tasks", "1 task"]);
  });

  test("each language and namespace remembers its own answers", () => {
    const english = i18nFor("en").getFixedT("en", "common");
    const french = i18nFor("fr").getFixedT("fr", "common");
    expect(english("appName")).toBe("Alumni Portal");
    expect(french("appName")).toBe("Portail des anciens");
    expect(english("appName")).toBe("Alumni Portal");
  });
});
