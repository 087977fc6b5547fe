import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";

/** What the express server puts in every load context. */
export const testContext: AppLoadContext = {
  nonce: "test-nonce",
  requestId: "test-request",
  clientIp: "127.0.0.1",
  failures: { databaseUnavailable: false },
};

export const TEST_ORIGIN = "http://localhost:3000";

export interface RequestInit2 {
  method?: string;
  form?: Record<string, string | string[]> | FormData | URLSearchParams;
  json?: unknown;
  headers?: Record<string, string>;
  /** A Cookie header value, e.g. from signIn() or sessionCookieFrom(). */
  cookie?: string;
}

/** A real Request as Remix would receive it, with a same-origin Origin header on non-GETs. */
export function buildRequest(path: string, init: RequestInit2 = {}): Request {
  const method = (init.method ?? (init.form || init.json !== undefined ? "POST" : "GET")).toUpperCase();
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  if (method !== "GET" && method !== "HEAD" && !headers.has("Origin")) headers.set("Origin", TEST_ORIGIN);
  let body: BodyInit | undefined;
  if (init.form) {
    if (init.form instanceof FormData || init.form instanceof URLSearchParams) {
      body = init.form;
    } else {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(init.form)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
      }
      body = params;
    }
  } else if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  return new Request(new URL(path, TEST_ORIGIN), { method, headers, body });
}

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;

async function settle(run: () => unknown): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    return Response.json(result ?? null);
  } catch (thrown) {
    // Remix lets loaders throw responses (redirects, 403, 404): hand them back to the test.
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export function callLoader(loader: Loader, request: Request, params: Record<string, string> = {}) {
  return settle(() => loader({ request, params, context: testContext }));
}

export function callAction(action: Action, request: Request, params: Record<string, string> = {}) {
  return settle(() => action({ request, params, context: testContext }));
}

/** The `name=value` pair of the session cookie a response sets, ready for a Cookie header. */
export function sessionCookieFrom(response: Response): string | undefined {
  const setCookies = response.headers.getSetCookie();
  const session = setCookies.find((c) => /^(__Host-)?session=/.test(c));
  if (!session) return undefined;
  const pair = session.split(";")[0]!;
  return pair.endsWith("=") ? undefined : pair;
}

/**
 * The JSON a loader answered, typed from the loader itself (as useLoaderData<typeof loader>() types
 * it in the page), so a test never redeclares the shape and a renamed field fails to compile:
 * `const data = await loaderData<typeof loader>(response)`.
 */
export async function loaderData<T extends Loader>(response: Response): Promise<SerializeFrom<T>> {
  return (await response.json()) as SerializeFrom<T>;
}

/** The JSON an action answered, typed from the action itself (as useActionData<typeof action>() types it). */
export async function actionData<T extends Action>(response: Response): Promise<SerializeFrom<T>> {
  return (await response.json()) as SerializeFrom<T>;
}
