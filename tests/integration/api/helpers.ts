import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { testDb } from "../../support/database";
import { TEST_ORIGIN, callAction, callLoader } from "../../support/remix";

export interface ApiRequestInit {
  method?: string;
  token?: string | null;
  /** Serialised as JSON with Content-Type: application/json. */
  json?: unknown;
  /** A raw body (string, bytes or stream), sent as given with the headers given. */
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** A real Request as an HR system would send it: bearer token, JSON body, no Origin header. */
export function apiRequest(path: string, init: ApiRequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  let body: BodyInit | undefined = init.body;
  if (init.json !== undefined) {
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  const method = (init.method ?? (body !== undefined ? "POST" : "GET")).toUpperCase();
  const isStream = typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
  return new Request(new URL(path, TEST_ORIGIN), { method, headers, body, ...(isStream ? { duplex: "half" } : {}) } as RequestInit);
}

interface RouteModule {
  loader: (args: LoaderFunctionArgs) => unknown;
  action: (args: ActionFunctionArgs) => unknown;
}

/** As Remix dispatches: GET and HEAD to the loader, every other method to the action. */
export function callRoute(route: RouteModule, request: Request, params: Record<string, string> = {}) {
  return ["GET", "HEAD"].includes(request.method) ? callLoader(route.loader, request, params) : callAction(route.action, request, params);
}

/**
 * The bodies here date departures in 2031, years ahead, so that they stay planned whatever the
 * clock says. HR's window of usual dates would ask to confirm such dates (tested in
 * departures-dates.test.ts): the files that use them widen it to its largest.
 */
export async function allowDatesYearsAway() {
  const widest = { past_days: 3650, future_days: 3650 };
  await testDb()
    .insertInto("departure_date_settings")
    .values({ id: true, ...widest })
    .onConflict((oc) => oc.column("id").doUpdateSet(widest))
    .execute();
}

/** A valid POST body; override any part. */
export function departureBody(overrides: Record<string, unknown> = {}, employee: Record<string, unknown> = {}) {
  return {
    employee: { email: "sam.leclerc@example.com", name: "Sam Leclerc", department: "Engineering", ...employee },
    noticeDate: "2031-03-03",
    lastDay: "2031-03-28",
    ...overrides,
  };
}

export async function problemOf(response: Response) {
  expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  return (await response.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: Array<{ pointer?: string; parameter?: string; detail: string }>;
  };
}
