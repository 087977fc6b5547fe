import { clickBuffer } from "~/modules/links/click-buffer.server";
import { countClicks, trackedLinkFor } from "~/modules/links/tracked-links.server";
import { keyedIpHash } from "~/modules/platform/ip-hash.server";
import { createUser, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { useQueryCounter } from "../../support/query-counter";

useTestDatabase();
const queries = useQueryCounter();
const app = useHttpApp();

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const PREVIEWERS = [
  "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
  "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
  "Twitterbot/1.0",
  "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
];

function visit(path: string, init: { userAgent?: string; method?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.userAgent) headers["User-Agent"] = init.userAgent;
  return fetch(`${app.base}${path}`, { method: init.method ?? "GET", headers, redirect: "manual" });
}

async function shareLink(targetUrl = "https://news.acme.example/story?id=7#top") {
  const item = await testDb().insertInto("feed_items").values({ kind: "company", status: "approved", title: "Story", url: targetUrl }).returning("id").executeTakeFirstOrThrow();
  const alex = await createUser();
  return trackedLinkFor({ feedItemId: item.id, userId: alex.id, channel: "linkedin", targetUrl, campaign: "share-feed" });
}

async function flushedClicks(linkId: string) {
  await clickBuffer().flushNow();
  return countClicks(linkId);
}

describe("GET /r/{code}", () => {
  it("answers 302 to the stored target with the campaign parameters, private and uncacheable", async () => {
    const link = await shareLink();
    const response = await visit(`/r/${link.code}`, { userAgent: BROWSER });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      "https://news.acme.example/story?id=7&utm_source=alumni-portal&utm_medium=linkedin&utm_campaign=share-feed#top",
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await response.text()).toBe("");
  });

  it("reads a code's link from the database once, then answers from memory", async () => {
    const link = await shareLink();
    queries.reset();
    expect((await visit(`/r/${link.code}`, { userAgent: BROWSER })).status).toBe(302);
    expect(queries.naming("tracked_links")).toBe(1);
    for (let n = 0; n < 5; n++) expect((await visit(`/r/${link.code}`, { userAgent: BROWSER })).status).toBe(302);
    expect(queries.naming("tracked_links")).toBe(1);
  });

  it("records each browser click once the buffer flushes, with the IP only as a keyed hash", async () => {
    const link = await shareLink();
    for (let n = 0; n < 3; n++) expect((await visit(`/r/${link.code}`, { userAgent: BROWSER })).status).toBe(302);
    expect(await flushedClicks(link.id)).toBe(3);
    const rows = await testDb().selectFrom("link_clicks").selectAll().execute();
    expect(new Set(rows.map((row) => row.ip_hash))).toEqual(new Set([keyedIpHash("click-ip", "127.0.0.1")]));
    expect(JSON.stringify(rows)).not.toContain("127.0.0.1");
  });

  it("redirects bots and link previewers, HEAD requests and clients without a User-Agent, but does not count them", async () => {
    const link = await shareLink();
    for (const userAgent of PREVIEWERS) expect((await visit(`/r/${link.code}`, { userAgent })).status).toBe(302);
    expect((await visit(`/r/${link.code}`, { userAgent: BROWSER, method: "HEAD" })).status).toBe(302);
    expect((await fetch(`${app.base}/r/${link.code}`, { redirect: "manual", headers: { "User-Agent": "" } })).status).toBe(302);
    expect((await visit(`/r/${link.code}`, { userAgent: BROWSER })).status).toBe(302);
    expect(await flushedClicks(link.id)).toBe(1);
  });

  it("answers an unknown code with the 404 page in the visitor's language, without a redirect", async () => {
    const response = await visit("/r/AAAAAAAAAAAAAAAA", { userAgent: BROWSER, headers: { "Accept-Language": "fr-FR,fr;q=0.9" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(await response.text()).toContain("Page introuvable");
  });

  it("never redirects anywhere but a stored target, whatever the code looks like", async () => {
    await shareLink();
    const attempts = [
      "/r/https:%2F%2Fevil.example",
      "/r/%2F%2Fevil.example",
      "/r//evil.example",
      "/r///evil.example/",
      "/r/evil.example",
      "/r/%5C%5Cevil.example",
      "/r/javascript:alert(1)",
      "/r/AAAAAAAAAAAA?url=https://evil.example",
      "/r/AAAAAAAAAAAA/https://evil.example",
    ];
    for (const path of attempts) {
      const response = await visit(path, { userAgent: BROWSER });
      expect.soft(response.status, path).toBe(404);
      expect.soft(response.headers.get("location"), path).toBeNull();
    }
  });

  it("keeps a known code's redirect the same for a signed-in visitor (no session look-up changes it)", async () => {
    const link = await shareLink("https://acme.example/");
    const cookie = await signIn(await createUser());
    const response = await visit(`/r/${link.code}`, { userAgent: BROWSER, headers: { Cookie: cookie } });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://acme.example/?utm_source=alumni-portal&utm_medium=linkedin&utm_campaign=share-feed");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });
});
