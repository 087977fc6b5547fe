import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { FeedError } from "~/modules/feeds/feed-error";
import { decodeFeedBody, parseFeed, parseFeedDate } from "~/modules/feeds/parse-feed";

function fixture(file: string): Buffer {
  return readFileSync(resolve("tests/fixtures/feeds", file));
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof FeedError) return error.code;
    throw error;
  }
  throw new Error("expected a FeedError");
}

describe("parseFeed: RSS 2.0 (a WordPress newsroom)", () => {
  const feed = parseFeed(fixture("rss2-company-blog.xml"), { feedUrl: "https://news.acme.example/feed/", contentType: "application/rss+xml; charset=UTF-8" });

  it("reads the format, the feed's title with its entity, and every item", () => {
    expect(feed.format).toBe("rss");
    expect(feed.title).toBe("Acme Corp Newsroom – Stories");
    expect(feed.items).toHaveLength(3);
  });

  it("keeps the guid, the published link and a canonical link without utm parameters", () => {
    expect(feed.items[0]).toMatchObject({
      guid: "https://news.acme.example/?p=1042",
      url: "https://news.acme.example/2026/12/lyon-office/?utm_source=rss&utm_medium=rss&utm_campaign=lyon-office",
      canonicalUrl: "https://news.acme.example/2026/12/lyon-office",
      publishedAt: new Date("2026-12-07T08:00:00Z"),
      imageUrl: "https://news.acme.example/wp-content/uploads/lyon-1200x630.jpg",
    });
  });

  it("decodes entities and strips markup from titles, CDATA included", () => {
    expect(feed.items[0]!.title).toBe("Acme opens a new office in Lyon & hires 40 engineers");
    expect(feed.items[1]!.title).toBe("Q&A: “Why I came back” — a boomerang’s story");
  });

  it("sanitises the summary: no script, no event handler, entities decoded", () => {
    expect(feed.items[0]!.summaryHtml).toBe("<p>We’re opening a new office in <strong>Lyon</strong> — café included.</p><p>Read more below.</p>");
    expect(feed.items[0]!.summaryText).toBe("We’re opening a new office in Lyon — café included. Read more below.");
  });

  it("resolves relative links against the feed's address and drops javascript: links", () => {
    expect(feed.items[1]!.url).toBe("https://news.acme.example/2026/12/boomerang-story/");
    expect(feed.items[1]!.summaryHtml).toContain('<img src="https://news.acme.example/images/alex.png" width="800" height="450" />');
    expect(feed.items[1]!.summaryHtml).toContain('<a href="https://news.acme.example/team" rel="noopener noreferrer nofollow">Meet the team</a>');
    expect(feed.items[1]!.summaryHtml).not.toMatch(/javascript/);
    expect(feed.items[1]!.imageUrl).toBe("https://news.acme.example/images/alex-cover.jpg");
  });

  it("leaves the date of an undated item empty", () => {
    expect(feed.items[2]).toMatchObject({ title: "Holiday schedule", publishedAt: null, guid: "https://news.acme.example/2026/11/holidays" });
  });
});

describe("parseFeed: Atom (with xml:base)", () => {
  const feed = parseFeed(fixture("atom-engineering.xml"), { feedUrl: "https://engineering.acme.example/blog/atom.xml" });

  it("resolves links against the feed's and the entry's xml:base", () => {
    expect(feed.format).toBe("atom");
    expect(feed.items.map((item) => item.url)).toEqual([
      "https://engineering.acme.example/blog/posts/postgres-18",
      "https://engineering.acme.example/archive/2026/faster-builds",
      "https://engineering.acme.example/blog/posts/plain#comments",
    ]);
    expect(feed.items[0]!.summaryHtml).toBe('<p>Zero downtime, <a href="https://engineering.acme.example/blog/posts/logical-replication" rel="noopener noreferrer nofollow">logical replication</a>.</p>');
    expect(feed.items[0]!.imageUrl).toBe("https://engineering.acme.example/static/pg18.png");
  });

  it("reads html, xhtml and text titles as plain text", () => {
    expect(feed.items.map((item) => item.title)).toEqual(["Migrating to PostgreSQL 18 & what we learned", "A faster build", "Plain text with <tags> in it"]);
  });

  it("prefers published to updated, and an unreadable date is no date", () => {
    expect(feed.items[0]!.publishedAt).toEqual(new Date("2026-12-05T08:30:00Z"));
    expect(feed.items[1]!.publishedAt).toEqual(new Date("2026-11-20T12:00:00Z"));
    expect(feed.items[2]!.publishedAt).toBeNull();
  });

  it("escapes a text summary instead of reading it as HTML, and drops style and iframe", () => {
    expect(feed.items[2]!.summaryHtml).toBe("<p>Fish &amp; chips &lt;b&gt;not bold&lt;/b&gt;</p>");
    expect(feed.items[0]!.summaryHtml).not.toMatch(/style|iframe|display/);
    expect(feed.items[1]!.summaryHtml).toBe('<p>From 12 to 3 minutes.</p><img src="https://engineering.acme.example/archive/2026/chart.svg" width="640" height="320" />');
  });
});

describe("parseFeed: RDF (RSS 1.0)", () => {
  const feed = parseFeed(fixture("rdf-press.xml"), { feedUrl: "https://press.example.org/rss" });

  it("reads items, their rdf:about as guid, dc:date, and a missing date", () => {
    expect(feed.format).toBe("rdf");
    expect(feed.items).toEqual([
      expect.objectContaining({
        guid: "https://press.example.org/releases/acme-award",
        canonicalUrl: "https://press.example.org/releases/acme-award?ref=home",
        title: "Acme wins the 2026 Employer Award",
        summaryText: "The jury praised Acme’s alumni programme.",
        publishedAt: new Date("2026-12-01T10:00:00Z"),
      }),
      expect.objectContaining({ title: "An undated release", publishedAt: null }),
    ]);
  });
});

describe("parseFeed: JSON Feed", () => {
  const feed = parseFeed(fixture("jsonfeed-careers.json"), { feedUrl: "https://careers.acme.example/feed.json", contentType: "application/feed+json" });

  it("reads ids, urls, external urls, relative images and dates", () => {
    expect(feed.format).toBe("json");
    expect(feed.items[0]).toMatchObject({
      guid: "job-2026-118",
      canonicalUrl: "https://careers.acme.example/jobs/118?team=platform",
      title: "Senior Platform Engineer (Paris) — we’re hiring",
      imageUrl: "https://careers.acme.example/img/jobs/118.jpg",
      publishedAt: new Date("2026-12-02T08:00:00Z"),
    });
    expect(feed.items[1]).toMatchObject({ url: "https://partner.example.net/acme/jobs/119", publishedAt: null });
  });

  it("sanitises content_html (no onerror, no form) and turns content_text into escaped paragraphs", () => {
    expect(feed.items[0]!.summaryHtml).not.toMatch(/onerror|<form|<input|<button|formaction|javascript/);
    expect(feed.items[0]!.summaryHtml).toContain('<img src="https://careers.acme.example/img/team.jpg" width="900" height="500" />');
    expect(feed.items[1]!.summaryHtml).toBe("<p>Refer a friend.</p><p>Get a bonus &amp; our thanks.</p>");
  });
});

describe("parseFeed: encodings", () => {
  it("decodes ISO-8859-1 declared in the XML prolog when the server names no charset", () => {
    const feed = parseFeed(fixture("rss-latin1.xml"), { feedUrl: "https://fr.acme.example/rss", contentType: "application/xml" });
    expect(feed.items[0]!.title).toBe("Déménagement à Köln : « une étape clé »");
    expect(feed.items[0]!.summaryText).toBe("L'équipe s'installe près de la cathédrale — 120 m² de plus. Coût : 5 000 €.");
  });

  it("lets the Content-Type charset win over the prolog, and a byte-order mark over both", () => {
    const utf8 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Zürich</title></channel></rss>', "utf8");
    expect(decodeFeedBody(utf8, "text/xml; charset=utf-8")).toContain("Zürich");
    expect(decodeFeedBody(utf8, "text/xml")).toContain("ZÃ¼rich");
    expect(decodeFeedBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), "text/xml; charset=iso-8859-1")).toContain("Zürich");
  });

  it("reads an unknown charset as UTF-8", () => {
    expect(decodeFeedBody(Buffer.from("<rss>é</rss>", "utf8"), "text/xml; charset=x-unknown")).toBe("<rss>é</rss>");
  });
});

describe("parseFeed: documents that are not feeds", () => {
  it("reports broken XML as malformed", () => {
    expect(codeOf(() => parseFeed(fixture("invalid.xml"), { feedUrl: "https://broken.example/feed" }))).toBe("feedFetch.malformed");
  });

  it("reports an HTML page or JSON that is not a JSON Feed as not a feed", () => {
    expect(codeOf(() => parseFeed(fixture("not-a-feed.html"), { feedUrl: "https://acme.example/" }))).toBe("feedFetch.notAFeed");
    expect(codeOf(() => parseFeed('{"hello":"world"}', { feedUrl: "https://acme.example/" }))).toBe("feedFetch.notAFeed");
  });

  it("refuses external entities (XXE) and does not expand internal ones", () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>';
    expect(codeOf(() => parseFeed(xxe, { feedUrl: "https://acme.example/" }))).toBe("feedFetch.malformed");
    const laughs = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><title>t</title><item><title>&b;</title><link>https://acme.example/1</link></item></channel></rss>';
    expect(parseFeed(laughs, { feedUrl: "https://acme.example/" }).items[0]!.title.length).toBeLessThan(20);
  });

  it("keeps the whole items of a feed cut off in the middle (feedsmith reads leniently)", () => {
    const feed = parseFeed(fixture("truncated.xml"), { feedUrl: "https://cut.example/feed" });
    expect(feed.items[0]).toMatchObject({ title: "The first item arrived whole", url: "https://cut.example/1" });
  });
});

describe("parseFeedDate", () => {
  it("reads RFC 822, ISO 8601 and W3C-DTF dates, and an unknown zone name as UTC", () => {
    expect(parseFeedDate("Mon, 07 Dec 2026 08:00:00 +0100")).toEqual(new Date("2026-12-07T07:00:00Z"));
    expect(parseFeedDate("Mon, 07 Dec 2026 08:00:00 EST")).toEqual(new Date("2026-12-07T13:00:00Z"));
    expect(parseFeedDate("2026-12-07T08:00:00+02:00")).toEqual(new Date("2026-12-07T06:00:00Z"));
    expect(parseFeedDate("Mon, 07 Dec 2026 08:00:00 CEST")).toEqual(new Date("2026-12-07T08:00:00Z"));
    expect(parseFeedDate("yesterday-ish")).toBeNull();
    expect(parseFeedDate(undefined)).toBeNull();
  });
});
