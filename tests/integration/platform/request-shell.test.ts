import enAuth from "~/locales/en/auth.json";
import frAuth from "~/locales/fr/auth.json";
import { localeCookie } from "~/modules/i18n/i18n.server";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { useQueryCounter } from "../../support/query-counter";
import { createUser, signIn } from "../../factories";

/**
 * What every page request pays before its own work (docs/decisions/014). The root loader, the
 * route's guard and entry.server each ask who is signed in: they must share one look-up. Counted by
 * structure, not timed: every query the built app sends that names the sessions table.
 */

useTestDatabase();

const app = useHttpApp();

const counter = useQueryCounter();

async function sessionQueriesFor(path: string, cookie?: string, headers: Record<string, string> = {}) {
  counter.reset();
  const response = await fetch(`${app.base}${path}`, { headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) }, redirect: "manual" });
  await response.text();
  return { status: response.status, sessionQueries: counter.naming("sessions") };
}

describe("one session look-up per page request", () => {
  it("asks nothing of the sessions table for a visitor without a session cookie (/login)", async () => {
    expect(await sessionQueriesFor("/login")).toEqual({ status: 200, sessionQueries: 0 });
  });

  it("reads the session once for HR's home (/admin)", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    expect(await sessionQueriesFor("/admin", cookie)).toEqual({ status: 200, sessionQueries: 1 });
  });

  it("reads the session once for a task owner's inbox (/tasks)", async () => {
    const cookie = await signIn(await createUser({ role: "task_owner" }));
    expect(await sessionQueriesFor("/tasks", cookie)).toEqual({ status: 200, sessionQueries: 1 });
  });

  it("reads the session once for a data request of the client router (?_data)", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const root = await sessionQueriesFor("/admin?_data=root", cookie);
    const route = await sessionQueriesFor("/admin?_data=routes%2Fadmin._index", cookie);
    expect([root, route]).toEqual([
      { status: 200, sessionQueries: 1 },
      { status: 200, sessionQueries: 1 },
    ]);
  });

  it("reads the session once for a page the role may not open (403 page)", async () => {
    const cookie = await signIn(await createUser({ role: "alumnus" }));
    expect(await sessionQueriesFor("/admin", cookie)).toEqual({ status: 403, sessionQueries: 1 });
  });
});

describe("one i18next instance per language, shared by concurrent requests", () => {
  it("renders each of many simultaneous English and French pages in its own language", async () => {
    const french = (await localeCookie.serialize("fr")).split(";")[0]!;
    const langs = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? "en" : "fr"));
    const pages = await Promise.all(
      langs.map(async (lang) => {
        const response = await fetch(`${app.base}/login`, { headers: lang === "fr" ? { Cookie: french } : {} });
        const html = await response.text();
        return { lang: /<html[^>]*\blang="([^"]+)"/.exec(html)?.[1], heading: /<h1[^>]*>([^<]*)</.exec(html)?.[1] };
      }),
    );
    expect(pages).toEqual(langs.map((lang) => ({ lang, heading: (lang === "fr" ? frAuth : enAuth).login.title })));
  });
});

describe("a page is sent whole, with its length", () => {
  // No route defers data: React's output is gathered and sent as one body (entry.server), not
  // streamed in 2 KB chunks. A page that lost its end (an early `finish`) would not match its length.
  async function documentOf(path: string, cookie?: string) {
    const response = await fetch(`${app.base}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    const body = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      contentLength: Number(response.headers.get("content-length")),
      transferEncoding: response.headers.get("transfer-encoding"),
      bytes: body.byteLength,
      ends: body.toString("utf8").trimEnd().endsWith("</html>"),
    };
  }

  it("answers a visitor's sign-in page with a Content-Length that is the whole document's", async () => {
    const page = await documentOf("/login");
    expect(page).toEqual({ status: 200, contentLength: page.bytes, transferEncoding: null, bytes: page.bytes, ends: true });
    expect(page.bytes).toBeGreaterThan(1_000);
  });

  it("answers a signed-in page larger than React's 2 KB chunks the same way (/admin)", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const page = await documentOf("/admin", cookie);
    expect(page).toMatchObject({ status: 200, contentLength: page.bytes, transferEncoding: null, ends: true });
    expect(page.bytes).toBeGreaterThan(8_000);
  });

  it("keeps the status of an error page sent whole (404)", async () => {
    const page = await documentOf("/no-such-page");
    expect(page).toMatchObject({ status: 404, contentLength: page.bytes, transferEncoding: null, ends: true });
  });
});
