import { useTestDatabase, testDb } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { createUser, installOffboardingDefaults, makeDeparture, signIn, teamId } from "../../factories";

/**
 * What HR writes in two languages (checklist templates, their tasks, the tasks copied to departures,
 * survey names) reaches each reader in theirs, on the pages as rendered: issue 9 found the seeded
 * checklist and the default survey in English on French pages.
 */

useTestDatabase();

const app = useHttpApp();

const decode = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&").replace(/&quot;/g, '"');

/** The page as people see it: the loader data in its scripts holds both languages, so it is left out. */
async function page(path: string, cookie: string) {
  const response = await fetch(`${app.base}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  expect(response.status).toBe(200);
  return decode((await response.text()).replace(/<script\b[\s\S]*?<\/script>/g, ""));
}

async function templateId(name: string) {
  return (await testDb().selectFrom("checklist_templates").select("id").where("name_en", "=", name).executeTakeFirstOrThrow()).id;
}

beforeEach(async () => {
  await installOffboardingDefaults();
});

describe("checklists and surveys in the reader's language", () => {
  it("shows a French HR admin the templates, their tasks, a departure's checklist and the survey's name in French", async () => {
    const { departure } = await makeDeparture();
    const cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));

    const templates = await page("/admin/settings/templates", cookie);
    expect(templates).toContain("Suppression des accès");
    expect(templates).toContain("Restitution du matériel");
    expect(templates).not.toContain("Access revocation");

    const template = await page(`/admin/settings/templates/${await templateId("Access revocation")}`, cookie);
    expect(template).toContain("<title>Suppression des accès");
    expect(template).toContain("Désactiver les comptes et révoquer les jetons");
    expect(template).not.toContain(">Disable accounts and revoke tokens<");
    // The form holds both languages, each for HR to edit.
    expect(template).toMatch(/<input[^>]*name="nameEn"[^>]*value="Access revocation"/);
    expect(template).toMatch(/<input[^>]*name="nameFr"[^>]*value="Suppression des accès"/);

    const detail = await page(`/admin/departures/${departure.id}`, cookie);
    expect(detail).toContain("Désactiver les comptes et révoquer les jetons");
    expect(detail).toContain("Désactiver le SSO, révoquer les jetons d’API et les sessions actives, retirer des groupes.");
    expect(detail).not.toContain("Disable accounts and revoke tokens");
    expect(detail).toContain("Questionnaire de départ");
    expect(detail).not.toContain("Exit survey");

    const surveys = await page("/admin/surveys", cookie);
    expect(surveys).toContain("Questionnaire de départ");
    expect(surveys).not.toContain("Exit survey");
  });

  it("shows a French task owner's inbox in French, and an English one's in English", async () => {
    await makeDeparture();
    const french = await createUser({ role: "task_owner", locale: "fr" });
    const english = await createUser({ role: "task_owner", locale: "en" });
    const it = await teamId("IT");
    await testDb()
      .insertInto("team_members")
      .values([
        { team_id: it, user_id: french.id },
        { team_id: it, user_id: english.id },
      ])
      .execute();

    const inFrench = await page("/tasks", await signIn(french));
    expect(inFrench).toContain("Désactiver les comptes et révoquer les jetons");
    expect(inFrench).not.toContain("Disable accounts and revoke tokens");

    const inEnglish = await page("/tasks", await signIn(english));
    expect(inEnglish).toContain("Disable accounts and revoke tokens");
    expect(inEnglish).not.toContain("Désactiver les comptes et révoquer les jetons");
  });

  it("falls back to the English text where no French was written, and says so on the template", async () => {
    const id = await templateId("Equipment return");
    await testDb()
      .insertInto("checklist_template_tasks")
      .values({ template_id: id, title_en: "Return the parking card", category: "equipment", owner_team_id: await teamId("Facilities"), anchor: "last_day", position: 9 })
      .execute();
    const cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const template = await page(`/admin/settings/templates/${id}`, cookie);
    expect(template).toContain("Return the parking card");
    expect(template.match(/Pas encore de texte français/g)).toHaveLength(1);
  });
});
