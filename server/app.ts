import { randomBytes, randomUUID } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { Env } from "~/utils/env.server";
import { logger } from "~/modules/platform/logger.server";
import { checkSameOrigin, securityHeaders } from "~/modules/platform/security.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The CSP nonce of this response; scripts without it do not run. */
    nonce: string;
    requestId: string;
    clientIp: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Headers a route may set for itself (the outbox's email preview relaxes the CSP for its frame). */
const ROUTE_OVERRIDABLE = new Set(["content-security-policy", "x-frame-options", "referrer-policy", "cache-control"]);

/** The HTTP application: static files, protections, logging, then Remix. */
export function createHttpApp({ build, env }: { build: ServerBuild; env: Env }) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);
  const appOrigin = env.APP_URL ? new URL(env.APP_URL).origin : undefined;
  const production = env.NODE_ENV === "production";

  app.use((req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const nonce = randomBytes(16).toString("base64");
    res.locals.requestId = requestId;
    res.locals.nonce = nonce;
    res.setHeader("X-Request-Id", requestId);
    for (const [name, value] of Object.entries(securityHeaders({ nonce, path: req.path, production }))) {
      res.setHeader(name, value);
    }
    // Remix's adapter appends response headers; a route's own security headers must replace the
    // defaults above, not stand beside them (two CSPs are both enforced).
    const append = res.append.bind(res);
    res.append = (field: string, value?: string | string[]) =>
      ROUTE_OVERRIDABLE.has(field.toLowerCase()) ? res.set(field, value) : append(field, value);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? "error" : "info";
      logger[level](
        { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        "request",
      );
    });
    next();
  });

  app.use((req, res, next) => {
    const ownOrigin = `${req.protocol}://${req.get("host")}`;
    const verdict = checkSameOrigin({
      method: req.method,
      path: req.path,
      origin: req.get("origin"),
      referer: req.get("referer"),
      secFetchSite: req.get("sec-fetch-site"),
      allowedOrigins: appOrigin ? [appOrigin, ownOrigin] : [ownOrigin],
    });
    if (verdict.ok) {
      // A same-origin post from a no-referrer page says `Origin: null`; Remix's own check would
      // compare "null" with the Host and refuse it. We vouched for it above, so drop the opaque value.
      if (req.headers.origin === "null") delete req.headers.origin;
      return next();
    }
    logger.warn({ requestId: res.locals.requestId, path: req.path, reason: verdict.reason }, "cross-site request refused");
    res
      .status(403)
      .type("text/plain")
      .send(`Forbidden: ${verdict.reason} Reload the page and submit the form again.`);
  });

  // Fingerprinted assets can be cached for ever; everything else in public/ for an hour.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({
        nonce: res.locals.nonce as string,
        requestId: res.locals.requestId as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );
  return app;
}
