import type express from "express";
import { consumeRateLimit, retryAfterHeaders } from "~/modules/auth/rate-limit.server";
import { unsubscribe } from "~/modules/newsletter/unsubscribe.server";
import { logger } from "~/modules/platform/logger.server";
import { getDb } from "~/utils/db.server";
import { mediaTypeOf } from "./request-guard";

/**
 * RFC 8058 one-click unsubscribe, answered by server/app.ts before Remix: a mail provider's
 * `POST /unsubscribe/{token}` with the body `List-Unsubscribe=One-Click` unsubscribes at once and
 * gets a blank 200. Remix would answer a post to a page with the whole page (it renders the document
 * after any action that does not redirect); nobody reads it, and a provider should not have to load
 * a portal page. Any other post to the path (the page's own button) goes on to the route's action,
 * which unsubscribes the same way (app/modules/newsletter/unsubscribe.server.ts) and shows a
 * confirmation. The body was read, within its limit and checked as a form, by the request guard.
 */

const UNSUBSCRIBE_PATH = /^\/unsubscribe\/([^/]+)\/?$/;

async function isOneClickBody(contentType: string | undefined, body: Buffer | undefined): Promise<boolean> {
  if (!body || body.byteLength === 0) return false;
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === "application/x-www-form-urlencoded") return new URLSearchParams(body.toString("utf8")).get("List-Unsubscribe") === "One-Click";
  if (mediaType === "multipart/form-data") {
    try {
      const form = await new Response(new Uint8Array(body), { headers: { "Content-Type": contentType! } }).formData();
      return form.get("List-Unsubscribe") === "One-Click";
    } catch {
      return false;
    }
  }
  return false;
}

function tokenOf(path: string): string | null {
  const match = UNSUBSCRIBE_PATH.exec(path);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

export function oneClickUnsubscribe(): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST") return next();
    // The path as Remix routes it (ADR 006), not the raw request line.
    const token = tokenOf(res.locals.path as string);
    if (token === null) return next();
    (async () => {
      if (!(await isOneClickBody(req.get("content-type"), res.locals.body as Buffer | undefined))) return next();
      res.setHeader("Cache-Control", "no-store");
      const clientIp = req.ip ?? req.socket.remoteAddress ?? "unknown";
      const verdict = await consumeRateLimit("unsubscribeByIp", clientIp);
      if (!verdict.allowed) {
        res.status(429).set(retryAfterHeaders(verdict.retryAfterMs)).type("text/plain").send("Too many requests\n");
        return;
      }
      const outcome = await unsubscribe(getDb(), { token, ip: clientIp });
      if (outcome.status === "invalid") {
        logger.info({ requestId: res.locals.requestId }, "one-click unsubscribe with an unknown token");
        res.status(404).type("text/plain").send("Not found\n");
        return;
      }
      res.status(200).type("text/plain").send("");
    })().catch(next);
  };
}
