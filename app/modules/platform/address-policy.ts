import ipaddr from "ipaddr.js";

/**
 * Which addresses the server may connect to when HR typed the URL (docs/decisions/018): a feed it
 * fetches or a webhook endpoint it posts to (docs/decisions/035). Such a request is made on someone's
 * word: it must not reach the portal's own machine, the company network or a cloud provider's
 * metadata service (SSRF).
 *
 * Only globally routed unicast addresses pass, as ipaddr.js classifies them: loopback, RFC 1918
 * private, link-local (169.254/16 with the 169.254.169.254 metadata service, fe80::/10), unique
 * local (fc00::/7, with fd00:ec2::254), carrier-grade NAT (100.64/10, with 100.100.100.200),
 * unspecified, broadcast, multicast and reserved ranges are refused, and so are the IPv6 forms
 * that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d is judged by the address it carries; NAT64,
 * 6to4 and Teredo are refused outright).
 */

/** Public addresses that are nevertheless a cloud's internal service (Azure's wire server). */
const INTERNAL_PUBLIC_ADDRESSES = new Set(["168.63.129.16"]);

/** Whether the server may connect to this IP address for HR's URLs (no allow-list involved). */
export function isPublicAddress(address: string): boolean {
  const literal = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(literal)) return false;
  let parsed = ipaddr.parse(literal);
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  if (parsed.range() !== "unicast") return false;
  return !INTERNAL_PUBLIC_ADDRESSES.has(parsed.toString());
}

/** Whether a URL's host is an IP address literal (then no name resolution is involved). */
export function ipLiteralOf(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(bare) && (bare.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : null;
}

/**
 * The host names (and IP literals) that may resolve to internal addresses: a company intranet feed
 * (FEED_ALLOWED_INTERNAL_HOSTS) or webhook receiver (WEBHOOK_ALLOWED_INTERNAL_HOSTS). Exact names,
 * compared without case; a name listed here is trusted whatever it resolves to, so list only hosts
 * the company controls.
 */
export class InternalHostAllowList {
  private readonly hosts: ReadonlySet<string>;

  constructor(hosts: Iterable<string>) {
    this.hosts = new Set([...hosts].map((host) => normaliseHost(host)));
  }

  allows(hostname: string): boolean {
    return this.hosts.has(normaliseHost(hostname));
  }
}

function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
}
