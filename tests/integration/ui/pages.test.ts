import enCommon from "~/locales/en/common.json";
import frCommon from "~/locales/fr/common.json";
import { localeCookie } from "~/modules/i18n/i18n.server";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { createUser, signIn } from "../../factories";

/** Whole pages through the real HTTP server and the built app: language, titles, error pages, landmarks. */

useTestDatabase();

const app = useHttpApp();

async function frenchCookie() {
  return (await localeCookie.serialize("fr")).split(";")[0]!;
}

async function get(path: string, cookie?: string) {
  const response = await fetch(`${app.base}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  return { response, html: await response.text() };
}

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const langOf = (html: string) => /<html[^>]*\blang="([^"]+)"/.exec(html)?.[1];
const decode = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");

describe("pages in the visitor's language", () => {
  it("renders an unknown address as a 404 page, in English by default", async () => {
    const { response, html } = await get("/no/such/page");
    expect(response.status).toBe(404);
    expect(langOf(html)).toBe("en");
    expect(titleOf(html)).toBe(`${enCommon.errors.notFound.title} · ${enCommon.appName}`);
    expect(decode(html)).toContain(enCommon.errors.notFound.body);
    expect(html).toMatch(/<a[^>]*href="\/"[^>]*>[^<]*Go to the home page/);
  });

  it("renders the whole page in French, <html lang> included, after the visitor chose French", async () => {
    const { response, html } = await get("/no/such/page", await frenchCookie());
    expect(response.status).toBe(404);
    expect(langOf(html)).toBe("fr");
    expect(decode(titleOf(html)!)).toBe(`${frCommon.errors.notFound.title} · ${frCommon.appName}`);
    expect(decode(html)).toContain(frCommon.errors.notFound.body);
    expect(decode(html)).toContain(frCommon.skipToContent);
    expect(decode(html)).toContain(frCommon.footer.tagline);
  });

  it("follows Accept-Language when there is no choice yet", async () => {
    const response = await fetch(`${app.base}/`, { headers: { "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5" } });
    const html = await response.text();
    expect(langOf(html)).toBe("fr");
    expect(decode(titleOf(html)!)).toBe(`${frCommon.home.title} · ${frCommon.appName}`);
  });

  it("answers a signed-in user who opens another role's page with a translated 403 page", async () => {
    const alumnus = await createUser({ role: "alumnus", locale: "fr" });
    const { response, html } = await get("/admin", await signIn(alumnus));
    expect(response.status).toBe(403);
    expect(langOf(html)).toBe("fr");
    expect(decode(html)).toContain(frCommon.errors.forbidden.title);
    expect(decode(titleOf(html)!)).toBe(`${frCommon.errors.forbidden.title} · ${frCommon.appName}`);
  });

  it("renders the HR home with its title, landmarks, skip link and People in the navigation", async () => {
    const admin = await createUser({ role: "hr_admin", name: "Hana Reyes" });
    const { response, html } = await get("/admin", await signIn(admin));
    expect(response.status).toBe(200);
    expect(titleOf(html)).toBe(`${enCommon.adminHome.title} · ${enCommon.appName}`);
    expect(html).toMatch(/<a class="skip-link" href="#main">/);
    expect(html).toMatch(/<header class="site-header">/);
    expect(html).toMatch(/<nav aria-label="Main navigation"/);
    expect(html).toMatch(/<main id="main"/);
    expect(html).toMatch(/<footer/);
    expect(html).toMatch(/<a[^>]*href="\/admin\/people"[^>]*>People<\/a>/);
    expect(html).toContain(enCommon.adminHome.departures.emptyTitle);
    expect(html).toContain("Welcome back, Hana Reyes.");
  });

  it("offers the language switcher as a form that works without JavaScript", async () => {
    const { html } = await get("/");
    const form = /<form[^>]*action="\/locale"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    expect(form, "no form posting to /locale").not.toBeNull();
    expect(form![0]).toMatch(/method="post"/);
    expect(form![1]).toMatch(/<input type="hidden" name="redirectTo" value="\/"/);
    expect(form![1]).toMatch(/<button[^>]*type="submit"[^>]*name="locale"[^>]*value="fr"[^>]*lang="fr"/);
    expect(form![1]).toMatch(/<button[^>]*value="en"[^>]*aria-current="true"/);
  });
});

describe("the header's navigation", () => {
  /** The links of the header's plain list (the phone's menu repeats them), with whether each is marked as the page shown. */
  function navLinks(html: string) {
    const list = /<ul class="site-nav__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
    return [...list.matchAll(/<a([^>]*)>([^<]*)<\/a>/g)].map(([, attributes, label]) => ({
      label,
      current: /aria-current="page"/.test(attributes!) && /class="active"/.test(attributes!),
    }));
  }

  it("marks the section of the page shown, and the home item only on the home page itself", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const departures = navLinks((await get("/admin/departures/new", cookie)).html);
    expect(departures.filter((link) => link.current).map((link) => link.label)).toEqual([enCommon.nav.departures]);
    expect(departures.map((link) => link.label)).toContain(enCommon.nav.home);
    const home = navLinks((await get("/admin", cookie)).html);
    expect(home.filter((link) => link.current).map((link) => link.label)).toEqual([enCommon.nav.home]);
    // A path that only starts with a section's path is not in that section.
    const outboxLike = navLinks((await get("/admin/outboxes", cookie)).html);
    expect(outboxLike.map((link) => link.label)).toEqual(departures.map((link) => link.label));
    expect(outboxLike.filter((link) => link.current)).toEqual([]);
  });
});

