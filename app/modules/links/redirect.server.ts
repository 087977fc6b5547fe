import { isbot } from "isbot";
import { LRUCache } from "lru-cache";
import { keyedIpHash } from "~/modules/platform/ip-hash.server";
import { clickBuffer } from "./click-buffer.server";
import { redirectTarget } from "./redirect-target";
import { findLinkByCode, LINK_CODE } from "./tracked-links.server";

/**
 * What `/r/{code}` does, without the HTTP framework (server/tracked-link-redirect.ts is the express
 * edge): the code's redirect, from memory when it was asked before, and the click, into the buffer.
 * A code's target never changes, so a cached answer is never stale; only a deleted link (its feed
 * item deleted) can outlive its row here, until it is evicted or the process restarts.
 */

interface CachedLink {
  linkId: string;
  /** The stored target with its campaign parameters: the only possible Location. */
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
  ip: string | undefined;
}

/**
 * Whether a visit is a person's click: a GET from a browser. Bots, link previewers (LinkedIn's,
 * Slack's, iMessage's…: isbot), a request without a User-Agent (scripts) and HEAD (link checkers)
 * are redirected the same, but not counted.
 */
export function isCountedVisit(visit: Visit): boolean {
  return visit.method === "GET" && !!visit.userAgent && !isbot(visit.userAgent);
}

/** Puts a counted visit's click in the buffer; the caller answers at once. */
export function recordClick(linkId: string, visit: Visit): boolean {
  if (!isCountedVisit(visit)) return false;
  clickBuffer().add({ linkId, clickedAt: new Date(), ipHash: visit.ip ? keyedIpHash("click-ip", visit.ip) : null });
  return true;
}
