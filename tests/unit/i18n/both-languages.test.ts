import { NAMESPACES, resources } from "~/modules/i18n/config";

/**
 * Every string shown to users exists in English and in French: a key present in one language only,
 * or left empty in either, fails here. Plural forms are compared by their base key, since the two
 * languages have different plural categories (i18next suffixes _one, _many, _other…).
 */

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function leaves(value: unknown, prefix = ""): Map<string, unknown> {
  const found = new Map<string, unknown>();
  // Lists (read with returnObjects) count item by item: both languages give the same number of points.
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, leaf] of leaves(child, prefix ? `${prefix}.${key}` : key)) found.set(path, leaf);
    }
  } else {
    found.set(prefix, value);
  }
  return found;
}

function baseKeys(strings: Map<string, unknown>): Set<string> {
  return new Set([...strings.keys()].map((key) => key.replace(PLURAL_SUFFIX, "")));
}

describe("English and French strings", () => {
  it.each(NAMESPACES)("the %s namespace has the same keys in both languages", (namespace) => {
    const english = baseKeys(leaves(resources.en[namespace]));
    const french = baseKeys(leaves(resources.fr[namespace]));
    expect([...english].filter((key) => !french.has(key)), "in English only").toEqual([]);
    expect([...french].filter((key) => !english.has(key)), "in French only").toEqual([]);
  });

  it.each(NAMESPACES)("the %s namespace has no empty string in either language", (namespace) => {
    for (const locale of ["en", "fr"] as const) {
      const empty = [...leaves(resources[locale][namespace])].filter(([, value]) => typeof value !== "string" || value.trim() === "").map(([key]) => key);
      expect(empty, locale).toEqual([]);
    }
  });
});
