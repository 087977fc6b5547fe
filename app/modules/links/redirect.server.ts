import { isbot } from "isbot";
import { LRUCache } from "lru-cache";
import { clickBuffer } from "./click-buffer.server";
import { redirectTarget } from "./redirect-target";
import { findLinkByCode, LINK_CODE } from "./tracked-links.server";

/**
 * What `/r/{code}` does, without the HTTP layer (server/tracked-link-redirect.ts is the node:http
 * edge in front of express, ADR 020): the code's redirect, from memory when it was asked before, and
 * the click, into the buffer. A code's target never changes, so a cached answer is never stale; only
 * a deleted link (its feed item deleted) can outlive its row here, until it is evicted or the
 * process restarts.
 */

export interface CachedLink {
  linkId: string;
  /** The stored target with its campaign parameters, built once at cache fill: the only possible Location. */
  location: string;
}

const links = new LRUCache<string, CachedLink>({
  // About 300 bytes each: 50,000 codes cost about 15 MB.
  max: 50_000,
  // Concurrent first requests for one code share one look-up.
  fetchMethod: async (code) => {
    const link = await findLinkByCode(code);
    return link ? { linkId: link.id, location: redirectTarget(link) } : undefined;
  },
});

/** Whether a string can be a link code at all; anything else is answered 404 without a look-up. */
export function isLinkCode(code: string): boolean {
  return LINK_CODE.test(code);
}

/**
 * The redirect of a code already in memory, synchronously (the hot path: no promise, no database),
 * or undefined when it is not cached (then `resolveLinkCode`).
 */
export function cachedLinkCode(code: string): CachedLink | undefined {
  return links.get(code);
}

/** The redirect of a code, or undefined for a code that is malformed or unknown (a 404). */
export async function resolveLinkCode(code: string): Promise<CachedLink | undefined> {
  if (!LINK_CODE.test(code)) return undefined;
  return links.get(code) ?? (await links.fetch(code));
}

/** Forgets every cached code (tests; a deleted link). */
export function forgetCachedLinks() {
  links.clear();
}

export interface Visit {
  method: string;
  userAgent: string | undefined;
}

/**
 * isbot's answers by User-Agent. Its pattern costs 1.5–2.5 µs per browser User-Agent on this
 * machine, and visits share a few hundred User-Agents; bounded (and only short strings) so that a
 * client sending a new one each time cannot grow it.
 */
const botVerdicts = new Map<string, boolean>();
const BOT_VERDICTS_MAX = 2_000;
const BOT_VERDICT_UA_MAX = 512;

function isBotUserAgent(userAgent: string): boolean {
  const known = botVerdicts.get(userAgent);
  if (known !== undefined) return known;
  const verdict = isbot(userAgent);
  if (userAgent.length <= BOT_VERDICT_UA_MAX) {
    if (botVerdicts.size >= BOT_VERDICTS_MAX) botVerdicts.clear();
    botVerdicts.set(userAgent, verdict);
  }
  return verdict;
}

/**
 * Whether a visit is a person's click: a GET from a browser. Bots, link previewers (LinkedIn's,
 * Slack's, iMessage's…: isbot), a request without a User-Agent (scripts) and HEAD (link checkers)
 * are redirected the same, but not counted.
 */
export function isCountedVisit(visit: Visit): boolean {
  return visit.method === "GET" && !!visit.userAgent && !isBotUserAgent(visit.userAgent);
}

/**
 * Puts a counted visit's click in the buffer (the caller answers at once). `ip` is the client's IP by
 * the app's trusted-proxy rule: it waits raw in the buffer until the flush that takes the click
 * hashes it (about a second at most, click-buffer.server.ts). False when the buffer is full (the
 * database has been down for long): the caller answers 503, not the redirect (docs/decisions/036).
 */
export function bufferClick(linkId: string, ip: string | undefined): boolean {
  return clickBuffer().add({ linkId, clickedAt: new Date(), ip: ip ?? null });
}
