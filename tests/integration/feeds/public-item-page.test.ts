import { Parser } from "htmlparser2";
import enCommon from "~/locales/en/common.json";
import enFeeds from "~/locales/en/feeds.json";
import frFeeds from "~/locales/fr/feeds.json";
import { localeCookie } from "~/modules/i18n/i18n.server";
import { findPublicItem, PUBLIC_DESCRIPTION_LENGTH, publicItemUrl } from "~/modules/feeds/public-item.server";
import { getAppUrl, getEnv } from "~/utils/env.server";
import { createUser, makeFeedItem, makeFeedSource, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { useQueryCounter } from "../../support/query-counter";

/**
 * A feed item's public page (/feed/{id}) as a visitor and a link previewer get it from the built
 * app: the tags previews are made of, with absolute addresses and escaped values, the cache header,
 * and the same 404 for every item nobody may see.
 */

useTestDatabase();
const app = useHttpApp();
const counter = useQueryCounter();

/** What LinkedIn's previewer says it is: the page must not depend on anything it does not run. */
const LINKEDIN_BOT = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)";

interface Head {
  title: string;
  /** `property` or `name` → content, for every <meta> of the document. */
  meta: Map<string, string>;
  canonical: string[];
}

/** The document's <title>, meta tags and canonical links, read by a real HTML parser (entities decoded). */
function headOf(html: string): Head {
  const head: Head = { title: "", meta: new Map(), canonical: [] };
  let inTitle = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "title") inTitle = true;
        const key = attributes.property ?? attributes.name;
        if (name === "meta" && key !== undefined && attributes.content !== undefined) {
          expect(head.meta.has(key), `meta ${key} appears twice`).toBe(false);
          head.meta.set(key, attributes.content);
        }
        if (name === "link" && attributes.rel === "canonical") head.canonical.push(attributes.href ?? "");
      },
      ontext(text) {
        if (inTitle) head.title += text;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return head;
}

async function visit(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.base}${path}`, { headers, redirect: "manual" });
  return { response, html: await response.text() };
}

const HOSTILE_TITLE = `Robots & people: "><script>alert(1)</script> the <b>future</b>`;

describe("an approved item's public page", () => {
  it("carries Open Graph and Twitter tags with absolute addresses and escaped values, a canonical link and a short public cache", async () => {
    const source = await makeFeedSource({ name: "Industry & Weekly" });
    const summaryText = `${"Teams that meet in person once a month report stronger ties. ".repeat(5)}`.trim();
    const item = await makeFeedItem({
      source,
      status: "approved",
      title: HOSTILE_TITLE,
      summaryHtml: "<p>Teams that <strong>meet</strong> report stronger ties.</p>",
      summaryText,
      url: "https://news.example/articles/robots?id=1&lang=en",
      imageUrl: "https://news.example/images/robots.jpg?w=1200&h=630",
      publishedAt: new Date("2026-11-20T09:30:00Z"),
    });
    const { response, html } = await visit(`/feed/${item.id}`, { "User-Agent": LINKEDIN_BOT });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(response.headers.get("vary")).toMatch(/Accept-Language, Cookie/);
    expect(response.headers.get("set-cookie")).toBeNull();
    // The article's picture may be shown; scripts keep the usual nonce-only policy.
    expect(response.headers.get("content-security-policy")).toMatch(/img-src 'self' data: https:;/);
    expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+';/);

    // The hostile title never becomes markup: only its escaped form is in the document.
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<b>future</b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");

    const canonical = `${getAppUrl()}/feed/${item.id}`;
    expect(canonical).toMatch(/^https?:\/\/[^/]+\/feed\/[0-9a-f-]{36}$/);
    expect(publicItemUrl(item.id)).toBe(canonical);
    const head = headOf(html);
    expect(head.title).toBe(`${HOSTILE_TITLE} · ${enCommon.appName}`);
    expect(head.canonical).toEqual([canonical]);
    const description = head.meta.get("description")!;
    expect(description.length).toBeLessThanOrEqual(PUBLIC_DESCRIPTION_LENGTH);
    expect(description).toMatch(/ties\.?…$|\w…$/);
    expect(summaryText.startsWith(description.replace(/…$/, ""))).toBe(true);
    expect(Object.fromEntries(head.meta)).toMatchObject({
      "og:type": "article",
      "og:title": HOSTILE_TITLE,
      "og:description": description,
      "og:url": canonical,
      "og:image": "https://news.example/images/robots.jpg?w=1200&h=630",
      "og:site_name": getEnv().COMPANY_NAME,
      "og:locale": "en_GB",
      "twitter:card": "summary_large_image",
      "twitter:title": HOSTILE_TITLE,
      "twitter:description": description,
      "twitter:image": "https://news.example/images/robots.jpg?w=1200&h=630",
    });

    // The page itself: title, picture, summary, source, date, the way to the article, who shared it.
    expect(html).toMatch(/<h1 id="public-item-title">Robots &amp; people: &quot;&gt;&lt;script&gt;/);
    // The picture comes from the portal's image proxy (ADR 022), never from the article's host.
    expect(html).toMatch(new RegExp(`<img class="public-item__image" src="/feed/images/${item.id}" alt="Robots &amp; people[^"]*" width="1200" height="630"`, "i"));
    expect(html).toContain("<p>Teams that <strong>meet</strong> report stronger ties.</p>");
    expect(html).toContain("Industry &amp; Weekly");
    expect(html).toContain('<time dateTime="2026-11-20T09:30:00.000Z">Published Nov 20, 2026</time>');
    expect(html).toMatch(/<a class="button" href="https:\/\/news\.example\/articles\/robots\?id=1&amp;lang=en" rel="noopener" referrerPolicy="strict-origin-when-cross-origin">Read the full article<\/a>/i);
    expect(html).toContain(enFeeds.public.sharedBy.replace("{{company}}", getEnv().COMPANY_NAME));
    // A visitor's header: no signed-in navigation, a way to sign in.
    expect(html).not.toContain(`aria-label="${enCommon.nav.mainNavigation}"`);
    expect(html).toContain(`>${enCommon.nav.signIn}</a>`);
  });

  it("gives an item without a picture a summary card and no image tags", async () => {
    const item = await makeFeedItem({ status: "approved", title: "No picture here" });
    const { response, html } = await visit(`/feed/${item.id}`);
    expect(response.status).toBe(200);
    const head = headOf(html);
    expect(head.meta.get("twitter:card")).toBe("summary");
    expect(head.meta.has("og:image")).toBe(false);
    expect(head.meta.has("twitter:image")).toBe(false);
    expect(html).not.toContain("public-item__image");
  });

  it("names the company for a company post and, without a link, offers no article to read", async () => {
    const item = await makeFeedItem({ source: null, kind: "company", status: "approved", title: "Our new office", url: null });
    const { response, html } = await visit(`/feed/${item.id}`);
    expect(response.status).toBe(200);
    expect(html).toContain(`<span class="public-item__source">${getEnv().COMPANY_NAME}</span>`);
    expect(html).not.toContain(enFeeds.public.readFull);
    expect(html).not.toMatch(/<a class="button" href="http/);
  });

  it("is in French for a visitor who chose French, with a French date and og:locale", async () => {
    const item = await makeFeedItem({ status: "approved", publishedAt: new Date("2026-11-20T09:30:00Z") });
    const french = (await localeCookie.serialize("fr")).split(";")[0]!;
    const { html } = await visit(`/feed/${item.id}`, { Cookie: french });
    expect(headOf(html).meta.get("og:locale")).toBe("fr_FR");
    expect(html).toContain(frFeeds.public.readFull);
    expect(html).toContain("Publié le 20 nov. 2026");
  });

  it("asks nothing of the sessions table for a visitor, and reads the item in one query", async () => {
    const item = await makeFeedItem({ status: "approved" });
    counter.reset();
    const { response } = await visit(`/feed/${item.id}`);
    expect(response.status).toBe(200);
    expect(counter.naming("sessions")).toBe(0);
    expect(counter.naming("feed_items")).toBe(1);
  });

  it("is private and never stored for a signed-in reader, who keeps their navigation", async () => {
    const item = await makeFeedItem({ status: "approved" });
    const cookie = await signIn(await createUser({ role: "alumnus" }));
    const { response, html } = await visit(`/feed/${item.id}`, { Cookie: cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(html).toContain(`aria-label="${enCommon.nav.mainNavigation}"`);
  });
});

describe("the way to the public page", () => {
  it("is linked from HR's page of an approved item, and not from a pending one", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const approved = await makeFeedItem({ status: "approved" });
    const pending = await makeFeedItem({ status: "pending" });
    expect((await visit(`/admin/feed/${approved.id}`, { Cookie: cookie })).html).toMatch(new RegExp(`<a [^>]*href="/feed/${approved.id}">${enFeeds.item.publicPage}</a>`));
    expect((await visit(`/admin/feed/${pending.id}`, { Cookie: cookie })).html).not.toContain(enFeeds.item.publicPage);
  });
});

describe("an item nobody may see", () => {
  /** The 404 page, whatever the reason: the same status, headers and body apart from per-response values. */
  async function notFoundPage(path: string) {
    const { response, html } = await visit(path, { "User-Agent": LINKEDIN_BOT });
    expect(response.status, path).toBe(404);
    expect(response.headers.get("cache-control"), path).toBe("no-store");
    expect(response.headers.get("set-cookie"), path).toBeNull();
    const head = headOf(html);
    expect([...head.meta.keys()].filter((key) => key.startsWith("og:") || key.startsWith("twitter:")), path).toEqual([]);
    expect(head.canonical, path).toEqual([]);
    expect(html).toContain(enCommon.errors.notFound.title);
    // Per-response values (the CSP nonce) aside, every refusal is the same page.
    return html.replace(/nonce="[^"]*"/g, "").replace(/\/feed\/[^"<\s]*/g, "/feed/…");
  }

  it("answers the same no-store 404 for a waiting, rejected, expired, unknown or malformed id, and reveals nothing", async () => {
    const hidden = {
      pending: await makeFeedItem({ status: "pending", title: "Secret pending title" }),
      rejected: await makeFeedItem({ status: "rejected", title: "Secret rejected title" }),
      expired: await makeFeedItem({ status: "approved", title: "Secret expired title", expiresAt: new Date(Date.now() - 60_000) }),
      expiredStatus: await makeFeedItem({ status: "expired", title: "Secret expired status title" }),
    };
    const pages = [
      ...Object.values(hidden).map((item) => `/feed/${item.id}`),
      "/feed/00000000-0000-4000-8000-000000000000",
      "/feed/not-an-id",
      "/feed/00000000-0000-4000-8000-00000000000'",
    ];
    const bodies = [];
    for (const path of pages) bodies.push(await notFoundPage(path));
    for (const body of bodies) {
      expect(body).toBe(bodies[0]);
      expect(body).not.toMatch(/Secret .* title/);
    }
  });

  it("answers a data request of the client router for a hidden item with a no-store 404 too", async () => {
    const item = await makeFeedItem({ status: "pending" });
    const { response } = await visit(`/feed/${item.id}?_data=${encodeURIComponent("routes/feed.$itemId")}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("stops showing an item once it expires or is rejected", async () => {
    const item = await makeFeedItem({ status: "approved", expiresAt: new Date(Date.now() + 3_600_000) });
    expect(await findPublicItem(testDb(), item.id)).not.toBeNull();
    expect(await findPublicItem(testDb(), item.id, new Date(Date.now() + 2 * 3_600_000))).toBeNull();
    await testDb().updateTable("feed_items").set({ status: "rejected" }).where("id", "=", item.id).execute();
    expect((await visit(`/feed/${item.id}`)).response.status).toBe(404);
  });
});
