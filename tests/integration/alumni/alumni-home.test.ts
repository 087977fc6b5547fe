import { translator } from "~/modules/i18n/translator";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { createUser, signIn } from "../../factories";

/**
 * The alumni home promises only what exists: a copy or the erasure of one's data is asked of the HR
 * team (the portal has no self-service for it yet), and the page says so.
 */

useTestDatabase();
const app = useHttpApp();

describe("the alumni home", () => {
  it.each(["en", "fr"] as const)("tells an alumnus to write to the HR team for a copy or the erasure of their data (%s)", async (locale) => {
    const alumnus = await createUser({ role: "alumnus", locale });
    const response = await fetch(`${app.base}/alumni`, { headers: { Cookie: await signIn(alumnus) } });
    expect(response.status).toBe(200);
    const html = (await response.text()).replace(/&#x27;|&#39;/g, "'");

    expect(html).toContain(translator(locale, "common")("alumniHome.promise.data", { company: "Acme Corp" }));
    expect(html).toMatch(locale === "en" ? /write to the Acme Corp HR team/ : /écrivez à l’équipe RH de votre ancienne entreprise, Acme Corp/);
    // Not a promise of something to do here.
    expect(html).not.toContain("You can ask for a copy");
    expect(html).not.toContain("Vous pouvez demander une copie");
  });
});
