import type { ServerBuild } from "@remix-run/node";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";

/**
 * Issue 8, section 5: in development Remix writes an error's message and stack into the page (and
 * into a resource route's 500), and the server listened on every interface. Details now go only to
 * a client on this machine; anyone else, and everyone in production, gets the sanitised answer.
 */

useTestDatabase();

const SECRET_MESSAGE = "kaboom-at-the-database-password-line";

/** The real build with a page loader and a resource route that throw. */
function throwingBuild(build: ServerBuild): ServerBuild {
  const fail = () => {
    throw new Error(SECRET_MESSAGE);
  };
  const routes = { ...build.routes };
  for (const id of ["routes/_index", "routes/healthz"]) {
    const route = routes[id]!;
    routes[id] = { ...route, module: { ...route.module, loader: fail } };
  }
  return { ...build, routes };
}

// Behind a proxy (TRUST_PROXY), X-Forwarded-For names the client: a remote one can be simulated.
const development = useHttpApp({ env: { TRUST_PROXY: "true" }, build: throwingBuild });
const production = useHttpApp({
  env: {
    NODE_ENV: "production",
    TRUST_PROXY: "true",
    APP_URL: "https://alumni.example.com",
    APP_SECRET: "9c2e7a41f08b3d56e1a4c7f90b2d5e83a6c1f4e7",
    ALLOW_OUTBOX_IN_PRODUCTION: "true",
    ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: "true",
  },
  build: throwingBuild,
});

const REMOTE = { "X-Forwarded-For": "203.0.113.7" };

async function bodyOf(base: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers });
  expect(response.status, path).toBe(500);
  return response.text();
}

describe("error details", () => {
  it("reach the developer on this machine in development", async () => {
    expect(await bodyOf(development.base, "/healthz")).toContain(SECRET_MESSAGE);
    expect(await bodyOf(development.base, "/")).toContain(SECRET_MESSAGE);
  });

  it("never reach a client on another machine, even in development", async () => {
    for (const path of ["/", "/healthz", "/?_data=routes%2F_index"]) {
      const body = await bodyOf(development.base, path, REMOTE);
      expect(body, path).not.toContain(SECRET_MESSAGE);
      expect(body, path).not.toMatch(/\n\s+at /);
    }
  });

  it("never reach anyone in production, not even this machine", async () => {
    for (const path of ["/", "/healthz"]) {
      const body = await bodyOf(production.base, path);
      expect(body, path).not.toContain(SECRET_MESSAGE);
      expect(body, path).not.toMatch(/\n\s+at /);
    }
  });
});
