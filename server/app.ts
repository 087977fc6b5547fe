import { randomBytes, randomUUID } from "node:crypto";
import type { RequestListener } from "node:http";
import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import express from "express";
import type { Env } from "~/utils/env.server";
import { isDatabaseUnavailable } from "~/utils/db.server";
import { withRequestMemo } from "~/utils/request-memo.server";
import { sessionCookieName } from "~/modules/auth/session.server";
import { logger } from "~/modules/platform/logger.server";
import { redactUrl } from "~/modules/platform/redact-url";
import {
  bodyLimitFor,
  checkFormBody,
  checkUrl,
  headersOf,
  judgesOwnBody,
  readBodyWithinLimit,
  refusalResponse,
  RequestAbortedError,
  routedPath,
  unavailableResponse,
  unexpectedErrorResponse,
  type Refusal,
} from "./request-guard";
import { oneClickUnsubscribe } from "./one-click-unsubscribe";
import { trackedLinkListener } from "./tracked-link-redirect";
import { ITEM_IMAGE_ROUTE, itemImageMethodNotAllowed, itemImageProxy } from "./item-image-proxy";
import { checkSameOrigin, isLoopbackAddress, isTokenPath, securityHeaders, type OriginRefusal } from "~/modules/platform/security.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The CSP nonce of this response; scripts without it do not run. */
    nonce: string;
    requestId: string;
    clientIp: string;
    /**
     * Noted by entry.server's handleError while Remix handles the request: a loader or action
     * failed because the database is unreachable, so its 500 goes out as a 503 (docs/decisions/036).
     */
    failures: { databaseUnavailable: boolean };
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A path whose last segment has an extension. */
const FILE_NAME = /\.[^/]*$/;

/**
 * Headers a route may set for itself (the outbox's email preview relaxes the CSP for its frame),
 * and nosniff, which a file download repeats: set once, never listed twice.
 */
const ROUTE_OVERRIDABLE = new Set(["content-security-policy", "x-frame-options", "referrer-policy", "cache-control", "x-content-type-options"]);

/** What every response to a signed-in browser says: never store it, in any cache. */
const PRIVATE_NO_STORE = "private, no-store";

/**
 * What the HTTP server runs for every request: tracked links (`GET|HEAD /r/{code}`) answered by a
 * plain node:http listener in front of express (ADR 020), everything else by the express app below.
 */
export function createRequestListener({ build, env }: { build: ServerBuild; env: Env }): RequestListener {
  const app = createHttpApp({ build, env });
  return trackedLinkListener({
    next: app,
    // The compiled form of the "trust proxy" setting: the redirect reads the client IP as req.ip does.
    trustProxy: app.get("trust proxy fn") as (address: string, hop: number) => boolean,
    production: env.NODE_ENV === "production",
  });
}

/** The HTTP application: logging, protections, static files, the request guard, then Remix. */
export function createHttpApp({ build, env }: { build: ServerBuild; env: Env }) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);
  const appOrigin = env.APP_URL ? new URL(env.APP_URL).origin : undefined;
  const production = env.NODE_ENV === "production";
  const sessionCookie = `${sessionCookieName()}=`;

  app.use((req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const nonce = randomBytes(16).toString("base64");
    const path = routedPath(req.originalUrl);
    res.locals.requestId = requestId;
    res.locals.nonce = nonce;
    res.locals.path = path;
    res.setHeader("X-Request-Id", requestId);
    for (const [name, value] of Object.entries(securityHeaders({ nonce, path, production }))) {
      res.setHeader(name, value);
    }
    // Any response to a browser that holds a session cookie may show that person's data: no cache
    // may keep it. The cookie's presence, not its validity, decides: one rule for documents, data
    // requests, resource routes and redirects, with no database lookup (docs/decisions/011).
    const signedIn = req.get("cookie")?.split(/;\s*/).some((pair) => pair.startsWith(sessionCookie) && pair.length > sessionCookie.length);
    // A URL whose token stands in for a sign-in (an unsubscribe, a pulse answer, the preference
    // centre, a magic link) shows or serves one person's data to whoever holds it: private too.
    const personal = signedIn || isTokenPath(path);
    if (personal) res.setHeader("Cache-Control", PRIVATE_NO_STORE);
    // Remix's adapter appends response headers; a route's own security headers must replace the
    // defaults above, not stand beside them (two CSPs are both enforced).
    const append = res.append.bind(res);
    res.append = (field: string, value?: string | string[]) => {
      const name = field.toLowerCase();
      // A response that starts a session (sign-in) is private too; a route cannot relax that.
      if (name === "set-cookie" && [value].flat().some((cookie) => cookie?.startsWith(sessionCookie))) {
        res.locals.private = true;
        res.setHeader("Cache-Control", PRIVATE_NO_STORE);
      }
      if (name === "cache-control" && (personal || res.locals.private)) return res;
      return ROUTE_OVERRIDABLE.has(name) ? res.set(field, value) : append(field, value);
    };
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // 503: the database is unreachable (ADR 036), said once by the failing part; not an error of ours per request.
      const level = res.statusCode === 503 ? "warn" : res.statusCode >= 500 ? "error" : "info";
      logger[level](
        { requestId, method: req.method, path: redactUrl(req.path), status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        "request",
      );
    });
    next();
  });

  const refuse = async (req: express.Request, res: express.Response, refusal: Refusal) => {
    const path = res.locals.path as string;
    const response = await refusalResponse(refusal, { path, headers: headersOf(req), limit: bodyLimitFor(path) });
    logger.info({ requestId: res.locals.requestId, path: redactUrl(req.path), refusal }, "request refused at the edge");
    await sendResponse(res, response);
  };

  // Inputs no route can store or parse are refused once, here (docs/decisions/011).
  app.use((req, res, next) => {
    const verdict = checkUrl(req.originalUrl);
    if (verdict.ok) return next();
    refuse(req, res, verdict.refusal).catch(next);
  });

  app.use((req, res, next) => {
    const ownOrigin = `${req.protocol}://${req.get("host")}`;
    const verdict = checkSameOrigin({
      method: req.method,
      path: res.locals.path as string,
      origin: req.get("origin"),
      referer: req.get("referer"),
      secFetchSite: req.get("sec-fetch-site"),
      allowedOrigins: appOrigin ? [appOrigin, ownOrigin] : [ownOrigin],
    });
    if (verdict.ok) {
      // The check above decides. Remix then runs its own, comparing the Origin with the Host (or
      // X-Forwarded-Host) alone, and answers a mismatch with an empty 500: an `Origin: null` from a
      // no-referrer page of ours, a post to a path that authenticates itself (a signature, a token)
      // from anywhere, or our public address (APP_URL) behind a proxy that does not pass the public
      // host. We vouched for the request, so the header goes before Remix sees it.
      delete req.headers.origin;
      return next();
    }
    const { ok: _ok, ...refusal } = verdict;
    logger.warn({ requestId: res.locals.requestId, path: redactUrl(req.path), ...refusal }, "cross-site request refused");
    res
      .status(403)
      .type("text/plain")
      .send(`Forbidden: ${originRefusalText(refusal)} Reload the page and submit the form again.`);
  });

  // Feed items' images from our own origin (ADR 022): GET and HEAD only, nothing of Remix.
  app.get(ITEM_IMAGE_ROUTE, itemImageProxy());
  app.all(ITEM_IMAGE_ROUTE, itemImageMethodNotAllowed);

  // Fingerprinted assets can be cached for ever; everything else in public/ for an hour.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only a name with an extension can be a file of public/ (favicon.svg, robots.txt): a page's
  // path skips the disk look-up that would fail on every page request.
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (FILE_NAME.test(res.locals.path as string) ? publicFiles(req, res, next) : next()));

  // Every body is read here, within its route's limit, before anything else sees it.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const path = res.locals.path as string;
    (async () => {
      const reading = await readBodyWithinLimit(req, bodyLimitFor(path));
      if (!reading.ok) return refuse(req, res, reading.refusal);
      if (!judgesOwnBody(path)) {
        const verdict = await checkFormBody(req.get("content-type"), reading.body);
        if (!verdict.ok) return refuse(req, res, verdict.refusal);
      }
      res.locals.body = reading.body;
      next();
    })().catch(next);
  });

  // RFC 8058 one-click unsubscribes get a blank 200, not a rendered page.
  app.use(oneClickUnsubscribe());

  // Development mode serialises error messages and stacks into the page; only the developer's
  // own machine gets them. Anyone else, and everyone in production, gets the sanitised answer.
  const detailedErrors = createRequestHandler(build, env.NODE_ENV);
  const sanitisedErrors = createRequestHandler(build, "production");
  app.all("*", (req, res, next) => {
    const clientIp = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const handle = !production && isLoopbackAddress(clientIp) ? detailedErrors : sanitisedErrors;
    const loadContext = {
      nonce: res.locals.nonce as string,
      requestId: res.locals.requestId as string,
      clientIp,
      failures: { databaseUnavailable: false },
    };
    let request: Request;
    try {
      request = toRemixRequest(req, res);
    } catch {
      // A Host header that makes no URL ("Host: a b"): the request, not the server, is at fault.
      return void refuse(req, res, "malformedRequest").catch(next);
    }
    // One session look-up (and one language detection) shared by the root loader, the route's
    // loaders and the render (docs/decisions/014). Only for reads: after a form posted without
    // JavaScript, Remix runs the action and then the loaders in the same request, and an action may
    // end the session or change the user's language; they must see that, not a remembered answer.
    const respond = () => handle(request, loadContext);
    const pending = req.method === "GET" || req.method === "HEAD" ? withRequestMemo(respond) : respond();
    pending
      .then(async (response) => {
        // The error page Remix rendered says "something went wrong" with a 500: while the database
        // is unreachable the visitor gets the 503 page instead, with when to come back.
        if (response.status >= 500 && loadContext.failures.databaseUnavailable) {
          await response.body?.cancel();
          return sendResponse(res, await unavailableResponse({ path: res.locals.path as string, headers: headersOf(req) }));
        }
        return sendResponse(res, response);
      })
      .catch(next);
  });

  // Anything that escaped the above. Express's own handler would send the stack trace to the client
  // outside production; this logs it and answers without details.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (error instanceof RequestAbortedError || req.destroyed) return void res.destroy();
    const unavailable = isDatabaseUnavailable(error);
    logger[unavailable ? "warn" : "error"]({ err: error, requestId: res.locals.requestId, path: req.path }, "request failed");
    if (res.headersSent) return void res.destroy();
    const path = (res.locals.path as string | undefined) ?? "/";
    const answer = unavailable
      ? unavailableResponse({ path, headers: headersOf(req) })
      : unexpectedErrorResponse({ path, headers: headersOf(req), requestId: res.locals.requestId as string });
    answer
      .then((response) => sendResponse(res, response))
      .catch(() => res.destroy());
  });
  return app;
}

/**
 * The Fetch request Remix handles, as @remix-run/express builds it, except that the body is the
 * one the guard above already read (the stream is consumed by then).
 */
function toRemixRequest(req: express.Request, res: express.Response): Request {
  const forwardedPort = Number.parseInt(req.get("x-forwarded-host")?.split(":")[1] ?? "", 10);
  const hostPort = Number.parseInt(req.get("host")?.split(":")[1] ?? "", 10);
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : undefined;
  // req.hostname follows the "trust proxy" setting.
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  // Abort loaders and actions once no response can be written (`close` without `finish`).
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const body = res.locals.body as Buffer<ArrayBuffer> | undefined;
  const headers = headersOf(req);
  // An empty post without a type is an empty form: routes read it with request.formData().
  if (body && body.byteLength === 0 && !headers.has("content-type")) headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(url.href, { method: req.method, headers, signal: controller.signal, body: body ?? null });
}

async function sendResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * The 403 of the same-origin check in words. It answers whatever sent a cross-site form (a script, a
 * foreign page), not a reader of our pages, so it stays plain English text, as the API's details do.
 */
export function originRefusalText(refusal: OriginRefusal): string {
  switch (refusal.reason) {
    case "crossSite":
      return `The browser reports this request as ${refusal.secFetchSite}, not from this site.`;
    case "noOrigin":
      return "The request has no Origin or Referer header.";
    case "foreignOrigin":
      return `The request came from ${refusal.origin}, which is not this site.`;
  }
}
