import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll } from "vitest";
import { parseEnv } from "~/utils/env.server";
import { createRequestListener } from "../../server/app";

/**
 * The built app behind the real server (tracked links, then express) on a free local port, for the file's tests: what a
 * browser really gets (headers, CSP, rendered pages). Call after useTestDatabase(); `base` is the
 * server's address once the tests run.
 */
export function useHttpApp(
  options: {
    /** Variables on top of the defaults (development, silent logs). */
    env?: Record<string, string>;
    /** Changes the build before the server starts (a route that throws, for error-handling tests). */
    build?: (build: ServerBuild) => ServerBuild;
    /**
     * A copy of the build of the file's own. The app parses process.env on first use and keeps it
     * (getEnv), and test files share worker processes: a file that sets a variable the app reads
     * (RESEND_WEBHOOK_SECRET) needs an app that has not read it yet. Shared resources (the database)
     * are on globalThis, so the copy uses the file's database all the same.
     */
    freshBuild?: boolean;
  } = {},
): { readonly base: string } {
  let server: Server | undefined;
  let base: string | undefined;
  beforeAll(async () => {
    const buildPath = resolve("build/index.js");
    if (!existsSync(buildPath)) throw new Error("build/index.js is missing: run `npm run build` (npm test does it first)");
    const url = pathToFileURL(buildPath).href + (options.freshBuild ? `?copy=${Date.now()}-${Math.random()}` : "");
    const imported = (await import(url)) as ServerBuild;
    const build = options.build ? options.build(imported) : imported;
    // The listener `npm start` serves: tracked links in front of express, then the express app.
    const listener = createRequestListener({ build, env: parseEnv({ NODE_ENV: "development", LOG_LEVEL: "silent", ...options.env }) });
    const listening = createServer(listener);
    await new Promise<void>((done) => listening.listen(0, "127.0.0.1", done));
    server = listening;
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // Keep-alive sockets would hold close() open until they time out.
    server?.closeAllConnections();
    if (server) await new Promise((done) => server!.close(done));
  });
  return {
    get base() {
      if (!base) throw new Error("useHttpApp(): the server listens only once the tests run");
      return base;
    },
  };
}

/** Rendered HTML with React's text separators and the common entities undone, to match words in it. */
export function decodeHtml(html: string): string {
  return html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/**
 * GET and form POST against useHttpApp()'s server as a browser without JavaScript sends them (the
 * session cookie, a same-origin Origin on POST, redirects not followed), answering the response and
 * its decoded HTML.
 */
export function pageRequests(app: { readonly base: string }) {
  return {
    async get(path: string, cookie = "") {
      const response = await fetch(`${app.base}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
      return { response, html: decodeHtml(await response.text()) };
    },
    async post(path: string, cookie: string, form: Record<string, string | string[]>) {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(form)) for (const one of [value].flat()) body.append(key, one);
      const response = await fetch(`${app.base}${path}`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
        redirect: "manual",
      });
      return { response, html: decodeHtml(await response.text()) };
    },
  };
}
