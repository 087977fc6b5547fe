import fc from "fast-check";
import { canonicalUrl } from "~/modules/feeds/canonical-url";

describe("canonicalUrl", () => {
  it("lower-cases scheme and host, drops the default port, the fragment and credentials", () => {
    expect(canonicalUrl("HTTPS://News.ACME.example:443/Story#comments")).toBe("https://news.acme.example/Story");
    expect(canonicalUrl("http://user:secret@acme.example:80/a")).toBe("http://acme.example/a");
    expect(canonicalUrl("http://acme.example:8080/a")).toBe("http://acme.example:8080/a");
  });

  it("drops utm_*, fbclid, gclid and other tracking parameters and sorts the rest", () => {
    expect(canonicalUrl("https://acme.example/a?utm_source=rss&b=2&UTM_Medium=x&a=1&fbclid=IwAR&gclid=Cj0")).toBe("https://acme.example/a?a=1&b=2");
    expect(canonicalUrl("https://acme.example/a?utm_campaign=x")).toBe("https://acme.example/a");
  });

  it("treats a trailing slash as the same page, except for the root", () => {
    expect(canonicalUrl("https://acme.example/news/")).toBe("https://acme.example/news");
    expect(canonicalUrl("https://acme.example/news//")).toBe("https://acme.example/news");
    expect(canonicalUrl("https://acme.example/")).toBe("https://acme.example/");
    expect(canonicalUrl("https://acme.example")).toBe("https://acme.example/");
  });

  it("resolves a relative link against a base and answers null for other schemes or garbage", () => {
    expect(canonicalUrl("../b/", "https://acme.example/x/y/")).toBe("https://acme.example/x/b");
    expect(canonicalUrl("javascript:alert(1)")).toBeNull();
    expect(canonicalUrl("mailto:hr@acme.example")).toBeNull();
    expect(canonicalUrl("not a url")).toBeNull();
  });

  it("gives one key to an internationalised host and its punycode", () => {
    expect(canonicalUrl("https://BÜCHER.example/a")).toBe(canonicalUrl("https://xn--bcher-kva.example/a"));
  });
});

describe("canonicalUrl, for any web address (fast-check)", () => {
  const trackingParameter = fc.oneof(
    fc.stringMatching(/^[a-z]{1,8}$/).map((name) => `utm_${name}`),
    fc.constantFrom("fbclid", "gclid", "UTM_SOURCE", "msclkid"),
  );
  const value = fc.stringMatching(/^[A-Za-z0-9_-]{0,12}$/);

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const once = canonicalUrl(url);
        expect(once).not.toBeNull();
        expect(canonicalUrl(once!)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("ignores tracking parameters and the order of parameters", () => {
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: false, withFragments: false }),
        fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), value), { maxLength: 4 }),
        fc.array(fc.tuple(trackingParameter, value), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (base, kept, tracking, seed) => {
          const withParams = (params: [string, string][]) => {
            const url = new URL(base);
            for (const [name, v] of params) url.searchParams.append(name, v);
            return url.href;
          };
          const shuffled = [...kept, ...tracking].sort((a, b) => ((a[0].length * 31 + seed) % 7) - ((b[0].length * 31 + seed) % 7));
          expect(canonicalUrl(withParams(shuffled))).toBe(canonicalUrl(withParams(kept)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
