/**
 * The canonical form of an item's link, the key that finds the same article in two sources or in
 * two polls (docs/decisions/018). Two links that differ only in what does not name the article
 * (case of the scheme and host, a default port, a fragment, tracking parameters, the order of the
 * query, a trailing slash) get the same key. The stored `url` stays the link as published.
 *
 * Only http and https links have one; anything else answers null.
 */

/** Query parameters that say who shared a link or which campaign it came from, never what it is. */
const TRACKING_PARAMETERS = new Set([
  "fbclid",
  "gclid",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "twclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "_ga",
  "_gl",
]);

function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith("utm_") || TRACKING_PARAMETERS.has(lower);
}

export function canonicalUrl(link: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(link.trim(), base);
  } catch {
    return null;
  }
  // The URL parser already lower-cases the scheme and host, encodes an IDN host and drops the
  // scheme's default port.
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.username = "";
  url.password = "";
  url.hash = "";
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParameter(name));
  const query = new URLSearchParams(kept.sort(([a, aValue], [b, bValue]) => (a === b ? compare(aValue, bValue) : compare(a, b))));
  url.search = query.toString();
  // "/news/" and "/news" are one page on nearly every site; the root stays "/".
  url.pathname = url.pathname.replace(/\/+$/, "") || "/";
  return url.href;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
