import type { ServerResponse } from "node:http";
import { createItemImageStore, FAILURE_TTL_MS, IMAGE_TTL_MS, imageFetchPolicy, itemImagePath, itemImages, MAX_CONCURRENT_FETCHES, MAX_IMAGE_BYTES } from "~/modules/feeds/item-images.server";
import { logger, routeLogsTo } from "~/modules/platform/logger.server";
import { resetEnvCache } from "~/utils/env.server";
import { createUser, makeFeedItem, signIn } from "../../factories";
import { startFakeFeedServer, type FakeFeedServer } from "../../fakes/feed-server";
import { HTML_PAGE, JPEG_1X1, PNG_1X1, SVG } from "../../fakes/images";
import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { useQueryCounter } from "../../support/query-counter";

/**
 * The image proxy (docs/decisions/022) through the real web server, against a local image server
 * (tests/fakes/feed-server.ts). Images are served from http://localhost:<port>, the one host this
 * file lets through the address guard (FEED_ALLOWED_INTERNAL_HOSTS, as a company would list an
 * intranet host); 127.0.0.1 stays refused, which lets a redirect play an internal address.
 */

useTestDatabase();
const queries = useQueryCounter();
const app = useHttpApp();

let server: FakeFeedServer;

beforeAll(async () => {
  process.env.FEED_ALLOWED_INTERNAL_HOSTS = "localhost";
  resetEnvCache();
  server = await startFakeFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  itemImages().forget();
});

function serve(path: string, body: Buffer, headers: Record<string, string | number> = {}, delayMs = 0) {
  server.route(path, (_request, response) => {
    const answer = () => {
      if (response.destroyed) return;
      response.writeHead(200, { "content-length": body.length, ...headers });
      response.end(body);
    };
    if (delayMs === 0) return answer();
    const timer = setTimeout(answer, delayMs);
    response.on("close", () => clearTimeout(timer));
  });
  return `${server.localhostUrl}${path}`;
}

async function itemWithImage(imageUrl: string, overrides: Parameters<typeof makeFeedItem>[0] = {}) {
  return makeFeedItem({ status: "approved", imageUrl, ...overrides });
}

function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  return fetch(`${app.base}${path}`, { method, headers, redirect: "manual" });
}

function upstreamRequests(path: string) {
  return server.requests.filter((request) => request.path === path).length;
}

async function expectBareNotFound(response: Response) {
  expect(response.status).toBe(404);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect(await response.text()).toBe("Not found\n");
}

describe("GET /feed/images/{itemId}", () => {
  it("answers a PNG from the portal's origin with its detected type, length, ETag and protective headers", async () => {
    const item = await itemWithImage(serve("/logo.png", PNG_1X1, { "content-type": "image/png" }));
    expect(itemImagePath(item.id)).toBe(`/feed/images/${item.id}`);
    const response = await get(itemImagePath(item.id));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG_1X1);
    expect(Object.fromEntries(["content-type", "content-length", "x-content-type-options", "content-security-policy", "cache-control", "cross-origin-resource-policy"].map((name) => [name, response.headers.get(name)]))).toEqual({
      "content-type": "image/png",
      "content-length": String(PNG_1X1.length),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "public, max-age=86400",
      "cross-origin-resource-policy": "same-origin",
    });
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    // The image host learns nothing of the reader: the request is the server's.
    expect(server.requests[0]?.headers).toMatchObject({ "user-agent": "AlumniPortal-ImageProxy/1.0", accept: expect.stringContaining("image/avif") });
    expect(server.requests[0]?.headers.cookie).toBeUndefined();
  });

  it("answers a JPEG, HEAD with the same headers and no body, and 304 to a matching If-None-Match", async () => {
    const item = await itemWithImage(serve("/photo.jpg", JPEG_1X1, { "content-type": "image/jpeg" }));
    const full = await get(itemImagePath(item.id));
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await full.arrayBuffer())).toEqual(JPEG_1X1);
    const etag = full.headers.get("etag")!;

    const head = await get(itemImagePath(item.id), {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(JPEG_1X1.length));
    expect(head.headers.get("etag")).toBe(etag);
    expect(await head.text()).toBe("");

    const revalidated = await get(itemImagePath(item.id), { "If-None-Match": `W/"other", ${etag}` });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(await revalidated.text()).toBe("");
    expect(upstreamRequests("/photo.jpg")).toBe(1);
  });

  it("names the type the bytes show, not the one the image host sent", async () => {
    const item = await itemWithImage(serve("/mislabelled", PNG_1X1, { "content-type": "application/octet-stream" }));
    const response = await get(itemImagePath(item.id));
    expect(response.headers.get("content-type")).toBe("image/png");
  });

  it("refuses an SVG, even labelled image/png, and one labelled as SVG", async () => {
    const disguised = await itemWithImage(serve("/disguised.png", SVG, { "content-type": "image/png" }));
    const honest = await itemWithImage(serve("/honest.svg", SVG, { "content-type": "image/svg+xml" }));
    await expectBareNotFound(await get(itemImagePath(disguised.id)));
    await expectBareNotFound(await get(itemImagePath(honest.id)));
  });

  it("refuses an HTML page labelled image/jpeg", async () => {
    const item = await itemWithImage(serve("/page.jpg", HTML_PAGE, { "content-type": "image/jpeg" }));
    await expectBareNotFound(await get(itemImagePath(item.id)));
  });

  it("refuses an image over 3 MB, declared or streamed", async () => {
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(MAX_IMAGE_BYTES)]);
    const declared = await itemWithImage(serve("/big.png", big, { "content-type": "image/png" }));
    server.route("/streamed.png", (_request, response) => {
      response.writeHead(200, { "content-type": "image/png" });
      response.end(big);
    });
    const streamed = await itemWithImage(`${server.localhostUrl}/streamed.png`);
    await expectBareNotFound(await get(itemImagePath(declared.id)));
    await expectBareNotFound(await get(itemImagePath(streamed.id)));
  });

  it("answers 404 when the image host is too slow (5-second deadline)", async () => {
    const item = await itemWithImage(serve("/slow.png", PNG_1X1, { "content-type": "image/png" }, 15_000));
    const started = Date.now();
    await expectBareNotFound(await get(itemImagePath(item.id)));
    expect(Date.now() - started).toBeLessThan(9_000);
  }, 20_000);

  it("refuses a redirect to an internal address (the SSRF guard), without contacting it", async () => {
    const internal = serve("/internal.png", PNG_1X1, { "content-type": "image/png" }).replace(server.localhostUrl, server.url);
    const toLoopback = await itemWithImage(`${server.localhostUrl}/redirect?to=${encodeURIComponent(internal)}`);
    const toMetadata = await itemWithImage(`${server.localhostUrl}/redirect?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`);
    await expectBareNotFound(await get(itemImagePath(toLoopback.id)));
    await expectBareNotFound(await get(itemImagePath(toMetadata.id)));
    expect(upstreamRequests("/internal.png")).toBe(0);
  });

  it("answers 404 for an item that is not shown: pending (to anyone but HR), rejected, expired, without image, unknown, malformed", async () => {
    const url = serve("/logo.png", PNG_1X1, { "content-type": "image/png" });
    const pending = await itemWithImage(url, { status: "pending" });
    const rejected = await itemWithImage(url, { status: "rejected" });
    const expiredStatus = await itemWithImage(url, { status: "expired" });
    const pastExpiry = await itemWithImage(url, { expiresAt: new Date(Date.now() - 60_000) });
    const withoutImage = await makeFeedItem({ status: "approved" });
    const alumnus = await signIn(await createUser({ role: "alumnus" }));
    for (const id of [pending.id, rejected.id, expiredStatus.id, pastExpiry.id, withoutImage.id, "6f1c8a52-93a4-4b7e-9d2c-1f0e5b7a9c3d"]) {
      await expectBareNotFound(await get(itemImagePath(id)));
    }
    await expectBareNotFound(await get(itemImagePath(pending.id), { Cookie: alumnus }));
    for (const path of ["/feed/images/not-a-uuid", "/feed/images/..%2F..%2Fadmin", "/feed/images/%00"]) {
      expect((await get(path)).status, path).toBeGreaterThanOrEqual(400);
      expect((await get(path)).status, path).toBeLessThan(500);
    }
    await expectBareNotFound(await get("/feed/images/not-a-uuid"));
    // The rejected, expired and unknown items never reached the image host.
    expect(upstreamRequests("/logo.png")).toBeLessThanOrEqual(1);
  });

  it("shows a pending item's image to an HR admin, privately, and to everyone once it is approved", async () => {
    const item = await itemWithImage(serve("/pending.png", PNG_1X1, { "content-type": "image/png" }), { status: "pending" });
    const hr = await signIn(await createUser({ role: "hr_admin" }));
    const forHr = await get(itemImagePath(item.id), { Cookie: hr });
    expect(forHr.status).toBe(200);
    expect(forHr.headers.get("cache-control")).toBe("private, no-store");
    await expectBareNotFound(await get(itemImagePath(item.id)));

    await testDb().updateTable("feed_items").set({ status: "approved", approved_at: new Date() }).where("id", "=", item.id).execute();
    const forEveryone = await get(itemImagePath(item.id));
    expect(forEveryone.status).toBe(200);
    expect(forEveryone.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(upstreamRequests("/pending.png")).toBe(1);
  });

  it("serves a signed-in alumnus the shared, cacheable image without reading their session", async () => {
    const item = await itemWithImage(serve("/logo.png", PNG_1X1, { "content-type": "image/png" }));
    const alumnus = await signIn(await createUser({ role: "alumnus" }));
    queries.reset();
    const response = await get(itemImagePath(item.id), { Cookie: alumnus });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(queries.naming("sessions")).toBe(0);
  });

  it("fetches an image once for concurrent requests, reads the item once, then answers from memory", async () => {
    const item = await itemWithImage(serve("/shared.png", PNG_1X1, { "content-type": "image/png" }, 300));
    queries.reset();
    const responses = await Promise.all(Array.from({ length: 8 }, () => get(itemImagePath(item.id))));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    for (let n = 0; n < 3; n++) expect((await get(itemImagePath(item.id))).status).toBe(200);
    expect(upstreamRequests("/shared.png")).toBe(1);
    expect(queries.naming("feed_items")).toBe(1);
  });

  it("remembers a failed fetch: the broken image is not asked for again on every page view", async () => {
    server.route("/broken.png", (_request, response: ServerResponse) => {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end("oops");
    });
    const item = await itemWithImage(`${server.localhostUrl}/broken.png`);
    for (let n = 0; n < 4; n++) await expectBareNotFound(await get(itemImagePath(item.id)));
    expect(upstreamRequests("/broken.png")).toBe(1);
  });

  it("answers other methods with 405 (GET and HEAD only)", async () => {
    const item = await itemWithImage(serve("/logo.png", PNG_1X1, { "content-type": "image/png" }));
    const response = await fetch(`${app.base}${itemImagePath(item.id)}`, { method: "POST", headers: { Origin: app.base } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(upstreamRequests("/logo.png")).toBe(0);
  });

  it("logs why an image was refused with the item id and the image's host, never its path or query", async () => {
    const lines: string[] = [];
    const previousLevel = logger.level;
    logger.level = "info";
    routeLogsTo({ write: (line: string) => void lines.push(line) });
    try {
      const item = await itemWithImage(`${serve("/private/page.jpg", HTML_PAGE, { "content-type": "image/jpeg" })}?access=s3cr3t-query`);
      await expectBareNotFound(await get(itemImagePath(item.id)));
    } finally {
      routeLogsTo(null);
      logger.level = previousLevel;
    }
    const refusal = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === "feed item image refused");
    expect(refusal).toMatchObject({ code: "itemImage.notAnImage", host: `localhost:${server.port}` });
    expect(lines.join("\n")).not.toContain("s3cr3t-query");
    expect(lines.join("\n")).not.toContain("/private/page.jpg");
  });
});

describe("the image store's memory", () => {
  class FakeClock {
    at = 1_000;
    now() {
      return this.at;
    }
  }
  const request = new Request("http://placeholder.invalid/");
  // lru-cache reads its clock at most once a millisecond.
  const aTick = () => new Promise((done) => setTimeout(done, 5));

  it("asks for a failed image again only after the negative TTL (10 minutes), a good one after 6 hours", async () => {
    const clock = new FakeClock();
    const store = createItemImageStore({ perf: clock });
    let failing = true;
    server.route("/flaky.png", (_request, response) => {
      if (failing) {
        response.writeHead(503);
        return void response.end();
      }
      response.writeHead(200, { "content-type": "image/png" });
      response.end(PNG_1X1);
    });
    const item = await itemWithImage(`${server.localhostUrl}/flaky.png`);
    expect(await store.find(item.id, request)).toMatchObject({ found: false, code: "feedFetch.httpStatus" });
    failing = false;
    clock.at += FAILURE_TTL_MS - 1_000;
    await aTick();
    expect(await store.find(item.id, request)).toMatchObject({ found: false, fromCache: true });
    expect(upstreamRequests("/flaky.png")).toBe(1);

    clock.at += 2_000;
    await aTick();
    expect(await store.find(item.id, request)).toMatchObject({ found: true, contentType: "image/png" });
    clock.at += IMAGE_TTL_MS - 1_000;
    await aTick();
    expect((await store.find(item.id, request)).found).toBe(true);
    expect(upstreamRequests("/flaky.png")).toBe(2);
    clock.at += 2_000;
    await aTick();
    expect((await store.find(item.id, request)).found).toBe(true);
    expect(upstreamRequests("/flaky.png")).toBe(3);
  });

  it("holds no more bytes than its bound, dropping the least recently used images", async () => {
    const image = Buffer.concat([PNG_1X1, Buffer.alloc(100_000)]);
    const store = createItemImageStore({ maxBytes: 250_000 });
    const items = [];
    for (let n = 0; n < 4; n++) items.push(await itemWithImage(serve(`/image-${n}.png`, image, { "content-type": "image/png" })));
    for (const item of items) expect((await store.find(item.id, request)).found).toBe(true);
    expect(store.heldBytes).toBeLessThanOrEqual(250_000);
    // The first two were dropped for the last two: asking again fetches again.
    expect((await store.find(items[3]!.id, request)).found).toBe(true);
    expect((await store.find(items[0]!.id, request)).found).toBe(true);
    expect(upstreamRequests("/image-3.png")).toBe(1);
    expect(upstreamRequests("/image-0.png")).toBe(2);
  });

  it("fetches at most 6 images at once, the others in turn", async () => {
    let inFlight = 0;
    let most = 0;
    const store = createItemImageStore();
    const items = [];
    for (let n = 0; n < 10; n++) {
      server.route(`/queued-${n}.png`, (_request, response) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          response.writeHead(200, { "content-type": "image/png" });
          response.end(PNG_1X1);
        }, 150);
      });
      items.push(await itemWithImage(`${server.localhostUrl}/queued-${n}.png`));
    }
    const answers = await Promise.all(items.map((item) => store.find(item.id, request)));
    expect(answers.every((answer) => answer.found)).toBe(true);
    expect(most).toBe(MAX_CONCURRENT_FETCHES);
  });

  it("stops serving an item at its expiry, even from memory", async () => {
    const store = createItemImageStore({ policy: imageFetchPolicy });
    const item = await itemWithImage(serve("/soon.png", PNG_1X1, { "content-type": "image/png" }), { expiresAt: new Date(Date.now() + 300) });
    expect((await store.find(item.id, request)).found).toBe(true);
    await new Promise((done) => setTimeout(done, 400));
    expect(await store.find(item.id, request)).toMatchObject({ found: false, code: "itemImage.notShown" });
  });
});
