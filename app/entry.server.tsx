import { PassThrough, Writable } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { i18nFor } from "~/modules/i18n/translator";
import { getOptionalUser } from "~/modules/auth/session.server";
import { logger } from "~/modules/platform/logger.server";
import { redactUrl } from "~/modules/platform/redact-url";
import { NonceProvider } from "~/components/nonce";

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
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  // Without deferred data (no route uses defer today) the shell is the whole page: it is sent as one
  // body with its length instead of React's 2 KB chunks piped through three streams, each chunk a
  // write to the socket (about a tenth of a page's CPU). A deferred page still streams.
  const streams = Object.keys(remixContext.staticHandlerContext.activeDeferreds ?? {}).length > 0;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll || !streams ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          if (streams) {
            const body = new PassThrough();
            resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
            pipe(body);
            return;
          }
          pipe(
            collectInto((document) => {
              clearTimeout(abortTimer);
              responseHeaders.set("Content-Length", String(document.byteLength));
              resolve(new Response(document, { headers: responseHeaders, status: responseStatusCode }));
            }),
          );
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error }, "render error");
        },
      },
    );
    const abortTimer = setTimeout(abort, ABORT_DELAY);
  });
}

/** A writable that gathers what React writes and hands it over as one buffer when React ends it. */
function collectInto(done: (document: Uint8Array<ArrayBuffer>) => void): Writable {
  const chunks: Buffer[] = [];
  return new Writable({
    // React listens for `close` to abort a render whose reader went away: after a finished render
    // it would build an abort error and end the stream a second time (an error of its own).
    emitClose: false,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
    final(callback) {
      const whole = Buffer.concat(chunks);
      done(new Uint8Array(whole.buffer as ArrayBuffer, whole.byteOffset, whole.byteLength));
      callback();
    },
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // Unknown URLs and other 4xx responses are the visitor's, not ours: they are logged per request.
  if (typeof error === "object" && error !== null && "status" in error && Number(error.status) < 500) return;
  logger.error({ err: error, url: redactUrl(request.url) }, "unhandled error in a loader or action");
}
