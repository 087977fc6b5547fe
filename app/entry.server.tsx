import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { i18nFor } from "~/modules/i18n/translator";
import { getOptionalUser } from "~/modules/auth/session.server";
import { logger } from "~/modules/platform/logger.server";
import { redactUrl } from "~/modules/platform/redact-url";
import { NonceProvider } from "~/components/nonce";
import { isDatabaseUnavailable } from "~/utils/db.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The same look-up as the root loader's (the request memo), not a second query.
  const user = await getOptionalUser(request).catch(() => null);
  const locale = await resolveLocale(request, user?.locale);
  // Every resource is bundled: the language's one instance is ready, and rendering only reads it.
  const i18n = i18nFor(locale);
  const nonce = loadContext?.nonce ?? "";
  // Without deferred data (no route uses defer today) the page is rendered to one string and sent
  // with its length: no stream machinery, no 2 KB chunks each written to the socket
  // (docs/decisions/016). A deferred page streams its shell first (bots get the whole page).
  const streams = Object.keys(remixContext.staticHandlerContext.activeDeferreds ?? {}).length > 0;
  const page = (
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={i18n}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  if (!streams) {
    // An error thrown while rendering propagates, as onShellError's rejection does below: Remix
    // then renders the error boundary.
    const document = Buffer.from(`<!DOCTYPE html>${renderToString(page)}`);
    responseHeaders.set("Content-Length", String(document.byteLength));
    return new Response(document, { headers: responseHeaders, status: responseStatusCode });
  }
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      [waitForAll ? "onAllReady" : "onShellReady"]() {
        shellRendered = true;
        const body = new PassThrough();
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) logger.error({ err: error }, "render error");
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return;
  // The server answers 503 instead of 500 for this request (server/app.ts, docs/decisions/036):
  // the visitor is told to come back, and the log says warn, not error, once per request.
  if (isDatabaseUnavailable(error)) {
    if (context?.failures) context.failures.databaseUnavailable = true;
    logger.warn({ err: error, url: redactUrl(request.url) }, "database unavailable in a loader or action");
    return;
  }
  // Unknown URLs and other 4xx responses are the visitor's, not ours: they are logged per request.
  if (typeof error === "object" && error !== null && "status" in error && Number(error.status) < 500) return;
  logger.error({ err: error, url: redactUrl(request.url) }, "unhandled error in a loader or action");
}
