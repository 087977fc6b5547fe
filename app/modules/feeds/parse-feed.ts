import { DetectError, MalformedError, parseFeed as parseAnyFeed, type AtomFeed, type JsonFeed, type RdfFeed, type RssFeed } from "feedsmith";
import { canonicalUrl } from "./canonical-url";
import { FeedError } from "./feed-error";
import { htmlToText, sanitizeFeedHtml, SUMMARY_TEXT_LENGTH, textToHtml, truncateText } from "./sanitize";

/**
 * A fetched feed body turned into items of one shape, whatever the format (docs/decisions/018).
 * feedsmith reads RSS 0.9x/2.0, Atom, RDF (RSS 1.0) and JSON Feed; this module decodes the bytes,
 * picks each format's fields, resolves relative links (xml:base, else the feed's own address),
 * decodes entities in titles, parses dates and sanitises the HTML.
 */

export type FeedFormat = "rss" | "atom" | "rdf" | "json";

export interface ParsedItem {
  /** The entry's identity within its source: its id/guid, else its canonical link, else its text. */
  guid: string;
  /** The link as published, made absolute; http(s) only. */
  url: string | null;
  canonicalUrl: string | null;
  /** Plain text: tags removed, entities decoded. */
  title: string;
  /** Sanitised HTML. */
  summaryHtml: string;
  /** Plain text, cut for share texts. */
  summaryText: string;
  imageUrl: string | null;
  publishedAt: Date | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string;
  items: ParsedItem[];
}

/** More than this many entries in one document are not read (the newest come first in practice). */
export const MAX_ITEMS_PER_FEED = 200;
const TITLE_LENGTH = 300;

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xfe, 0xff], "utf-16be"],
  [[0xff, 0xfe], "utf-16le"],
];

function supportedEncoding(label: string | null | undefined): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

/**
 * The body's text. The character set comes from a byte-order mark, else the Content-Type's charset,
 * else the XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`), else UTF-8. TextDecoder
 * follows the WHATWG Encoding Standard: ISO-8859-1 and US-ASCII read as windows-1252, its superset.
 */
export function decodeFeedBody(bytes: Uint8Array, contentType: string | null = null): string {
  for (const [mark, encoding] of BOMS) {
    if (mark.every((byte, index) => bytes[index] === byte)) return new TextDecoder(encoding).decode(bytes);
  }
  const fromHeader = supportedEncoding(/;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "")?.[1]);
  // The declaration is ASCII in every encoding a feed uses (UTF-16 has a BOM in practice).
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 512));
  const fromProlog = supportedEncoding(/^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]);
  return new TextDecoder(fromHeader ?? fromProlog ?? "utf-8").decode(bytes);
}

/** A date as feeds write them (RFC 822, ISO 8601, W3C-DTF), or null when there is none or it is unreadable. */
export function parseFeedDate(value: string | undefined | null): Date | null {
  if (!value) return null;
  const trimmed = value.trim();
  let date = new Date(trimmed);
  // RFC 822 with a zone name JavaScript does not know ("CEST"): read it as UTC rather than not at all.
  if (Number.isNaN(date.getTime())) date = new Date(trimmed.replace(/\s+[A-Z]{3,5}$/, " GMT"));
  return Number.isNaN(date.getTime()) ? null : date;
}

function resolveBase(base: string | undefined, parent: string): string {
  if (!base) return parent;
  try {
    return new URL(base, parent).href;
  } catch {
    return parent;
  }
}

function httpUrl(value: string | undefined | null, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Text that feeds write as HTML more often than not (RSS titles): tags removed, entities decoded. */
function plainTitle(value: string | undefined | null): string {
  return value ? htmlToText(value) : "";
}

/** An Atom text construct as plain text. */
function atomText(text: AtomFeed.Text | undefined): string {
  if (!text) return "";
  return text.type === "html" || text.type === "xhtml" ? htmlToText(text.value) : text.value.replace(/\s+/g, " ").trim();
}

/** An Atom text construct or content as HTML (type text is escaped). */
function atomHtml(text: { value?: string; type?: string } | undefined): string | null {
  if (!text?.value) return null;
  return text.type === "html" || text.type === "xhtml" || text.type === undefined && /<[a-z]/i.test(text.value) ? text.value : textToHtml(text.value);
}

interface RawItem {
  id: string | null;
  link: string | null;
  title: string;
  /** HTML before sanitising. */
  html: string | null;
  image: string | null;
  date: string | null;
  base: string;
}

function firstImage(...candidates: (string | null | undefined)[]): string | null {
  return candidates.find((candidate) => typeof candidate === "string" && candidate.trim().length > 0) ?? null;
}

function mediaImage(media: { contents?: { url?: string; medium?: string; type?: string }[]; thumbnails?: { url?: string }[] } | undefined): string | null {
  const content = media?.contents?.find((entry) => entry.url && (entry.medium === "image" || entry.type?.startsWith("image/")));
  return firstImage(content?.url, media?.thumbnails?.[0]?.url);
}

function rssItems(feed: RssFeed.Feed<string>, feedUrl: string): RawItem[] {
  // RSS has no xml:base in practice: relative links are read against the feed's own address.
  const base = feedUrl;
  return (feed.items ?? []).map((item) => ({
    id: item.guid?.value?.trim() || null,
    link: item.link ?? item.atom?.links?.find((link) => !link.rel || link.rel === "alternate")?.href ?? null,
    title: plainTitle(item.title ?? item.dc?.titles?.[0]),
    html: item.description ?? item.content?.encoded ?? null,
    image: firstImage(item.enclosures?.find((enclosure) => enclosure.type?.startsWith("image/"))?.url, mediaImage(item.media), item.itunes?.image),
    date: item.pubDate ?? item.dc?.dates?.[0] ?? null,
    base,
  }));
}

function atomItems(feed: AtomFeed.Feed<string>, feedUrl: string): RawItem[] {
  const feedBase = resolveBase(feed.xml?.base, feedUrl);
  return (feed.entries ?? []).map((entry) => {
    const alternate = entry.links?.find((link) => !link.rel || link.rel === "alternate") ?? entry.links?.[0];
    const enclosure = entry.links?.find((link) => link.rel === "enclosure" && link.type?.startsWith("image/"));
    return {
      id: entry.id?.trim() || null,
      link: alternate?.href ?? null,
      title: atomText(entry.title),
      html: atomHtml(entry.summary) ?? atomHtml(entry.content),
      image: firstImage(enclosure?.href, mediaImage(entry.media)),
      date: entry.published ?? entry.updated ?? entry.dc?.dates?.[0] ?? null,
      base: resolveBase(entry.xml?.base, feedBase),
    };
  });
}

function rdfItems(feed: RdfFeed.Feed<string>, feedUrl: string): RawItem[] {
  return (feed.items ?? []).map((item) => ({
    id: item.rdf?.about?.trim() || null,
    link: item.link ?? null,
    title: plainTitle(item.title),
    html: item.description ?? item.content?.encoded ?? null,
    image: mediaImage(item.media),
    date: item.dc?.dates?.[0] ?? null,
    base: resolveBase(item.xml?.base, feedUrl),
  }));
}

function jsonItems(feed: JsonFeed.Feed<string>, feedUrl: string): RawItem[] {
  const base = resolveBase(feed.feed_url, feedUrl);
  return (feed.items ?? []).map((item) => ({
    id: item.id !== undefined && item.id !== null ? String(item.id).trim() || null : null,
    link: item.url ?? item.external_url ?? null,
    // JSON Feed titles are plain text.
    title: (item.title ?? "").replace(/\s+/g, " ").trim(),
    html: item.summary ? textToHtml(item.summary) : (item.content_html ?? (item.content_text ? textToHtml(item.content_text) : null)),
    image: firstImage(item.image, item.banner_image),
    date: item.date_published ?? item.date_modified ?? null,
    base,
  }));
}

function normalise(raw: RawItem): ParsedItem | null {
  const url = httpUrl(raw.link, raw.base);
  const canonical = url ? canonicalUrl(url) : null;
  // Relative references inside the HTML are read against the entry's base (xml:base, else the feed's address).
  const summaryHtml = raw.html ? sanitizeFeedHtml(raw.html, raw.base) : "";
  const fullText = htmlToText(summaryHtml);
  const title = truncateText(raw.title || truncateText(fullText, 100) || url || "", TITLE_LENGTH);
  if (!title) return null;
  const publishedAt = parseFeedDate(raw.date);
  // An image the sanitiser kept in the summary serves when the feed names none.
  const inlineImage = /<img [^>]*src="([^"]+)"/.exec(summaryHtml)?.[1];
  return {
    guid: raw.id ?? canonical ?? `text:${title}|${publishedAt?.toISOString() ?? ""}|${fullText.slice(0, 200)}`,
    url,
    canonicalUrl: canonical,
    title,
    summaryHtml,
    summaryText: truncateText(fullText, SUMMARY_TEXT_LENGTH),
    imageUrl: httpUrl(raw.image, raw.base) ?? (inlineImage ? httpUrl(inlineImage.replaceAll("&amp;", "&"), raw.base) : null),
    publishedAt,
  };
}

/**
 * Parses a feed body fetched from `feedUrl` (the address after redirects: the base of relative
 * links). Throws FeedError `feedFetch.notAFeed` for a document of another kind (an HTML page) and
 * `feedFetch.malformed` for broken XML or JSON.
 */
export function parseFeed(body: Uint8Array | string, options: { feedUrl: string; contentType?: string | null }): ParsedFeed {
  const text = typeof body === "string" ? body : decodeFeedBody(body, options.contentType ?? null);
  let parsed: ReturnType<typeof parseAnyFeed<string>>;
  try {
    parsed = parseAnyFeed<string>(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    if (error instanceof MalformedError) throw new FeedError("feedFetch.malformed", {}, { cause: error });
    if (error instanceof DetectError) throw new FeedError("feedFetch.notAFeed", {}, { cause: error });
    throw new FeedError("feedFetch.malformed", {}, { cause: error });
  }
  let raw: RawItem[];
  let title: string;
  switch (parsed.format) {
    case "rss":
      raw = rssItems(parsed.feed, options.feedUrl);
      title = plainTitle(parsed.feed.title);
      break;
    case "atom":
      raw = atomItems(parsed.feed, options.feedUrl);
      title = atomText(parsed.feed.title);
      break;
    case "rdf":
      raw = rdfItems(parsed.feed, options.feedUrl);
      title = plainTitle(parsed.feed.title);
      break;
    case "json":
      raw = jsonItems(parsed.feed, options.feedUrl);
      title = (parsed.feed.title ?? "").trim();
      break;
  }
  const items = raw.slice(0, MAX_ITEMS_PER_FEED).map(normalise).filter((item): item is ParsedItem => item !== null);
  return { format: parsed.format, title, items };
}
