import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * A local web server that serves the feed fixtures of tests/fixtures/feeds and misbehaves on demand,
 * so that the real fetching code (undici, redirects, limits, the address guard) runs against real
 * sockets:
 *
 * - `/feeds/<file>`: the fixture, typed by its extension (.xml → application/xml without a charset,
 *   so the XML declaration decides; .json → application/feed+json; .html → text/html), `?type=`
 *   to send another Content-Type;
 * - `/etag/<file>`: with an ETag and a Last-Modified; 304 when If-None-Match or If-Modified-Since match;
 * - `/gzip/<file>`: gzip-encoded;
 * - `/slow/<ms>/<file>`: waits before answering; `/slow-body`: answers at once, then a byte a while;
 * - `/status/<code>`: that status with a short body;
 * - `/huge`: a 50 MB body streamed without Content-Length; `/huge-declared`: the same, declared;
 * - `/loop/<n>`: redirects to /loop/<n+1> for ever; `/redirect?to=<url>&status=<3xx>`: one redirect;
 * - any path can be given a handler of its own with `route()`.
 * It records every request (path and headers) and how many body bytes each response wrote.
 */

const FIXTURES = resolve("tests/fixtures/feeds");
export const HUGE_BODY_BYTES = 50 * 1024 * 1024;
const LAST_MODIFIED = "Mon, 07 Dec 2026 08:00:00 GMT";

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface FakeFeedServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** http://localhost:<port>: the same server under a host name. */
  localhostUrl: string;
  port: number;
  requests: ReceivedRequest[];
  /** Body bytes written by the responses to `path` so far. */
  bytesSent(path: string): number;
  /** Serves `path` with `handler` from now on (replaces any built-in behaviour). */
  route(path: string, handler: RouteHandler): void;
  reset(): void;
  close(): Promise<void>;
}

export function fixture(file: string): Buffer {
  return readFileSync(resolve(FIXTURES, file));
}

function contentTypeOf(file: string): string {
  if (file.endsWith(".json")) return "application/feed+json";
  if (file.endsWith(".html")) return "text/html; charset=utf-8";
  return "application/xml";
}

export function etagOf(body: Buffer): string {
  return `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
}

export async function startFakeFeedServer(): Promise<FakeFeedServer> {
  const requests: ReceivedRequest[] = [];
  const sent = new Map<string, number>();
  const routes = new Map<string, RouteHandler>();
  const sockets = new Set<Socket>();

  const count = (path: string, bytes: number) => sent.set(path, (sent.get(path) ?? 0) + bytes);

  function serveFixture(response: ServerResponse, file: string, type: string | null, extraHeaders: Record<string, string> = {}) {
    const body = fixture(file);
    response.writeHead(200, { "content-type": type ?? contentTypeOf(file), "content-length": body.length, ...extraHeaders });
    response.end(body);
    return body.length;
  }

  function streamHuge(response: ServerResponse, path: string, declared: boolean) {
    response.writeHead(200, { "content-type": "application/rss+xml", ...(declared ? { "content-length": HUGE_BODY_BYTES } : {}) });
    const chunk = Buffer.alloc(64 * 1024, "<!-- padding padding padding -->\n");
    let written = 0;
    const write = () => {
      while (written < HUGE_BODY_BYTES && !response.destroyed) {
        written += chunk.length;
        count(path, chunk.length);
        if (!response.write(chunk)) return void response.once("drain", write);
      }
      if (!response.destroyed) response.end();
    };
    response.on("close", () => response.removeAllListeners("drain"));
    write();
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const path = url.pathname;
    requests.push({ path, headers: { ...request.headers } });
    const own = routes.get(path);
    if (own) return own(request, response);

    let match: RegExpExecArray | null;
    if ((match = /^\/feeds\/([\w.-]+)$/.exec(path))) {
      return count(path, serveFixture(response, match[1]!, url.searchParams.get("type")));
    }
    if ((match = /^\/etag\/([\w.-]+)$/.exec(path))) {
      const body = fixture(match[1]!);
      const etag = etagOf(body);
      const fresh = request.headers["if-none-match"] === etag || request.headers["if-modified-since"] === LAST_MODIFIED;
      if (fresh) {
        response.writeHead(304, { etag, "last-modified": LAST_MODIFIED });
        return response.end();
      }
      return count(path, serveFixture(response, match[1]!, null, { etag, "last-modified": LAST_MODIFIED }));
    }
    if ((match = /^\/gzip\/([\w.-]+)$/.exec(path))) {
      const body = gzipSync(fixture(match[1]!));
      response.writeHead(200, { "content-type": contentTypeOf(match[1]!), "content-encoding": "gzip", "content-length": body.length });
      count(path, body.length);
      return response.end(body);
    }
    if ((match = /^\/slow\/(\d+)\/([\w.-]+)$/.exec(path))) {
      const file = match[2]!;
      const timer = setTimeout(() => !response.destroyed && count(path, serveFixture(response, file, null)), Number(match[1]));
      response.on("close", () => clearTimeout(timer));
      return;
    }
    if (path === "/slow-body") {
      response.writeHead(200, { "content-type": "application/rss+xml" });
      response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>');
      const timer = setInterval(() => response.write(" "), 200);
      response.on("close", () => clearInterval(timer));
      return;
    }
    if ((match = /^\/status\/(\d{3})$/.exec(path))) {
      response.writeHead(Number(match[1]), { "content-type": "text/plain" });
      return response.end(`status ${match[1]}`);
    }
    if (path === "/huge") return streamHuge(response, path, false);
    if (path === "/huge-declared") return streamHuge(response, path, true);
    if ((match = /^\/loop\/(\d+)$/.exec(path))) {
      response.writeHead(302, { location: `/loop/${Number(match[1]) + 1}` });
      return response.end();
    }
    if (path === "/redirect") {
      response.writeHead(Number(url.searchParams.get("status") ?? 302), { location: url.searchParams.get("to") ?? "/" });
      return response.end();
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    localhostUrl: `http://localhost:${port}`,
    port,
    requests,
    bytesSent: (path) => sent.get(path) ?? 0,
    route: (path, handler) => void routes.set(path, handler),
    reset() {
      requests.length = 0;
      sent.clear();
      routes.clear();
    },
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
