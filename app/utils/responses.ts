import { pageHref } from "./query-params";

/**
 * Responses a loader or action throws to stop: the route's ErrorBoundary shows the page for the
 * status. The body is for developers and logs; visitors see ErrorPage's words in their language.
 *
 *   const departure = await findDeparture(db, id);
 *   if (!departure) throw notFound("There is no departure with this id.");
 */
export function notFound(detail = "Not found", headers?: HeadersInit): Response {
  return new Response(detail, { status: 404, statusText: "Not Found", headers });
}

/**
 * A submission no page of ours sends (an unknown intent, a field missing from the form): the error
 * page says the request was not understood. Errors a person can fix go beside the field instead.
 */
export function badRequest(detail = "Bad Request"): Response {
  return new Response(detail, { status: 400, statusText: "Bad Request" });
}

export function forbidden(detail = "You do not have access to this page."): Response {
  return new Response(detail, { status: 403, statusText: "Forbidden" });
}

/**
 * A list asked for a page past its last (rows removed since the link was made, an edited address):
 * the last page, with the same filters, rather than "page 9 of 1" over an empty table.
 *
 *   invariantResponse(list.page <= list.pageCount, () => lastPageRedirect(url, list.pageCount));
 */
export function lastPageRedirect(url: URL, pageCount: number): Response {
  // A client navigation's `_data` parameter is already gone: Remix strips it before the loader runs.
  return new Response(null, { status: 302, headers: { Location: pageHref(url.pathname, url.search, pageCount) } });
}

/** Throws `response` unless `condition` holds; narrows the type like an assertion. */
export function invariantResponse(condition: unknown, response: () => Response): asserts condition {
  if (!condition) throw response();
}

/**
 * A route's `headers` export for actions that answer 429: Remix builds a document's headers from
 * the route's `headers` function only, so without it a form posted without JavaScript would lose the
 * action's `Retry-After`.
 *
 *   export const headers = retryAfterFromAction;
 */
export function retryAfterFromAction({ actionHeaders }: { actionHeaders: Headers }): Record<string, string> {
  const retryAfter = actionHeaders.get("Retry-After");
  const headers: Record<string, string> = {};
  if (retryAfter) headers["Retry-After"] = retryAfter;
  return headers;
}
