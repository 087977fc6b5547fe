/**
 * Request-level protections applied to every response by the web server: security headers with a
 * per-request CSP nonce, and the same-origin check that stands in for CSRF tokens.
 */
import { TOKEN_ROUTE_PREFIXES } from "./redact-url";

/** Paths that authenticate themselves (signatures, bearer tokens) and so may be posted cross-site. */
export const CSRF_EXEMPT_PREFIXES = ["/webhooks/", "/api/", "/unsubscribe/"];

/** Paths whose URL carries a secret token: no Referer may leak it. */
export const TOKEN_PATH_PREFIXES: readonly string[] = TOKEN_ROUTE_PREFIXES;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a path (as Remix routes it) authenticates its requests itself and may be posted cross-site. */
export function isCsrfExempt(path: string): boolean {
  return CSRF_EXEMPT_PREFIXES.some((prefix) => path.startsWith(prefix));
}

export interface OriginCheckInput {
  method: string;
  /**
   * The path as Remix routes it (routedPath in server/request-guard.ts), never the raw request
   * line: "/api/../locale" is /locale, and must not pass as an API path.
   */
  path: string;
  origin: string | undefined;
  referer: string | undefined;
  /** The Fetch Metadata header browsers add to every request; scripts on other sites cannot set it. */
  secFetchSite?: string | undefined;
  /** Origins this portal answers on: APP_URL's, and the one the request arrived on. */
  allowedOrigins: string[];
}

/**
 * Why a request was refused, as a code and its values (ADR 013): the edge that answers writes the
 * words, and the log keeps the code.
 * - `crossSite`: no usable Origin, and the browser's Sec-Fetch-Site says the request is not ours;
 * - `noOrigin`: neither an Origin nor a Referer to judge by;
 * - `foreignOrigin`: the Origin (or the Referer's origin) is another site's.
 */
export type OriginRefusal =
  | { reason: "crossSite"; secFetchSite: string }
  | { reason: "noOrigin" }
  | { reason: "foreignOrigin"; origin: string };

export type OriginCheck = { ok: true } | ({ ok: false } & OriginRefusal);

/**
 * Every state-changing request must come from a page of this portal: its Origin header (or, for
 * older browsers, its Referer) must be one of ours. Missing both is refused too.
 *
 * A form posted from a page served with `Referrer-Policy: no-referrer` (our token pages) carries
 * `Origin: null` and no Referer; there the browser's `Sec-Fetch-Site: same-origin` vouches for it.
 */
export function checkSameOrigin(input: OriginCheckInput): OriginCheck {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true };
  if (isCsrfExempt(input.path)) return { ok: true };
  const opaqueOrigin = !input.origin || input.origin === "null";
  if (opaqueOrigin && input.secFetchSite) {
    return input.secFetchSite === "same-origin"
      ? { ok: true }
      : { ok: false, reason: "crossSite", secFetchSite: input.secFetchSite };
  }
  const claimed = !opaqueOrigin ? input.origin : originOf(input.referer);
  if (!claimed) return { ok: false, reason: "noOrigin" };
  if (!input.allowedOrigins.includes(claimed)) return { ok: false, reason: "foreignOrigin", origin: claimed };
  return { ok: true };
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Share buttons (on the share feed `/alumni` and an item's share page `/alumni/share/{item}`) post
 * to the portal, which answers with a redirect to the network's public share address; browsers
 * apply `form-action` to that redirect too. The policy is the document's, and Remix navigates
 * without loading a new document (an alumnus signs in on `/login/magic/…` and lands on `/alumni`
 * in the same one), so a path-dependent policy would hold only after a reload: every page allows
 * these four share hosts, and nothing else beyond the portal (advocacy/share-urls.ts).
 */
const SHARE_FORM_TARGETS = "https://www.linkedin.com https://twitter.com https://x.com https://www.facebook.com";

const DEFAULT_IMG_SRC = "'self' data:";

// Everything of the policy but the nonce, which is new on every response.
function cspAfterScriptSrc(imgSrc: string = DEFAULT_IMG_SRC): string {
  return [
    "style-src 'self'",
    `img-src ${imgSrc}`,
    "font-src 'self'",
    "connect-src 'self'",
    `form-action 'self' ${SHARE_FORM_TARGETS}`,
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}
const CSP_AFTER_SCRIPT_SRC = cspAfterScriptSrc();

/**
 * The policy of a page that shows images from elsewhere (the public feed item page: the article's
 * picture and the summary's images, hot-linked), set by its route: the sources are added to its
 * `img-src` only, every other page keeps `'self' data:`.
 */
export function contentSecurityPolicy(nonce: string, options: { extraImageSources?: readonly string[] } = {}): string {
  const rest = options.extraImageSources?.length ? cspAfterScriptSrc(`${DEFAULT_IMG_SRC} ${options.extraImageSources.join(" ")}`) : CSP_AFTER_SCRIPT_SRC;
  return `default-src 'self'; script-src 'self' 'nonce-${nonce}'; ${rest}`;
}

/** Browser features no page of the portal uses: no script (ours or injected) may ask for them. */
export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()";

/** Whether the path's last segment is a secret token (Remix matches routes case-insensitively: so does this). */
export function isTokenPath(path: string): boolean {
  const lower = path.toLowerCase();
  return TOKEN_PATH_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

export function securityHeaders(options: { nonce: string; path: string; production: boolean }) {
  const tokenPath = isTokenPath(options.path);
  const csp = `default-src 'self'; script-src 'self' 'nonce-${options.nonce}'; ${CSP_AFTER_SCRIPT_SRC}`;
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": tokenPath ? "no-referrer" : "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
  };
  if (options.production) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/**
 * Whether the client is this machine (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6): the
 * only client allowed to see error details in development.
 */
export function isLoopbackAddress(address: string): boolean {
  const ip = address.toLowerCase().replace(/^::ffff:/, "");
  return ip === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}
