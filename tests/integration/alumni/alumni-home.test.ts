import { translator } from "~/modules/i18n/translator";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { createUser, signIn } from "../../factories";

/**
 * The alumni home promises only what exists: a copy of one's data and the deletion of one's account
 * are self-service on "Your data" (issue 14), which the promise names and the choices page links to.
 */

useTestDatabase();
const app = useHttpApp();

describe("the alumni home", () => {
  it.each(["en", "fr"] as const)("points an alumnus to “Your data”, a page that exists for them, for a copy or the deletion of their data (%s)", async (locale) => {
    const alumnus = await createUser({ role: "alumnus", locale });
    const cookie = await signIn(alumnus);
    const response = await fetch(`${app.base}/alumni`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const html = (await response.text()).replace(/&#x27;|&#39;/g, "'");
    expect(html).toContain(translator(locale, "common")("alumniHome.promise.data", { company: "Acme Corp" }));
    expect(html).toContain(locale === "en" ? "“Your data”" : "« Vos données »");
    // No longer sent to HR for what the portal does itself.
    expect(html).not.toMatch(/write to the Acme Corp HR team|écrivez à l’équipe RH/);

    const choices = await (await fetch(`${app.base}/alumni/preferences`, { headers: { Cookie: cookie } })).text();
    expect(choices).toContain('href="/alumni/data"');
    const data = await fetch(`${app.base}/alumni/data`, { headers: { Cookie: cookie } });
    expect(data.status).toBe(200);
    expect(await data.text()).toContain(translator(locale, "data")("page.downloadTitle"));
  });
});
