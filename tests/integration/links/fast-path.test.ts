import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { clickBuffer } from "~/modules/links/click-buffer.server";
import { countClicks, trackedLinkFor } from "~/modules/links/tracked-links.server";
import { keyedIpHash } from "~/modules/platform/ip-hash.server";
import { logger, routeLogsTo } from "~/modules/platform/logger.server";
import { trackedLinkListener } from "../../../server/tracked-link-redirect";
import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";

/**
 * ADR 020's fast path: `GET|HEAD /r/{code}` answered by the server's request listener in front of
 * express. These prove it keeps the redirect's guarantees without the shared middleware, and that
 * everything else still goes through express and its middleware.
 */

useTestDatabase();
const app = useHttpApp();
// Behind a proxy: X-Forwarded-For names the client, as it does for the rest of the app (req.ip).
const proxied = useHttpApp({ env: { TRUST_PROXY: "true" } });

const BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const TARGET = "https://news.acme.example/story?id=7";
const LOCATION = "https://news.acme.example/story?id=7&utm_source=alumni-portal&utm_medium=newsletter&utm_campaign=issue-1";

function get(base: string, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetch(`${base}${path}`, { redirect: "manual", ...init, headers: { "User-Agent": BROWSER, ...init.headers } });
}

async function newsletterLink() {
  return trackedLinkFor({ channel: "newsletter", targetUrl: TARGET, campaign: "issue-1" });
}

async function flushed(linkId: string) {
  await clickBuffer().flushNow();
  return countClicks(linkId);
}

describe("the tracked-link fast path", () => {
  it("answers a redirect with only the headers that matter for it, and none of the page middleware's", async () => {
    const link = await newsletterLink();
    const response = await get(app.base, `/r/${link.code}`);
    expect(response.status).toBe(302);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      location: LOCATION,
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
      "x-robots-tag": "noindex",
      "content-length": "0",
    });
    // Not through express: no request id, no CSP nonce, no cookie, no HSTS outside production.
    for (const header of ["x-request-id", "content-security-policy", "set-cookie", "strict-transport-security", "x-powered-by"]) {
      expect.soft(response.headers.get(header), header).toBeNull();
    }
  });

  it("ignores the query string: a network's own parameters neither break the redirect nor reach the Location", async () => {
    const link = await newsletterLink();
    const response = await get(app.base, `/r/${link.code}?fbclid=IwAR0abc&url=https://evil.example&utm_source=evil`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(LOCATION);
  });

  it("answers the small 404 page, with document headers and a request id, for every path under /r/ that is not a known code", async () => {
    const link = await newsletterLink();
    const paths = [
      "/r/",
      "/r/AAAAAAAAAAAA",
      "/r/short",
      `/r/${"A".repeat(65)}`,
      `/r/${link.code}/`,
      `/r/${link.code}/extra`,
      `/r/${link.code}%00`,
      `/r/%2F%2Fevil.example`,
      "/r/..%2Fadmin",
      `/r/${link.code.slice(0, 6)}%41${link.code.slice(7)}`,
    ];
    for (const path of paths) {
      const response = await get(app.base, path, { headers: { "Accept-Language": "en" } });
      expect.soft(response.status, path).toBe(404);
      expect.soft(response.headers.get("location"), path).toBeNull();
      expect.soft(response.headers.get("content-type"), path).toMatch(/^text\/html/);
      expect.soft(response.headers.get("cache-control"), path).toBe("private, no-store");
      expect.soft(response.headers.get("content-security-policy"), path).toContain("default-src 'none'");
      expect.soft(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect.soft(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect.soft(response.headers.get("x-request-id"), path).toMatch(/^[0-9a-f-]{36}$/);
      expect.soft(await response.text(), path).toContain("Page not found");
    }
  });

  it("answers HEAD like GET, without a body, and counts neither", async () => {
    const link = await newsletterLink();
    const redirect = await get(app.base, `/r/${link.code}`, { method: "HEAD" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(LOCATION);
    const missing = await get(app.base, "/r/AAAAAAAAAAAA", { method: "HEAD" });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("");
    expect(await flushed(link.id)).toBe(0);
  });

  it("leaves every other request to express and its middleware: /r, /rabbit, /R/{code}, and a POST to /r/{code}", async () => {
    const link = await newsletterLink();
    const cases: Array<{ path: string; method?: string }> = [
      { path: "/r" },
      { path: "/rabbit" },
      { path: "/r?code=AAAAAAAAAAAA" },
      { path: `/R/${link.code}` },
      { path: `/r/${link.code}`, method: "POST" },
    ];
    for (const { path, method } of cases) {
      const response = await get(app.base, path, { method: method ?? "GET" });
      // express's first middleware: a request id and the CSP with a fresh nonce.
      expect.soft(response.headers.get("x-request-id"), path).toMatch(/^[0-9a-f-]{36}$/);
      expect.soft(response.headers.get("content-security-policy"), path).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect.soft(response.headers.get("location"), path).toBeNull();
      expect.soft(response.status, path).not.toBe(302);
    }
    expect(await flushed(link.id)).toBe(0);
  });

  it("keeps the client IP only as its keyed hash, read by the app's trusted-proxy rule", async () => {
    const link = await newsletterLink();
    const forwarded = { "X-Forwarded-For": "203.0.113.7, 10.1.2.3" };
    // Not behind a proxy (the default): the header is anybody's to write, the socket's address counts.
    expect((await get(app.base, `/r/${link.code}`, { headers: forwarded })).status).toBe(302);
    // TRUST_PROXY=true: express's req.ip rule, the furthest address of X-Forwarded-For.
    expect((await get(proxied.base, `/r/${link.code}`, { headers: forwarded })).status).toBe(302);
    expect(await flushed(link.id)).toBe(2);
    const rows = await testDb().selectFrom("link_clicks").select("ip_hash").execute();
    expect(rows.map((row) => row.ip_hash).sort()).toEqual([keyedIpHash("click-ip", "127.0.0.1"), keyedIpHash("click-ip", "203.0.113.7")].sort());
  });

  it("logs a 404 as a request line with its id, and no line per redirect at info level", async () => {
    const link = await newsletterLink();
    const lines: string[] = [];
    const previousLevel = logger.level;
    logger.level = "info";
    routeLogsTo({ write: (line: string) => void lines.push(line) });
    try {
      expect((await get(app.base, `/r/${link.code}`)).status).toBe(302);
      const missing = await get(app.base, "/r/AAAAAAAAAAAA");
      expect(missing.status).toBe(404);
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toEqual([
        expect.objectContaining({ msg: "request", status: 404, path: "/r/AAAAAAAAAAAA", requestId: missing.headers.get("x-request-id") }),
      ]);
    } finally {
      routeLogsTo(null);
      logger.level = previousLevel;
    }
  });
});

describe("the listener on its own", () => {
  let server: Server | undefined;
  const handed: string[] = [];
  afterEach(async () => {
    server?.closeAllConnections();
    if (server) await new Promise((done) => server!.close(done));
    server = undefined;
    handed.length = 0;
  });

  async function listen(listener: RequestListener): Promise<string> {
    server = createServer(listener);
    await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const next: RequestListener = (req, res) => {
    handed.push(`${req.method} ${req.url}`);
    res.writeHead(204).end();
  };

  it("adds HSTS in production, on the redirect and on the 404 page", async () => {
    const link = await newsletterLink();
    const base = await listen(trackedLinkListener({ next, trustProxy: () => false, production: true }));
    for (const path of [`/r/${link.code}`, "/r/AAAAAAAAAAAA"]) {
      const response = await get(base, path);
      expect.soft(response.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
    }
    expect(handed).toEqual([]);
  });

  it("hands everything but GET and HEAD under /r/ to the next listener, untouched", async () => {
    const base = await listen(trackedLinkListener({ next, trustProxy: () => false, production: false }));
    for (const [method, path] of [
      ["GET", "/"],
      ["GET", "/r"],
      ["GET", "/rabbit"],
      ["GET", "/r?x=1"],
      ["POST", "/r/AAAAAAAAAAAA"],
      ["OPTIONS", "/r/AAAAAAAAAAAA"],
    ] as const) {
      expect((await get(base, path, { method })).status).toBe(204);
    }
    expect(handed).toEqual(["GET /", "GET /r", "GET /rabbit", "GET /r?x=1", "POST /r/AAAAAAAAAAAA", "OPTIONS /r/AAAAAAAAAAAA"]);
  });

  it("answers the 500 page, not a crash, when the link cannot be read", async () => {
    const base = await listen(trackedLinkListener({ next, trustProxy: () => false, production: false }));
    // A code nobody asked for yet needs the database: its look-up fails.
    const failing = vi.spyOn(await import("~/modules/links/tracked-links.server"), "findLinkByCode").mockRejectedValueOnce(new Error("database down"));
    try {
      const response = await get(base, "/r/BBBBBBBBBBBB");
      expect(response.status).toBe(500);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      failing.mockRestore();
    }
  });
});
