import fc from "fast-check";
import { LINK_CHANNELS, redirectTarget, UTM_SOURCE } from "~/modules/links/redirect-target";

describe("redirectTarget", () => {
  it("adds utm_source (the portal), utm_medium (the network) and utm_campaign to the stored target", () => {
    const location = new URL(redirectTarget({ targetUrl: "https://news.acme.example/story", channel: "linkedin", campaign: "spring-2027" }));
    expect(location.origin + location.pathname).toBe("https://news.acme.example/story");
    expect([...location.searchParams]).toEqual([
      ["utm_source", UTM_SOURCE],
      ["utm_medium", "linkedin"],
      ["utm_campaign", "spring-2027"],
    ]);
  });

  it("says newsletter as the medium of a newsletter link", () => {
    expect(new URL(redirectTarget({ targetUrl: "https://acme.example/", channel: "newsletter", campaign: "issue 12" })).searchParams.get("utm_medium")).toBe(
      "newsletter",
    );
  });

  it("replaces the target's own utm_source, utm_medium and utm_campaign and keeps its other parameters byte for byte, and the fragment", () => {
    const location = redirectTarget({
      targetUrl: "https://acme.example/a?q=a%20b&flag&utm_source=rss&utm_term=kept&utm_medium=feed&utm_campaign=old#section-2",
      channel: "x",
      campaign: "new",
    });
    expect(location).toBe("https://acme.example/a?q=a%20b&flag&utm_term=kept&utm_source=alumni-portal&utm_medium=x&utm_campaign=new#section-2");
  });

  it("encodes a campaign that holds URL syntax, so it cannot change the target", () => {
    const location = new URL(redirectTarget({ targetUrl: "https://acme.example/a", channel: "facebook", campaign: "x&utm_medium=evil#//evil.example" }));
    expect(location.host).toBe("acme.example");
    expect(location.hash).toBe("");
    expect(location.searchParams.getAll("utm_medium")).toEqual(["facebook"]);
    expect(location.searchParams.get("utm_campaign")).toBe("x&utm_medium=evil#//evil.example");
  });

  it("refuses a target that is not http(s)", () => {
    expect(() => redirectTarget({ targetUrl: "javascript:alert(1)", channel: "x", campaign: "c" })).toThrow(/http/);
  });

  const parameterName = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((name) => !["utm_source", "utm_medium", "utm_campaign"].includes(name));
  const targets = fc.record({
    url: fc.webUrl({ withQueryParameters: false, withFragments: true }),
    parameters: fc.uniqueArray(fc.tuple(parameterName, fc.string({ maxLength: 12 })), { selector: ([name]) => name, maxLength: 5 }),
  });

  it("always keeps the stored target's origin and path, every other parameter, and exactly one of each UTM parameter", () => {
    fc.assert(
      fc.property(targets, fc.constantFrom(...LINK_CHANNELS), fc.string({ minLength: 1, maxLength: 40 }), ({ url, parameters }, channel, campaign) => {
        const stored = new URL(url);
        for (const [name, value] of parameters) stored.searchParams.append(name, value);
        const location = new URL(redirectTarget({ targetUrl: stored.href, channel, campaign }));
        expect(location.origin).toBe(stored.origin);
        expect(location.pathname).toBe(stored.pathname);
        expect(location.hash).toBe(stored.hash);
        for (const [name, value] of parameters) expect(location.searchParams.get(name)).toBe(value);
        expect(location.searchParams.getAll("utm_source")).toEqual([UTM_SOURCE]);
        expect(location.searchParams.getAll("utm_medium")).toEqual([channel]);
        expect(location.searchParams.getAll("utm_campaign")).toEqual([campaign]);
      }),
    );
  });
});
