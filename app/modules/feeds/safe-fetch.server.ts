import type { LookupAddress } from "node:dns";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { errors as undiciErrors, request } from "undici";
import { getEnv } from "~/utils/env.server";
import { InternalHostAllowList } from "~/modules/platform/address-policy";
import { BlockedAddressError, checkHostBeforeConnecting, guardedAgent } from "~/modules/platform/guarded-agent.server";
import { FeedError } from "./feed-error";

/**
 * Fetching a feed whose address HR typed (docs/decisions/018): a request the server makes on
 * someone's word, so it is bounded in every direction.
 *
 * - Address: every hop (the source and each redirect) must reach a public address. The check runs
 *   where the connection is made: undici's connector resolves the name with a lookup that refuses
 *   internal addresses, and checks the connected socket's peer again, so a name that resolved to a
 *   public address a moment ago and to 127.0.0.1 now (DNS rebinding) is refused. Host names listed
 *   in FEED_ALLOWED_INTERNAL_HOSTS (a company intranet feed) are exempt.
 * - Redirects: followed by hand, at most `maxRedirects`, each target checked like the source.
 * - Time: one deadline for the whole fetch, redirects and body included.
 * - Size: Content-Length above the limit is refused before reading; the body (decompressed) is
 *   counted while it streams and the connection dropped as soon as it passes the limit.
 * - Conditional requests: the stored ETag / Last-Modified go out as If-None-Match /
 *   If-Modified-Since; a 304 answers "not modified" without a body.
 */

export interface FetchPolicy {
  /** Deadline of the whole fetch (connection, redirects, body). */
  timeoutMs: number;
  /** Most bytes read from the body, after decompression. */
  maxBytes: number;
  maxRedirects: number;
  /** Hosts exempt from the address check (FEED_ALLOWED_INTERNAL_HOSTS). */
  allowedInternalHosts: InternalHostAllowList;
  /** Name resolution; the system's by default (tests give a fake one to play DNS rebinding). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
  /** The Accept header; the feed formats by default (the image proxy asks for images). */
  accept?: string;
  /** The User-Agent header; the feed reader's by default. */
  userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

/** The policy the portal runs with: the limits above and the allow-list from the environment. */
export function defaultFetchPolicy(): FetchPolicy {
  return {
    timeoutMs: DEFAULT_TIMEOUT_MS,
    maxBytes: DEFAULT_MAX_BYTES,
    maxRedirects: DEFAULT_MAX_REDIRECTS,
    allowedInternalHosts: new InternalHostAllowList(getEnv().FEED_ALLOWED_INTERNAL_HOSTS),
  };
}

export interface ConditionalHeaders {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { status: "notModified"; url: string }
  | {
      status: "ok";
      /** The address the body came from, after redirects: the base of the feed's relative links. */
      url: string;
      body: Uint8Array;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    };

const USER_AGENT = "AlumniPortal-FeedReader/1.0";
const ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Refuses a URL that can never be fetched: another scheme than http(s), or a host that is an
 * internal IP address literal (a host name is checked when it is resolved, at connect time).
 */
export function checkFetchableUrl(url: URL, policy: Pick<FetchPolicy, "allowedInternalHosts">): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FeedError("feedFetch.unsupportedScheme", { scheme: url.protocol.replace(/:$/, "") });
  }
  try {
    checkHostBeforeConnecting(url.hostname, policy);
  } catch (error) {
    throw asBlockedFeedError(error);
  }
}

function asBlockedFeedError(error: unknown): unknown {
  return error instanceof BlockedAddressError ? new FeedError("feedFetch.blockedAddress", { host: error.host }) : error;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Drops a body we do not read; undici reports the abort as an error event, which is expected here. */
function discard(body: Readable) {
  body.on("error", () => {});
  body.destroy();
}

/** Reads the body, decompressing it, and stops at `maxBytes` (the connection is dropped). */
async function readLimited(body: Readable, encoding: string | null, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  const decoder = encoding === "gzip" || encoding === "x-gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : encoding === "br" ? createBrotliDecompress() : null;
  const tooLarge = () => new FeedError("feedFetch.tooLarge", { megabytes: megabytes(maxBytes) });
  const sink = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  };
  try {
    if (decoder) await pipeline(body, decoder, sink);
    else await pipeline(body, sink);
  } catch (error) {
    // Stopping early tears the streams down, and a decompressor may report that first.
    if (size > maxBytes) throw tooLarge();
    throw error;
  }
  return Buffer.concat(chunks, size);
}

function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

/** Turns what undici, zlib or the socket threw into a FeedError HR can read. */
function asFeedError(error: unknown, policy: FetchPolicy, deadline: AbortSignal): FeedError {
  if (error instanceof FeedError) return error;
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof FeedError) return cause;
  const blocked = error instanceof BlockedAddressError ? error : cause instanceof BlockedAddressError ? cause : null;
  if (blocked) return new FeedError("feedFetch.blockedAddress", { host: blocked.host });
  if (
    deadline.aborted ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new FeedError("feedFetch.timeout", { seconds: Math.round(policy.timeoutMs / 1000) }, { cause: error });
  }
  const code = (error as { code?: unknown })?.code;
  // zlib (Z_DATA_ERROR…) and brotli (ERR__ERROR_FORMAT…): the body does not decompress.
  if (typeof code === "string" && (code.startsWith("Z_") || code.startsWith("ERR__ERROR_"))) {
    return new FeedError("feedFetch.malformed", {}, { cause: error });
  }
  return new FeedError("feedFetch.network", { reason: typeof code === "string" ? code : "connection failed" }, { cause: error });
}

/**
 * Fetches a feed under `policy`. Answers the body (or "not modified"), or throws a FeedError:
 * timeout, tooLarge, tooManyRedirects, blockedAddress, unsupportedScheme, httpStatus, network.
 */
export async function fetchFeed(address: string, conditional: ConditionalHeaders = {}, policy: FetchPolicy = defaultFetchPolicy()): Promise<FetchResult> {
  const agent = guardedAgent(policy, policy.timeoutMs);
  const deadline = AbortSignal.timeout(policy.timeoutMs);
  let url: URL;
  try {
    url = new URL(address);
  } catch (error) {
    throw new FeedError("feedFetch.network", { reason: "invalid address" }, { cause: error });
  }
  try {
    for (let redirects = 0; ; redirects += 1) {
      checkFetchableUrl(url, policy);
      const headers: Record<string, string> = { "user-agent": policy.userAgent ?? USER_AGENT, accept: policy.accept ?? ACCEPT, "accept-encoding": "gzip, deflate, br" };
      if (conditional.etag) headers["if-none-match"] = conditional.etag;
      if (conditional.lastModified) headers["if-modified-since"] = conditional.lastModified;
      const response = await request(url, { method: "GET", headers, dispatcher: agent, signal: deadline });
      const { statusCode } = response;

      if (REDIRECTS.has(statusCode)) {
        discard(response.body);
        const location = header(response.headers, "location");
        if (!location) throw new FeedError("feedFetch.httpStatus", { status: statusCode });
        if (redirects >= policy.maxRedirects) throw new FeedError("feedFetch.tooManyRedirects", { max: policy.maxRedirects });
        url = new URL(location, url);
        continue;
      }
      if (statusCode === 304) {
        discard(response.body);
        return { status: "notModified", url: url.href };
      }
      if (statusCode < 200 || statusCode > 299) {
        discard(response.body);
        throw new FeedError("feedFetch.httpStatus", { status: statusCode });
      }
      const declaredLength = Number(header(response.headers, "content-length") ?? Number.NaN);
      if (Number.isFinite(declaredLength) && declaredLength > policy.maxBytes) {
        discard(response.body);
        throw new FeedError("feedFetch.tooLarge", { megabytes: megabytes(policy.maxBytes) });
      }
      const body = await readLimited(response.body, header(response.headers, "content-encoding")?.trim().toLowerCase() ?? null, policy.maxBytes);
      return {
        status: "ok",
        url: url.href,
        body,
        contentType: header(response.headers, "content-type"),
        etag: header(response.headers, "etag"),
        lastModified: header(response.headers, "last-modified"),
      };
    }
  } catch (error) {
    throw asFeedError(error, policy, deadline);
  } finally {
    void agent.destroy().catch(() => {});
  }
}
