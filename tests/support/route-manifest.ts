import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";

/**
 * Every HTTP route of the portal, read from the built app's route manifest (not listed by hand), so
 * that a test enumerating them fails on a route nobody thought of. Issue 15's fuzzing, authorization
 * matrix, CSRF and header checks all start here.
 */
export interface PortalRoute {
  /** The Remix route id (`routes/admin.departures.$departureId`), or `server:<name>` for the routes the server answers before Remix. */
  id: string;
  /** The URL pattern with `:param` segments and a leading slash (`/admin/departures/:departureId`); `/*` for a splat. */
  pattern: string;
  /** The names of the pattern's parameters, in order. */
  params: string[];
  hasLoader: boolean;
  hasAction: boolean;
  /** A resource route (no component): its loader answers a file, JSON or a redirect, not a page. */
  isResource: boolean;
}

/**
 * Routes the HTTP server answers in front of Remix (server/app.ts): tracked links and feed item
 * images. They are not in the Remix manifest (one-click unsubscribes are POSTs to a Remix route's path).
 */
const SERVER_ROUTES: PortalRoute[] = [
  { id: "server:tracked-link", pattern: "/r/:code", params: ["code"], hasLoader: true, hasAction: false, isResource: true },
  { id: "server:item-image", pattern: "/feed/images/:itemId", params: ["itemId"], hasLoader: true, hasAction: false, isResource: true },
];

/** Loads build/index.js (npm test builds it first). */
export async function loadServerBuild(): Promise<ServerBuild> {
  const buildPath = resolve("build/index.js");
  if (!existsSync(buildPath)) throw new Error("build/index.js is missing: run `npm run build` (npm test does it first)");
  return (await import(pathToFileURL(buildPath).href)) as ServerBuild;
}

/** The full URL pattern of a route: its own path appended to its parents' (layout routes add none when pathless). */
function fullPattern(routes: ServerBuild["routes"], id: string): string {
  const segments: string[] = [];
  for (let route = routes[id]; route; route = route.parentId ? routes[route.parentId] : undefined) {
    if (route.path) segments.unshift(route.path);
  }
  return `/${segments.join("/")}`.replace(/\/+/g, "/");
}

/** Every route that answers requests: each Remix route with a loader or an action, and the server's own. */
export async function portalRoutes(): Promise<PortalRoute[]> {
  const build = await loadServerBuild();
  const remixRoutes = Object.values(build.routes)
    .filter((route) => route.id !== "root" && (route.module.loader || route.module.action))
    .map((route): PortalRoute => {
      const pattern = fullPattern(build.routes, route.id);
      return {
        id: route.id,
        pattern,
        params: [...pattern.matchAll(/:(\w+)/g)].map((match) => match[1]!).concat(pattern.endsWith("/*") ? ["*"] : []),
        hasLoader: Boolean(route.module.loader),
        hasAction: Boolean(route.module.action),
        isResource: !route.module.default,
      };
    });
  return [...remixRoutes, ...SERVER_ROUTES].sort((a, b) => a.pattern.localeCompare(b.pattern) || a.id.localeCompare(b.id));
}

/** The pattern with its parameters filled in (missing ones become a random-looking but valid uuid). */
export function fillPattern(pattern: string, values: Record<string, string> = {}): string {
  return pattern
    .replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? "00000000-0000-4000-8000-000000000000"))
    .replace(/\/\*$/, `/${values["*"] ?? "x"}`);
}
