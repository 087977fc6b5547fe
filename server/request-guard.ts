import type { IncomingMessage } from "node:http";
import { API_BODY_LIMIT_BYTES, problemResponse, unavailableProblem } from "~/modules/integrations/api.server";
import { ApiProblem } from "~/modules/integrations/problems";
import { MAX_FILE_BYTES } from "~/modules/imports/limits";
import { getFixedT, resolveLocale } from "~/modules/i18n/i18n.server";
import { DATABASE_RETRY_AFTER_SECONDS } from "~/utils/db.server";

/**
 * The web server's guard in front of Remix (docs/decisions/011-request-guard-at-the-edge.md):
 * every input a route could choke on is refused here with a 4xx, once, instead of in each route.
 *
 * - A NUL character (U+0000) in the path or query string, or in a form field: PostgreSQL text
 *   cannot hold it, so any route passing it to a query failed with a 500.
 * - A form body that does not parse as the type it declares, or that is not a form at all: Remix's
 *   `request.formData()` throws, which was a 500 in every action.
 * - A body larger than the route allows (1 MiB; the CSV upload more): refused before it is read
 *   whole, counting the bytes as they arrive since a chunked body declares no length.
 *
 * The JSON API (/api/…) keeps its own body checks and formats (problem+json; NUL inside JSON
 * strings answers 422 there); here it only gets the size limit and the query-string check.
 */

/** 1 MiB: far above any form a page of this portal sends. */
export const FORM_BODY_LIMIT_BYTES = 1024 * 1024;

/** Routes that accept more than the default, with what they need. */
const LARGER_BODIES: { path: string; bytes: number }[] = [
  // The file plus the multipart envelope (boundaries, part headers, the other fields).
  { path: "/admin/departures/import", bytes: MAX_FILE_BYTES + 64 * 1024 },
];

/** A Node request's headers as a Fetch Headers object (for the pages and problems built here). */
export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of [value ?? []].flat()) headers.append(name, item);
  }
  return headers;
}

export function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/**
 * Paths whose body is not a form and is checked by the route itself: the JSON API, and webhooks,
 * which must verify their signature on the exact bytes received (JSON from Resend).
 */
export function judgesOwnBody(path: string): boolean {
  return isApiPath(path) || path.startsWith("/webhooks/");
}

/**
 * The path as Remix will route it: the WHATWG URL parser (which Remix uses on the request URL)
 * resolves "..", "%2e%2e" and backslashes. Decisions about a path (is it the API? a token page?)
 * must be taken on this, not on the raw request line: "/api/../locale" reaches /locale.
 */
export function routedPath(originalUrl: string): string {
  try {
    return new URL(originalUrl, "http://placeholder.invalid").pathname;
  } catch {
    return "/";
  }
}

export function bodyLimitFor(path: string): number {
  if (isApiPath(path)) return API_BODY_LIMIT_BYTES;
  const lower = path.toLowerCase().replace(/\/+$/, "");
  return LARGER_BODIES.find((route) => route.path === lower)?.bytes ?? FORM_BODY_LIMIT_BYTES;
}

export type Refusal = "nulCharacter" | "malformedBody" | "malformedRequest" | "unsupportedMediaType" | "tooLarge";

export type GuardVerdict = { ok: true } | { ok: false; refusal: Refusal };

const NUL = "\u0000";

function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A lone "%" is not ours to refuse; decode what can be decoded.
    return text.replace(/%00/gi, NUL);
  }
}

/** The path and query string, decoded as routes will read them, must not hold a NUL. */
export function checkUrl(originalUrl: string): GuardVerdict {
  const queryAt = originalUrl.indexOf("?");
  const path = queryAt === -1 ? originalUrl : originalUrl.slice(0, queryAt);
  if (decodeLeniently(path).includes(NUL)) return { ok: false, refusal: "nulCharacter" };
  if (queryAt !== -1) {
    for (const [name, value] of new URLSearchParams(originalUrl.slice(queryAt + 1))) {
      if (name.includes(NUL) || value.includes(NUL)) return { ok: false, refusal: "nulCharacter" };
    }
  }
  return { ok: true };
}

/** The client went away before its body ended: there is nobody to answer. */
export class RequestAbortedError extends Error {
  constructor() {
    super("The client closed the connection before the request body ended.");
    this.name = "RequestAbortedError";
  }
}

export type BodyReading = { ok: true; body: Buffer<ArrayBuffer> } | { ok: false; refusal: "tooLarge" };

/**
 * Reads the request body, refusing it as soon as it passes `limit` bytes: a declared
 * Content-Length over the limit is refused before a byte is read. On refusal the stream is paused,
 * not drained: the caller answers with `Connection: close`, which ends the upload.
 */
export function readBodyWithinLimit(req: IncomingMessage, limit: number): Promise<BodyReading> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit) {
    return Promise.resolve({ ok: false, refusal: "tooLarge" });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > limit) {
        cleanup();
        req.pause();
        resolve({ ok: false, refusal: "tooLarge" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: Buffer.concat(chunks, total) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // Without this, a client that stops half-way would leave the promise (and its chunks) pending.
    const onClose = () => {
      cleanup();
      reject(new RequestAbortedError());
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(";", 1)[0]?.trim().toLowerCase() || undefined;
}

/**
 * A body for a page route must be a form that parses as the type it declares, with no NUL in any
 * field name or text value. Uploaded files are not checked: their bytes are the route's to judge
 * (the CSV import refuses a binary file with its own message).
 */
export async function checkFormBody(contentType: string | undefined, body: Buffer<ArrayBuffer>): Promise<GuardVerdict> {
  const mediaType = mediaTypeOf(contentType);
  if (!mediaType) return body.byteLength === 0 ? { ok: true } : { ok: false, refusal: "unsupportedMediaType" };
  if (!FORM_TYPES.has(mediaType)) return { ok: false, refusal: "unsupportedMediaType" };
  let form: FormData;
  try {
    // The same parser the routes' request.formData() uses, so what passes here parses there.
    form = await new Response(body, { headers: { "Content-Type": contentType! } }).formData();
  } catch {
    return { ok: false, refusal: "malformedBody" };
  }
  for (const [name, value] of form) {
    if (name.includes(NUL) || (typeof value === "string" && value.includes(NUL))) return { ok: false, refusal: "nulCharacter" };
  }
  return { ok: true };
}

const REFUSAL_STATUS: Record<Refusal, number> = {
  nulCharacter: 400,
  malformedBody: 400,
  malformedRequest: 400,
  unsupportedMediaType: 415,
  tooLarge: 413,
};

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The answer to a refused request: problem+json on the API (the same problem types its own checks
 * use), otherwise a small page in the visitor's language. A refused body was not read to its end:
 * the connection closes after the answer.
 */
export async function refusalResponse(
  refusal: Refusal,
  options: { path: string; headers: Headers; limit: number },
): Promise<Response> {
  const closing = refusal === "tooLarge" ? { Connection: "close" } : undefined;
  if (isApiPath(options.path)) {
    const problem =
      refusal === "tooLarge"
        ? new ApiProblem("payload-too-large", `The body must not exceed ${options.limit} bytes (${megabytes(options.limit)}).`, {
            headers: closing,
          })
        : new ApiProblem("invalid-parameters", "The path or query string contains a NUL character (%00). Remove it and retry.");
    return problemResponse(problem);
  }
  const locale = await resolveLocale(new Request("http://placeholder.invalid/", { headers: options.headers }));
  const t = await getFixedT(locale);
  return page(REFUSAL_STATUS[refusal], locale, t(`edge.${refusal}.title`), t(`edge.${refusal}.body`, { limit: megabytes(options.limit) }), t, closing);
}

/** The answer when something failed outside Remix: no details, a request id to quote. */
export async function unexpectedErrorResponse(options: { path: string; headers: Headers; requestId: string }): Promise<Response> {
  if (isApiPath(options.path)) {
    return problemResponse(
      new ApiProblem("internal-error", `Something went wrong on our side. Quote request id ${options.requestId} if you report it.`),
    );
  }
  const locale = await resolveLocale(new Request("http://placeholder.invalid/", { headers: options.headers }));
  const t = await getFixedT(locale);
  return page(500, locale, t("errors.unexpected.title"), t("errors.unexpected.body"), t);
}

/**
 * The answer while the database is unreachable (docs/decisions/036): 503 with Retry-After, at once,
 * so that a person sees why and a client or load balancer knows when to come back. The API gets
 * problem+json; everyone else a small page in their language (the cookie or Accept-Language: the
 * account's language would need the database).
 */
export async function unavailableResponse(options: { path: string; headers: Headers }): Promise<Response> {
  if (isApiPath(options.path)) return problemResponse(unavailableProblem());
  const locale = await resolveLocale(new Request("http://placeholder.invalid/", { headers: options.headers }));
  const t = await getFixedT(locale);
  return page(503, locale, t("errors.unavailable.title"), t("errors.unavailable.body"), t, {
    "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS),
  });
}

/** A 404 outside Remix (an unknown tracked link): the same small page, in the visitor's language. */
export async function notFoundResponse(options: { headers: Headers }): Promise<Response> {
  const locale = await resolveLocale(new Request("http://placeholder.invalid/", { headers: options.headers }));
  const t = await getFixedT(locale);
  return page(404, locale, t("errors.notFound.title"), t("errors.notFound.body"), t);
}

function page(
  status: number,
  locale: string,
  title: string,
  body: string,
  t: (key: string) => string,
  headers: Record<string, string> = {},
): Response {
  const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><a href="/">${escapeHtml(t("edge.backHome"))}</a></p></main></body>
</html>
`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}
