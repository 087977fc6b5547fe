import { action, loader } from "~/routes/alumni.profile";
import { translator } from "~/modules/i18n/translator";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { consentRows, profileOf } from "./support";
import { createAlumniProfile, createUser, installOffboardingDefaults, makeAlumniLeaver, makeDirectoryMember, signIn } from "../../factories";

/** The alumni profile page: the fields, their checks in both languages, the departure's facts, and the directory choices. */

useTestDatabase();

beforeEach(async () => {
  await installOffboardingDefaults();
});

function post(cookie: string, form: Record<string, string | string[]>) {
  return callAction(action, buildRequest("/alumni/profile", { cookie, form }));
}

async function page(cookie: string) {
  const response = await callLoader(loader, buildRequest("/alumni/profile", { cookie }));
  expect(response.status).toBe(200);
  return loaderData<typeof loader>(response);
}

const profileForm = (fields: Record<string, string> = {}) => ({
  intent: "profile",
  shownLocale: "en",
  name: "Alex Martin",
  currentCompany: "Northwind",
  currentTitle: "Product manager",
  location: "Lyon",
  linkedinUrl: "",
  ...fields,
});

async function fieldErrors(response: Response) {
  expect(response.status).toBe(400);
  return ((await response.json()) as { result: { error: Record<string, string[]> } }).result.error;
}

describe("the profile form", () => {
  it("saves the name on the account and the rest on the profile, normalising the LinkedIn address; empty fields are removed", async () => {
    const alumnus = await createUser({ role: "alumnus", name: "Alex M" });
    const cookie = await signIn(alumnus);
    const saved = await post(cookie, profileForm({ name: "  Alex Martin ", linkedinUrl: "fr.linkedin.com/in/Alex-Martin/?trk=x" }));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/alumni/profile?done=saved");
    expect((await page(cookie)).form).toEqual({
      name: "Alex Martin",
      currentCompany: "Northwind",
      currentTitle: "Product manager",
      location: "Lyon",
      linkedinUrl: "https://www.linkedin.com/in/alex-martin",
    });
    expect((await testDb().selectFrom("users").select("name").where("id", "=", alumnus.id).executeTakeFirstOrThrow()).name).toBe("Alex Martin");

    await post(cookie, profileForm({ currentCompany: "", currentTitle: " ", location: "", linkedinUrl: "" }));
    expect(await profileOf(alumnus.id)).toMatchObject({ current_company: null, current_title: null, location: null, linkedin_url: null });
    // The audit log says which fields changed, never what they say.
    const audit = await testDb().selectFrom("audit_log").select(["action", "data"]).where("action", "=", "alumni.profile_updated").orderBy("id").execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toMatch(/Northwind|Lyon|Alex|linkedin\.com/);
  });

  it.each(["en", "fr"] as const)("names each wrong field and says how to fix it (%s)", async (locale) => {
    const t = translator(locale, "network");
    const alumnus = await createUser({ role: "alumnus" });
    const cookie = await signIn(alumnus);
    const errors = await fieldErrors(
      await post(
        cookie,
        profileForm({
          shownLocale: locale,
          name: "",
          currentCompany: "c".repeat(121),
          currentTitle: "Line\nbreak",
          location: "l".repeat(121),
          linkedinUrl: "https://evil.example/in/alex",
        }),
      ),
    );
    expect(errors).toEqual({
      name: [t("validation.nameRequired")],
      currentCompany: [t("validation.companyTooLong", { max: 120 })],
      currentTitle: [t("validation.titleInvalid")],
      location: [t("validation.locationTooLong", { max: 120 })],
      linkedinUrl: [t("validation.linkedinInvalid")],
    });
    const more = await fieldErrors(await post(cookie, profileForm({ shownLocale: locale, name: "n".repeat(121), linkedinUrl: "https://www.linkedin.com/company/acme" })));
    expect(more).toEqual({ name: [t("validation.nameTooLong", { max: 120 })], linkedinUrl: [t("validation.linkedinInvalid")] });
    // Nothing was written.
    expect((await profileOf(alumnus.id))?.current_company ?? null).toBeNull();
  });

  it("refuses a form it cannot read with a 400, not a 500", async () => {
    const cookie = await signIn(await createUser({ role: "alumnus" }));
    expect((await post(cookie, { intent: "something" })).status).toBe(400);
    expect((await post(cookie, { intent: "visibility", show: "email" })).status).toBe(400);
    expect((await post(cookie, { intent: "listing", listed: "maybe" })).status).toBe(400);
  });
});

describe("the time at the company, from the departure", () => {
  it("shows the department and whole years from the first day to the last", async () => {
    const member = await makeDirectoryMember({ hireDate: "2019-09-02", lastDay: "2024-06-28" });
    const data = await page(await signIn(member.user));
    expect(data.tenure).toEqual({ hireDate: "2019-09-02", lastDay: "2024-06-28", department: "Acme Corp", years: 4 });
  });

  it("without a first day on record, gives only what exists: the last day (the page says the leaving year)", async () => {
    const member = await makeDirectoryMember({ hireDate: null, lastDay: "2023-03-31" });
    const data = await page(await signIn(member.user));
    expect(data.tenure).toEqual({ hireDate: null, lastDay: "2023-03-31", department: "Acme Corp", years: null });
  });

  it("has nothing to show for an alumnus without a departure", async () => {
    const alumnus = await createUser({ role: "alumnus" });
    await createAlumniProfile(alumnus.id, { status: "active" });
    expect((await page(await signIn(alumnus))).tenure).toBeNull();
  });
});

describe("what other alumni see", () => {
  it("lists and unlists the person through the consent ledger, and saves each field's visibility", async () => {
    const alumnus = await createUser({ role: "alumnus" });
    await createAlumniProfile(alumnus.id, { status: "active" });
    const cookie = await signIn(alumnus);
    const before = await page(cookie);
    expect(before.listed).toBe(false);
    expect(before.visibility).toEqual({ department: true, leftYear: true, company: false, title: false, location: false, linkedin: false });

    const listed = await post(cookie, { intent: "listing", listed: "true", shownLocale: "fr" });
    expect(listed.headers.get("Location")).toBe("/alumni/profile?done=listed#directory");
    expect((await consentRows(alumnus.id)).map((r) => [r.purpose, r.granted, r.source])).toEqual([["directory", true, "preferences"]]);

    await post(cookie, { intent: "visibility", show: ["company", "linkedin"] });
    const after = await page(cookie);
    expect(after.listed).toBe(true);
    expect(after.visibility).toEqual({ department: false, leftYear: false, company: true, title: false, location: false, linkedin: true });

    await post(cookie, { intent: "listing", listed: "false" });
    expect((await page(cookie)).listed).toBe(false);
    expect((await consentRows(alumnus.id)).map((r) => r.granted)).toEqual([true, false]);
  });

  it("does not list someone who left the network until they rejoin", async () => {
    const alumnus = await createUser({ role: "alumnus" });
    await createAlumniProfile(alumnus.id, { status: "left" });
    const response = await post(await signIn(alumnus), { intent: "listing", listed: "true" });
    expect(response.headers.get("Location")).toBe("/alumni/profile?done=leftNoGrant#directory");
    expect(await consentRows(alumnus.id)).toEqual([]);
  });
});

describe("who has a profile page", () => {
  it("a leaver who joined edits theirs; one who has not joined is sent to the invitation", async () => {
    const joined = await makeAlumniLeaver({ decision: "joined" });
    await createAlumniProfile(joined.user.id, { departureId: joined.departureId, status: "pending" });
    const data = await page(joined.cookie);
    expect(data.member).toBe("leaver");
    expect(data.tenure?.lastDay).toBe(joined.lastDay);
    expect((await post(joined.cookie, profileForm({ name: joined.user.name }))).status).toBe(302);
    expect((await profileOf(joined.user.id))?.current_company).toBe("Northwind");

    const undecided = await makeAlumniLeaver();
    const response = await callLoader(loader, buildRequest("/alumni/profile", { cookie: undecided.cookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/exit/alumni");
  });

  it("HR and task owners get a 403", async () => {
    for (const role of ["hr_admin", "task_owner"] as const) {
      const response = await callLoader(loader, buildRequest("/alumni/profile", { cookie: await signIn(await createUser({ role })) }));
      expect(response.status).toBe(403);
    }
  });
});
