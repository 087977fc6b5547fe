import type express from "express";
import { recordClick, resolveLinkCode } from "~/modules/links/redirect.server";
import { notFoundResponse } from "./request-guard";

/**
 * `GET /r/{code}` (and HEAD), mounted by server/app.ts before Remix: no React render, no session
 * look-up, and after the first request for a code no database either (ADR 020). The only possible
 * Location is a stored target; anything else is the 404 page.
 */
export function trackedLinkRedirect(sendResponse: (res: express.Response, response: Response) => Promise<void>, headersOf: (req: express.Request) => Headers) {
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const code = req.params.code ?? "";
    resolveLinkCode(code)
      .then(async (link) => {
        // Neither a redirect nor its 404 may be kept by a cache: every click must reach us.
        res.setHeader("Cache-Control", "private, no-store");
        if (!link) return sendResponse(res, await notFoundResponse({ headers: headersOf(req) }));
        recordClick(link.linkId, { method: req.method, userAgent: req.get("user-agent"), ip: req.ip ?? req.socket.remoteAddress });
        // The campaign parameters tell the target where the visit came from; the page the link was
        // on (a person's feed, an email) is not the target's business.
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("X-Robots-Tag", "noindex");
        res.statusCode = 302;
        res.setHeader("Location", link.location);
        res.setHeader("Content-Length", "0");
        res.end();
      })
      .catch(next);
  };
}
