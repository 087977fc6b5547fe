import { gzipSync } from "node:zlib";
import { InternalHostAllowList } from "~/modules/platform/address-policy";
import { FeedError } from "~/modules/feeds/feed-error";
import { defaultFetchPolicy, fetchFeed, type FetchPolicy } from "~/modules/feeds/safe-fetch.server";
import { resetEnvCache } from "~/utils/env.server";
import { etagOf, fixture, HUGE_BODY_BYTES, startFakeFeedServer, type FakeFeedServer } from "../../fakes/feed-server";

/**
 * The guarded fetch against a real local server (tests/fakes/feed-server.ts). The server listens on
 * 127.0.0.1, which the default policy refuses: each test names the hosts it lets through, as a
 * company would list its intranet feed's host in FEED_ALLOWED_INTERNAL_HOSTS.
 */

let server: FakeFeedServer;

beforeAll(async () => {
  server = await startFakeFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function policy(overrides: Partial<FetchPolicy> & { allow?: string[] } = {}): FetchPolicy {
  const { allow = ["127.0.0.1", "localhost"], ...rest } = overrides;
  return { timeoutMs: 5_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, allowedInternalHosts: new InternalHostAllowList(allow), ...rest };
}

async function failureOf(promise: Promise<unknown>): Promise<FeedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FeedError) return error;
    throw error;
  }
  throw new Error("expected the fetch to fail");
}

describe("fetching a feed", () => {
  it("answers the body, its content type and its validators", async () => {
    const result = await fetchFeed(`${server.url}/etag/rss2-company-blog.xml`, {}, policy());
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    expect(Buffer.from(result.body)).toEqual(fixture("rss2-company-blog.xml"));
    expect(result.contentType).toBe("application/xml");
    expect(result.etag).toBe(etagOf(fixture("rss2-company-blog.xml")));
    expect(result.lastModified).toBe("Mon, 07 Dec 2026 08:00:00 GMT");
  });

  it("sends the stored ETag and Last-Modified and reads a 304 as not modified", async () => {
    const etag = etagOf(fixture("atom-engineering.xml"));
    const result = await fetchFeed(`${server.url}/etag/atom-engineering.xml`, { etag, lastModified: "Mon, 07 Dec 2026 08:00:00 GMT" }, policy());
    expect(result).toEqual({ status: "notModified", url: `${server.url}/etag/atom-engineering.xml` });
    expect(server.requests[0]?.headers).toMatchObject({ "if-none-match": etag, "if-modified-since": "Mon, 07 Dec 2026 08:00:00 GMT" });
  });

  it("decompresses a gzip-encoded body", async () => {
    const result = await fetchFeed(`${server.url}/gzip/jsonfeed-careers.json`, {}, policy());
    expect(result.status === "ok" && Buffer.from(result.body).equals(fixture("jsonfeed-careers.json"))).toBe(true);
  });

  it("follows redirects within the limit and answers the final address (the base of relative links)", async () => {
    const target = `${server.url}/feeds/rdf-press.xml`;
    const result = await fetchFeed(`${server.url}/redirect?status=301&to=${encodeURIComponent(target)}`, {}, policy());
    expect(result.status === "ok" && result.url).toBe(target);
  });
});

describe("a misbehaving server", () => {
  it("that answers too slowly fails with a timeout at the deadline", async () => {
    const started = Date.now();
    const error = await failureOf(fetchFeed(`${server.url}/slow/5000/rss2-company-blog.xml`, {}, policy({ timeoutMs: 400 })));
    expect(error.code).toBe("feedFetch.timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("that sends its body a byte at a time fails with a timeout: the deadline covers the whole body", async () => {
    const error = await failureOf(fetchFeed(`${server.url}/slow-body`, {}, policy({ timeoutMs: 600 })));
    expect(error.code).toBe("feedFetch.timeout");
  });

  it("that answers 500 fails with the status HR can read", async () => {
    const error = await failureOf(fetchFeed(`${server.url}/status/500`, {}, policy()));
    expect(error).toMatchObject({ code: "feedFetch.httpStatus", values: { status: 500 } });
  });

  it("that streams 50 MB is cut off past the limit, long before it has sent it all", async () => {
    const error = await failureOf(fetchFeed(`${server.url}/huge`, {}, policy()));
    expect(error).toMatchObject({ code: "feedFetch.tooLarge", values: { megabytes: 5 } });
    // Give the server a moment to notice the closed connection, then check how far it got.
    await new Promise((done) => setTimeout(done, 100));
    expect(server.bytesSent("/huge")).toBeLessThan(HUGE_BODY_BYTES / 2);
  });

  it("that sends a small gzip body inflating to 50 MB (a zip bomb) is cut off at the limit after decompression", async () => {
    const bomb = gzipSync(Buffer.alloc(HUGE_BODY_BYTES, " "));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    server.route("/bomb.xml", (_request, response) => {
      response.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip", "content-length": bomb.length });
      response.end(bomb);
    });
    const error = await failureOf(fetchFeed(`${server.url}/bomb.xml`, {}, policy()));
    expect(error.code).toBe("feedFetch.tooLarge");
  });

  it("that declares 50 MB is refused from its Content-Length", async () => {
    const error = await failureOf(fetchFeed(`${server.url}/huge-declared`, {}, policy()));
    expect(error.code).toBe("feedFetch.tooLarge");
  });

  it("that redirects in a loop fails after the redirect limit", async () => {
    const error = await failureOf(fetchFeed(`${server.url}/loop/0`, {}, policy({ maxRedirects: 5 })));
    expect(error).toMatchObject({ code: "feedFetch.tooManyRedirects", values: { max: 5 } });
    expect(server.requests.map((r) => r.path)).toEqual(["/loop/0", "/loop/1", "/loop/2", "/loop/3", "/loop/4", "/loop/5"]);
  });
});

describe("the address guard (SSRF)", () => {
  it("refuses a loopback address by default, before any request reaches it", async () => {
    const error = await failureOf(fetchFeed(`${server.url}/feeds/rss2-company-blog.xml`, {}, policy({ allow: [] })));
    expect(error).toMatchObject({ code: "feedFetch.blockedAddress", values: { host: "127.0.0.1" } });
    expect(server.requests).toEqual([]);
  });

  it("refuses localhost and an IPv4-mapped IPv6 loopback by default", async () => {
    expect((await failureOf(fetchFeed(`${server.localhostUrl}/feeds/rdf-press.xml`, {}, policy({ allow: [] })))).code).toBe("feedFetch.blockedAddress");
    expect((await failureOf(fetchFeed(`http://[::ffff:127.0.0.1]:${server.port}/feeds/rdf-press.xml`, {}, policy({ allow: [] })))).code).toBe("feedFetch.blockedAddress");
    expect(server.requests).toEqual([]);
  });

  it("refuses a redirect to 127.0.0.1 when only the first host is allowed", async () => {
    const target = `${server.url}/feeds/rss2-company-blog.xml`;
    const error = await failureOf(fetchFeed(`${server.localhostUrl}/redirect?to=${encodeURIComponent(target)}`, {}, policy({ allow: ["localhost"] })));
    expect(error).toMatchObject({ code: "feedFetch.blockedAddress", values: { host: "127.0.0.1" } });
    expect(server.requests.map((r) => r.path)).toEqual(["/redirect"]);
  });

  it("refuses a redirect to the cloud metadata address 169.254.169.254", async () => {
    const error = await failureOf(fetchFeed(`${server.url}/redirect?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`, {}, policy()));
    expect(error).toMatchObject({ code: "feedFetch.blockedAddress", values: { host: "169.254.169.254" } });
  });

  it("refuses schemes other than http and https, on the source and on a redirect", async () => {
    expect(await failureOf(fetchFeed("file:///etc/passwd", {}, policy()))).toMatchObject({ code: "feedFetch.unsupportedScheme", values: { scheme: "file" } });
    const error = await failureOf(fetchFeed(`${server.url}/redirect?to=${encodeURIComponent("gopher://127.0.0.1:6379/_INFO")}`, {}, policy()));
    expect(error).toMatchObject({ code: "feedFetch.unsupportedScheme", values: { scheme: "gopher" } });
  });

  it("checks the address a name resolves to when connecting: a public name rebound to 127.0.0.1 is refused", async () => {
    const rebinding: FetchPolicy["resolve"] = async () => [{ address: "127.0.0.1", family: 4 }];
    const error = await failureOf(fetchFeed(`http://feeds.rebind.example:${server.port}/feeds/rdf-press.xml`, {}, policy({ allow: [], resolve: rebinding })));
    expect(error).toMatchObject({ code: "feedFetch.blockedAddress", values: { host: "feeds.rebind.example" } });
    expect(server.requests).toEqual([]);
  });

  it("refuses a name with any internal address among its public ones", async () => {
    const mixed: FetchPolicy["resolve"] = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ];
    const error = await failureOf(fetchFeed(`http://mixed.example:${server.port}/feeds/rdf-press.xml`, {}, policy({ allow: [], resolve: mixed })));
    expect(error.code).toBe("feedFetch.blockedAddress");
  });

  it("lets an intranet host named in the allow-list resolve to an internal address", async () => {
    const intranet: FetchPolicy["resolve"] = async () => [{ address: "127.0.0.1", family: 4 }];
    const result = await fetchFeed(`http://news.intranet.acme.example:${server.port}/feeds/rdf-press.xml`, {}, policy({ allow: ["news.intranet.acme.example"], resolve: intranet }));
    expect(result.status).toBe("ok");
    expect(server.requests[0]?.headers.host).toBe(`news.intranet.acme.example:${server.port}`);
  });

  it("reads its allow-list from FEED_ALLOWED_INTERNAL_HOSTS, and refuses internal addresses when it is unset", async () => {
    delete process.env.FEED_ALLOWED_INTERNAL_HOSTS;
    resetEnvCache();
    expect((await failureOf(fetchFeed(`${server.url}/feeds/rdf-press.xml`, {}, defaultFetchPolicy()))).code).toBe("feedFetch.blockedAddress");

    process.env.FEED_ALLOWED_INTERNAL_HOSTS = " Intranet.Acme.example , 127.0.0.1";
    resetEnvCache();
    const result = await fetchFeed(`${server.url}/feeds/rdf-press.xml`, {}, defaultFetchPolicy());
    expect(result.status).toBe("ok");
    expect(defaultFetchPolicy().allowedInternalHosts.allows("intranet.acme.example")).toBe(true);
  });
});
