import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import proxyaddr from "proxy-addr";
import { bufferClick, cachedLinkCode, isCountedVisit, isLinkCode, resolveLinkCode, type CachedLink } from "~/modules/links/redirect.server";
import { logger } from "~/modules/platform/logger.server";
import { PERMISSIONS_POLICY } from "~/modules/platform/security.server";
import { isDatabaseUnavailable } from "~/utils/db.server";
import { headersOf, notFoundResponse, unavailableResponse, unexpectedErrorResponse } from "./request-guard";

/**
 * `GET|HEAD /r/{code}` (issue 11, ADR 020), answered by the server's request listener itself, in
 * front of express: plain node:http, no router, no shared middleware, no React render, no session
 * look-up, and after the first request for a code no database either. Every other request, `/r`
 * and `/rabbit` included, goes to the express app unchanged.
 *
 * What the express middleware would have done, and what this does instead:
 * - security headers: the ones that matter for a redirect or a small static page, as constants
 *   (no CSP nonce: neither response carries a script), see `REDIRECT_HEADERS` and `notFound`;
 * - request log: no line per redirect at `info` (it cost about a tenth of the redirect); a
 *   redirect is logged at `debug`, a 404 at `info` and a failure at `error`, as the app's lines are;
 * - request id: only a 404 or a failure gets one (it is logged; a redirect is not);
 * - the URL guard: nothing of the URL reaches anything but the strict code pattern;
 * - the same-origin check and body limits: only GET and HEAD come here (a body is discarded).
 */

/** What the listener answers itself: GET and HEAD under /r/ (the rest goes to express). */
const PREFIX = "/r/";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Neither a redirect nor its 404 may be kept by a cache: every click must reach us. */
const NO_STORE = "private, no-store";

export interface RedirectListenerOptions {
  /** Everything that is not a tracked link: the express app. */
  next: RequestListener;
  /** express's compiled `trust proxy` rule (`app.get("trust proxy fn")`): the client IP as the rest of the app reads it. */
  trustProxy: (address: string, hop: number) => boolean;
  production: boolean;
}

export function trackedLinkListener({ next, trustProxy, production }: RedirectListenerOptions): RequestListener {
  // Built once: the headers of every redirect but its Location. HSTS as on every page (the redirect
  // is often a visitor's first contact with the host); Referrer-Policy because the page the link was
  // on (a person's feed, an email) is not the target's business: the campaign parameters say where
  // the visit came from. The document headers (CSP, X-Frame-Options, COOP, Permissions-Policy,
  // nosniff) govern a rendered body; a 302 has none and the browser renders the target instead.
  const redirectHeaders: string[] = [
    "Cache-Control",
    NO_STORE,
    "Referrer-Policy",
    "no-referrer",
    "X-Robots-Tag",
    "noindex",
    "Content-Length",
    "0",
    ...(production ? ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"] : []),
  ];
  // The 404 and 500 pages are documents: the app's document headers apply, with a CSP that allows
  // nothing (the pages have no script, style or image) and so needs no nonce.
  const pageHeaders: Record<string, string> = {
    "Cache-Control": NO_STORE,
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    ...(production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };

  const redirect = (req: IncomingMessage, res: ServerResponse, link: CachedLink) => {
    // The IP is read only for a counted click. No closure per request: tsx's keepNames wraps each
    // one in a defineProperty call, which showed in the profile. A click the buffer cannot take
    // (the database has been down for long) is not redirected: a redirected visit is a counted one.
    if (isCountedVisit({ method: req.method!, userAgent: req.headers["user-agent"] }) && !bufferClick(link.linkId, proxyaddr(req, trustProxy))) {
      return void page(req, res, 503, process.hrtime.bigint()).catch(() => res.destroy());
    }
    res.writeHead(302, ["Location", link.location, ...redirectHeaders]);
    res.end();
    if (logger.isLevelEnabled("debug")) logger.debug({ method: req.method, path: pathOf(req.url!), status: 302 }, "tracked link");
  };

  const page = async (req: IncomingMessage, res: ServerResponse, status: 404 | 500 | 503, started: bigint) => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const headers = headersOf(req);
    const response =
      status === 404
        ? await notFoundResponse({ headers })
        : status === 503
          ? await unavailableResponse({ path: "/r/", headers })
          : await unexpectedErrorResponse({ path: "/r/", headers, requestId });
    const body = Buffer.from(await response.arrayBuffer());
    const retryAfter = response.headers.get("retry-after");
    res.writeHead(status, {
      "Content-Type": response.headers.get("content-type") ?? "text/html; charset=utf-8",
      "Content-Length": String(body.byteLength),
      "X-Request-Id": requestId,
      ...(retryAfter ? { "Retry-After": retryAfter } : {}),
      ...pageHeaders,
    });
    res.end(body);
    const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    // The same line as the app's request log; a code is not a secret (it only redirects).
    logger[status === 503 ? "warn" : status >= 500 ? "error" : "info"]({ requestId, method: req.method, path: pathOf(req.url!), status, ms }, "request");
  };

  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown, started: bigint) => {
    // A code not in memory needs the database to be redirected: while it is down, 503 (ADR 036).
    const unavailable = isDatabaseUnavailable(error);
    logger[unavailable ? "warn" : "error"]({ err: error, path: pathOf(req.url!) }, "tracked link failed");
    if (res.headersSent) return void res.destroy();
    page(req, res, unavailable ? 503 : 500, started).catch(() => res.destroy());
  };

  const slowPath = (req: IncomingMessage, res: ServerResponse, code: string) => {
    const started = process.hrtime.bigint();
    resolveLinkCode(code)
      .then((link) => (link ? redirect(req, res, link) : page(req, res, 404, started)))
      .catch((error: unknown) => failed(req, res, error, started));
  };

  return (req, res) => {
    const url = req.url!;
    if (!url.startsWith(PREFIX) || (req.method !== "GET" && req.method !== "HEAD")) return next(req, res);
    // The code is the rest of the path, exactly: no decoding, no second segment, no trailing slash.
    // The query string is ignored (networks append their own, such as Facebook's fbclid): nothing of
    // the request reaches the Location.
    const query = url.indexOf("?");
    const code = url.slice(PREFIX.length, query === -1 ? undefined : query);
    if (!isLinkCode(code)) return slowPath(req, res, "");
    const link = cachedLinkCode(code);
    if (!link) return slowPath(req, res, code);
    try {
      redirect(req, res, link);
    } catch (error) {
      // A listener that throws would take the process down; this is the express error handler's job.
      failed(req, res, error, process.hrtime.bigint());
    }
  };
}

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}
