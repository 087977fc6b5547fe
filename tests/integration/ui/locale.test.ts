import { loader as rootLoader } from "~/root";
import { action as localeAction } from "~/routes/locale";
import { findUserById } from "~/modules/auth/users.server";
import { localeCookie } from "~/modules/i18n/i18n.server";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { createUser, signIn } from "../../factories";

useTestDatabase();

/** The `lng=…` pair of a response's Set-Cookie, ready for a Cookie header. */
function localeCookieFrom(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith("lng="))
    ?.split(";")[0];
}

describe("POST /locale", () => {
  it("remembers a visitor's choice in a cookie and goes back to the page", async () => {
    const response = await callAction(localeAction, buildRequest("/locale", { form: { locale: "fr", redirectTo: "/login?redirectTo=%2Fadmin" } }));

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
    const cookie = localeCookieFrom(response);
    expect(cookie).toBeDefined();
    expect(await localeCookie.parse(cookie!)).toBe("fr");
  });

  it("renders the next page in the chosen language, <html lang> included (the root loader's locale)", async () => {
    const switched = await callAction(localeAction, buildRequest("/locale", { form: { locale: "fr", redirectTo: "/" } }));
    const next = await callLoader(rootLoader, buildRequest("/", { cookie: localeCookieFrom(switched), headers: { "Accept-Language": "en" } }));
    expect(((await next.json()) as { locale: string }).locale).toBe("fr");
  });

  it("saves the choice as a signed-in user's setting, which then wins over the cookie", async () => {
    const user = await createUser({ role: "alumnus", locale: "en" });
    const session = await signIn(user);

    const response = await callAction(localeAction, buildRequest("/locale", { form: { locale: "fr", redirectTo: "/alumni" }, cookie: session }));

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/alumni");
    expect((await findUserById(testDb(), user.id))?.locale).toBe("fr");
    // Another browser with an English cookie still gets French: the setting travels with the user.
    const englishCookie = (await localeCookie.serialize("en")).split(";")[0]!;
    const root = await callLoader(rootLoader, buildRequest("/alumni", { cookie: `${session}; ${englishCookie}` }));
    expect(((await root.json()) as { locale: string }).locale).toBe("fr");
  });

  it("rejects a language it does not offer with 400 and changes nothing", async () => {
    const user = await createUser({ role: "alumnus", locale: "en" });
    const response = await callAction(localeAction, buildRequest("/locale", { form: { locale: "de", redirectTo: "/" }, cookie: await signIn(user) }));

    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/English \(en\) or French \(fr\)/);
    expect(localeCookieFrom(response)).toBeUndefined();
    expect((await findUserById(testDb(), user.id))?.locale).toBe("en");
  });

  it("rejects a post without a language with 400", async () => {
    const response = await callAction(localeAction, buildRequest("/locale", { form: { redirectTo: "/" } }));
    expect(response.status).toBe(400);
  });

  it("never sends the visitor to another site", async () => {
    for (const redirectTo of ["https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)"]) {
      const response = await callAction(localeAction, buildRequest("/locale", { form: { locale: "en", redirectTo } }));
      expect(response.status, redirectTo).toBe(302);
      expect(response.headers.get("Location"), redirectTo).toBe("/");
    }
  });

  it("goes to the front page when no page is given", async () => {
    const response = await callAction(localeAction, buildRequest("/locale", { form: { locale: "en" } }));
    expect(response.headers.get("Location")).toBe("/");
  });
});
