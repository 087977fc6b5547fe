import { InternalHostAllowList } from "~/modules/platform/address-policy";
import { feedPollJob } from "~/modules/feeds/poll-job.server";
import { backoffDelayMs, expireFeedItems, pollDueSources, POLL_INTERVAL_MS } from "~/modules/feeds/poll.server";
import type { FetchPolicy } from "~/modules/feeds/safe-fetch.server";
import { createFeedSource, archiveFeedSource } from "~/modules/feeds/sources.server";
import { enqueue, runQueuedJobs } from "~/modules/jobs/boss.server";
import { resetEnvCache } from "~/utils/env.server";
import { jobDefinitions } from "../../../server/jobs";
import { fixture, startFakeFeedServer, type FakeFeedServer } from "../../fakes/feed-server";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

const NOW = new Date("2026-12-07T10:00:00Z");
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const LOCAL = new InternalHostAllowList(["127.0.0.1"]);
const POLICY: FetchPolicy = { timeoutMs: 3_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, allowedInternalHosts: LOCAL };

let server: FakeFeedServer;
beforeAll(async () => {
  server = await startFakeFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

async function addSource(path: string, settings: Record<string, unknown> = {}) {
  return createFeedSource(
    testDb(),
    { url: `${server.url}${path}`, name: path, kind: "external", approval: "review", ...settings },
    { userId: null },
    { allowedInternalHosts: LOCAL, now: NOW },
  );
}

function poll(at: Date = NOW) {
  return pollDueSources({ now: at, policy: POLICY, timeZone: "UTC" });
}

async function itemsOf(sourceId: string) {
  return testDb().selectFrom("feed_items").selectAll().where("source_id", "=", sourceId).orderBy("title").execute();
}

async function sourceRow(id: string) {
  return testDb().selectFrom("feed_sources").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function at(offsetMs: number) {
  return new Date(NOW.getTime() + offsetMs);
}

describe("polling a source", () => {
  it("stores an auto-approve source's items as approved, of its kind, expiring D days after the fetch", async () => {
    const source = await addSource("/feeds/rss2-company-blog.xml", { kind: "company", approval: "auto", expireAfterDays: 14 });
    expect(await poll()).toEqual([{ sourceId: source.id, outcome: "stored", inserted: 3, skipped: 0, heldBack: 0 }]);

    const items = await itemsOf(source.id);
    expect(items.map((item) => item.title)).toEqual(["Acme opens a new office in Lyon & hires 40 engineers", "Holiday schedule", "Q&A: “Why I came back” — a boomerang’s story"]);
    for (const item of items) {
      expect(item).toMatchObject({ kind: "company", status: "approved", fetched_at: NOW, approved_at: NOW, expires_at: at(14 * DAY) });
      expect(item.summary_html).not.toMatch(/<script|onclick|javascript:/);
    }
    expect(items[0]).toMatchObject({ guid: "https://news.acme.example/?p=1042", canonical_url: "https://news.acme.example/2026/12/lyon-office", published_at: new Date("2026-12-07T08:00:00Z") });
    expect(await sourceRow(source.id)).toMatchObject({ last_success_at: NOW, last_error: null, consecutive_failures: 0, next_fetch_at: at(POLL_INTERVAL_MS) });
  });

  it("puts a review source's items in the pending queue, unapproved", async () => {
    const source = await addSource("/feeds/atom-engineering.xml");
    await poll();
    const items = await itemsOf(source.id);
    expect(items).toHaveLength(3);
    expect(items.every((item) => item.status === "pending" && item.approved_at === null && item.kind === "external")).toBe(true);
  });

  it("stores the ETag and sends it back: an unchanged feed answers 304 and adds nothing", async () => {
    const source = await addSource("/etag/rdf-press.xml");
    await poll();
    const stored = await sourceRow(source.id);
    expect(stored.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(stored.last_modified).toBe("Mon, 07 Dec 2026 08:00:00 GMT");

    expect(await poll(at(POLL_INTERVAL_MS))).toEqual([{ sourceId: source.id, outcome: "notModified" }]);
    expect(server.requests.at(-1)?.headers).toMatchObject({ "if-none-match": stored.etag, "if-modified-since": stored.last_modified });
    expect(await itemsOf(source.id)).toHaveLength(2);
    expect(await sourceRow(source.id)).toMatchObject({ last_success_at: at(POLL_INTERVAL_MS), etag: stored.etag });
  });

  it("adds nothing when the same feed is read again in full: items are unique per source and guid", async () => {
    const source = await addSource("/feeds/jsonfeed-careers.json");
    await poll();
    expect(await poll(at(POLL_INTERVAL_MS))).toEqual([{ sourceId: source.id, outcome: "stored", inserted: 0, skipped: 2, heldBack: 0 }]);
    expect(await itemsOf(source.id)).toHaveLength(2);
  });

  it("deduplicates by canonical URL within a feed and across sources", async () => {
    const club = await addSource("/feeds/rss-no-dates-duplicates.xml");
    await poll();
    expect((await itemsOf(club.id)).map((item) => item.canonical_url)).toEqual([
      // The relative link of the third item, read against the feed's own address.
      `${server.url}/feeds/events/spring`,
      "http://alumni-club.example.com/events/winter",
    ]);

    server.route("/syndicated.xml", (_request, response) => {
      response.writeHead(200, { "content-type": "application/rss+xml" });
      response.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Aggregator</title>
        <item><guid>agg-1</guid><title>Winter meetup, syndicated</title><link>HTTP://alumni-club.example.com/events/winter/?utm_campaign=agg&amp;fbclid=1</link></item>
        <item><guid>agg-2</guid><title>Something new</title><link>https://aggregator.example/new</link></item>
      </channel></rss>`);
    });
    const aggregator = await addSource("/syndicated.xml");
    await poll();
    expect((await itemsOf(aggregator.id)).map((item) => item.title)).toEqual(["Something new"]);
  });

  it("takes at most the daily item limit, and the items held back on a later day", async () => {
    const source = await addSource("/etag/rss2-company-blog.xml", { dailyItemLimit: 2 });
    expect(await poll()).toEqual([{ sourceId: source.id, outcome: "stored", inserted: 2, skipped: 0, heldBack: 1 }]);
    // Validators forgotten, so that the held-back item is read again even though the feed did not change.
    expect(await sourceRow(source.id)).toMatchObject({ etag: null, last_modified: null });

    expect(await poll(at(POLL_INTERVAL_MS))).toEqual([{ sourceId: source.id, outcome: "stored", inserted: 0, skipped: 2, heldBack: 1 }]);
    expect(await itemsOf(source.id)).toHaveLength(2);

    const nextDay = new Date("2026-12-08T00:30:00Z");
    expect(await poll(nextDay)).toEqual([{ sourceId: source.id, outcome: "stored", inserted: 1, skipped: 2, heldBack: 0 }]);
    expect(await itemsOf(source.id)).toHaveLength(3);
    expect((await sourceRow(source.id)).etag).not.toBeNull();
  });

  it("counts the day in the company's time zone", async () => {
    const source = await addSource("/feeds/rss2-company-blog.xml", { dailyItemLimit: 2 });
    // 23:30 UTC on the 7th is already the 8th in Paris: the items fetched at 10:00 UTC were "yesterday".
    await poll();
    const lateEvening = new Date("2026-12-07T23:30:00Z");
    expect(await pollDueSources({ now: lateEvening, policy: POLICY, timeZone: "Europe/Paris" })).toEqual([
      { sourceId: source.id, outcome: "stored", inserted: 1, skipped: 2, heldBack: 0 },
    ]);
  });

  it("does not take items published longer ago than the source's expiry", async () => {
    const source = await addSource("/feeds/rdf-press.xml", { expireAfterDays: 30 });
    // The award is dated 1 December; on 15 January it is over 30 days old. The undated release is taken.
    await pollDueSources({ now: new Date("2027-01-15T10:00:00Z"), policy: POLICY, timeZone: "UTC" });
    expect((await itemsOf(source.id)).map((item) => item.title)).toEqual(["An undated release"]);
  });

  it("expires items D days after they were fetched, and a feed still carrying them does not bring them back", async () => {
    const source = await addSource("/feeds/jsonfeed-careers.json", { approval: "auto", expireAfterDays: 7 });
    await poll();
    expect(await expireFeedItems(testDb(), at(7 * DAY - MINUTE))).toBe(0);
    expect(await expireFeedItems(testDb(), at(7 * DAY))).toBe(2);
    // The second item has no date, so the age rule cannot keep it out: the dedup keys do.
    await poll(at(7 * DAY));
    const items = await itemsOf(source.id);
    expect(items.map((item) => item.status)).toEqual(["expired", "expired"]);
  });

  it("leaves archived sources and sources not yet due alone", async () => {
    const archived = await addSource("/feeds/rdf-press.xml");
    await archiveFeedSource(testDb(), archived.id, { userId: null }, NOW);
    const later = await addSource("/feeds/atom-engineering.xml");
    await testDb().updateTable("feed_sources").set({ next_fetch_at: at(10 * MINUTE) }).where("id", "=", later.id).execute();
    expect(await poll()).toEqual([]);
    expect(server.requests).toEqual([]);
    expect((await poll(at(10 * MINUTE))).map((outcome) => outcome.sourceId)).toEqual([later.id]);
  });

  it("fetches several sources at the same time, each storing its items in its own transaction", async () => {
    const sources = await Promise.all(["/feeds/rss2-company-blog.xml", "/feeds/atom-engineering.xml", "/feeds/rdf-press.xml", "/feeds/jsonfeed-careers.json", "/gzip/rss-latin1.xml"].map((path) => addSource(path)));
    const outcomes = await poll();
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(["stored", "stored", "stored", "stored", "stored"]);
    const counts = await Promise.all(sources.map(async (source) => (await itemsOf(source.id)).length));
    expect(counts).toEqual([3, 3, 2, 2, 1]);
    expect((await itemsOf(sources[4]!.id))[0]!.title).toBe("Déménagement à Köln : « une étape clé »");
  });

  it("fetches a source once when two runs overlap", async () => {
    await addSource("/slow/300/rdf-press.xml");
    const [first, second] = await Promise.all([poll(), poll()]);
    expect(first.length + second.length).toBe(1);
    expect(server.requests.filter((request) => request.path === "/slow/300/rdf-press.xml")).toHaveLength(1);
  });
});

describe("a failing source", () => {
  it("records an error HR can read and backs off, while the other sources get their items", async () => {
    const broken = await addSource("/status/500");
    const invalid = await addSource("/feeds/invalid.xml");
    const loop = await addSource("/loop/0");
    const page = await addSource("/feeds/not-a-feed.html");
    const huge = await addSource("/huge");
    const slow = await addSource("/slow/5000/rss2-company-blog.xml");
    const metadata = await addSource(`/redirect?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`);
    const healthy = await addSource("/feeds/rss2-company-blog.xml");

    const outcomes = await poll();
    const byId = new Map(outcomes.map((outcome) => [outcome.sourceId, outcome]));
    expect(byId.get(healthy.id)).toMatchObject({ outcome: "stored", inserted: 3 });
    expect(await itemsOf(healthy.id)).toHaveLength(3);

    const expected: [typeof broken, string, Record<string, unknown>][] = [
      [broken, "feedFetch.httpStatus", { status: 500 }],
      [invalid, "feedFetch.malformed", {}],
      [loop, "feedFetch.tooManyRedirects", { max: 5 }],
      [page, "feedFetch.notAFeed", {}],
      [huge, "feedFetch.tooLarge", { megabytes: 5 }],
      [slow, "feedFetch.timeout", { seconds: 3 }],
      [metadata, "feedFetch.blockedAddress", { host: "169.254.169.254" }],
    ];
    for (const [source, code, values] of expected) {
      expect(byId.get(source.id)).toEqual({ sourceId: source.id, outcome: "failed", code });
      expect(await sourceRow(source.id)).toMatchObject({ last_error: code, last_error_values: values, consecutive_failures: 1, last_fetched_at: NOW, last_success_at: null, next_fetch_at: at(15 * MINUTE) });
    }
  });

  it("waits twice as long after each failure in a row, at most a day, and a success clears the error", async () => {
    expect([1, 2, 3, 4, 7, 8, 30].map((n) => backoffDelayMs(n) / MINUTE)).toEqual([15, 30, 60, 120, 960, 1440, 1440]);

    const source = await addSource("/flaky.xml");
    let healthy = false;
    server.route("/flaky.xml", (_request, response) => {
      response.writeHead(healthy ? 200 : 503, { "content-type": "application/xml" });
      response.end(healthy ? fixture("rdf-press.xml") : "down");
    });
    await poll();
    expect(await sourceRow(source.id)).toMatchObject({ consecutive_failures: 1, next_fetch_at: at(15 * MINUTE) });
    // Not due before its back-off is over.
    expect(await poll(at(14 * MINUTE))).toEqual([]);
    await poll(at(15 * MINUTE));
    expect(await sourceRow(source.id)).toMatchObject({ consecutive_failures: 2, last_error_values: { status: 503 }, next_fetch_at: at(45 * MINUTE) });

    healthy = true;
    await poll(at(45 * MINUTE));
    expect(await sourceRow(source.id)).toMatchObject({ consecutive_failures: 0, last_error: null, last_error_values: null, last_success_at: at(45 * MINUTE), next_fetch_at: at(45 * MINUTE + POLL_INTERVAL_MS) });
    expect(await itemsOf(source.id)).toHaveLength(2);
  });
});

describe("the feeds.poll job", () => {
  it("is in the portal's job list with a cron every 5 minutes", () => {
    expect(jobDefinitions).toContain(feedPollJob);
    expect(feedPollJob.cron).toBe("*/5 * * * *");
  });

  it("expires items and polls due sources through the queue, with the allow-list from the environment", async () => {
    process.env.FEED_ALLOWED_INTERNAL_HOSTS = "127.0.0.1";
    resetEnvCache();
    const source = await addSource("/feeds/rdf-press.xml", { approval: "auto" });
    await testDb()
      .insertInto("feed_items")
      .values({ source_id: source.id, kind: "external", status: "approved", guid: "old", title: "Old news", fetched_at: at(-40 * DAY), expires_at: at(-10 * DAY) })
      .execute();

    await enqueue(feedPollJob, { at: NOW.toISOString() });
    expect(await runQueuedJobs(["feeds.poll"])).toBe(1);
    const items = await itemsOf(source.id);
    expect(items.map((item) => [item.title, item.status])).toEqual([
      ["Acme wins the 2026 Employer Award", "approved"],
      ["An undated release", "approved"],
      ["Old news", "expired"],
    ]);
  });
});
