import type express from "express";
import { itemImages } from "~/modules/feeds/item-images.server";
import { logger } from "~/modules/platform/logger.server";

/**
 * `GET /feed/images/{itemId}` (and HEAD), mounted by server/app.ts before Remix like the tracked-link
 * redirect: a feed item's image from the portal's own origin (docs/decisions/022). The domain part
 * (app/modules/feeds/item-images.server.ts) decides what is served; this answers it.
 *
 * An image goes out with the type its bytes showed, never the sender's, with `nosniff` and a CSP
 * that lets nothing in it run (an image opened as a document is sandboxed). Every failure is the same
 * bare 404, uncacheable: why (not an image, too big, timed out, an internal address…) is in the log
 * with the item id, not in the answer.
 */

export const ITEM_IMAGE_ROUTE = "/feed/images/:itemId";

const NOT_FOUND_BODY = "Not found\n";

/** An approved item's image is the same for every visitor: browsers and shared caches keep it a day. */
const PUBLIC_CACHE = "public, max-age=86400";
/**
 * A pending item's image is shown to HR only: no shared cache may keep it, and, as for every
 * response to a signed-in request (ADR 011), no browser cache either.
 */
const STAFF_CACHE = "private, no-store";

const IMAGE_CSP = "default-src 'none'; sandbox";

export function itemImageProxy() {
  return (req: express.Request, res: express.Response) => {
    const itemId = req.params.itemId ?? "";
    // Only the session cookie matters, and only for a pending item: the domain reads it then.
    const cookie = req.get("cookie");
    const request = new Request("http://placeholder.invalid/", { headers: cookie ? { cookie } : {} });
    itemImages()
      .find(itemId, request)
      .then((answer) => {
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        if (!answer.found) {
          // A refused fetch was logged at info, with the image's host, when it happened (the domain
          // part); every 404 it causes afterwards is only worth a debug line.
          logger.debug({ requestId: res.locals.requestId, itemId: answer.code === "itemImage.malformedId" ? null : itemId, code: answer.code, values: answer.values }, "feed item image not served");
          return notFound(res);
        }
        res.setHeader("Content-Security-Policy", IMAGE_CSP);
        // Replaces the "private, no-store" of a request with a session cookie for an approved item's
        // image: its bytes do not depend on who asks (the cookie is not even read), so keeping it in
        // a cache shows nobody anything of anybody's (ADR 022).
        res.setHeader("Cache-Control", answer.audience === "everyone" ? PUBLIC_CACHE : STAFF_CACHE);
        res.setHeader("ETag", answer.etag);
        if (matchesEtag(req.get("if-none-match"), answer.etag)) {
          res.statusCode = 304;
          return void res.end();
        }
        res.statusCode = 200;
        res.setHeader("Content-Type", answer.contentType);
        res.setHeader("Content-Length", String(answer.body.byteLength));
        // Node writes no body for HEAD, and keeps the headers.
        res.end(answer.body);
      })
      .catch((error: unknown) => {
        // A database that fails is worth an error line, but an image is never worth a 500 page.
        logger.error({ err: error, requestId: res.locals.requestId, itemId }, "feed item image failed");
        if (res.headersSent) return void res.destroy();
        notFound(res);
      });
  };
}

/** Any method but GET and HEAD on the image path. */
export function itemImageMethodNotAllowed(_req: express.Request, res: express.Response) {
  res.setHeader("Allow", "GET, HEAD");
  res.setHeader("Cache-Control", "no-store");
  res.status(405).type("text/plain").send("Method not allowed\n");
}

function notFound(res: express.Response) {
  res.statusCode = 404;
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Content-Length", String(Buffer.byteLength(NOT_FOUND_BODY)));
  res.end(NOT_FOUND_BODY);
}

/** Whether If-None-Match names `etag` (or is `*`); weak comparison, as RFC 9110 asks for GET. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}
