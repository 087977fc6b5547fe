import { translator } from "~/modules/i18n/translator";
import { findUserByEmail } from "~/modules/auth/users.server";
import { loader as detailLoader } from "~/routes/admin.departures.$departureId/route";
import { action as newAction, loader as newLoader } from "~/routes/admin.departures.new";
import { resetEnvCache } from "~/utils/env.server";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { day, exitEmails, sendQueuedInvitations, TODAY } from "../exit/invitation-helpers";
import { createUser, installOffboardingDefaults, makeDeparture, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/**
 * The leaver's language, as HR gives it on the departure: it is the account's language, so the
 * invitation, the reminders and the exit flow are in it from the first email.
 */

useTestDatabase();
useJobQueue();

let hrCookie: string;
beforeEach(async () => {
  await installOffboardingDefaults();
  hrCookie = await signIn(await createUser({ role: "hr_admin" }));
});

function setCompanyLocale(value: string | undefined) {
  if (value === undefined) delete process.env.COMPANY_LOCALE;
  else process.env.COMPANY_LOCALE = value;
  resetEnvCache();
}
afterEach(() => setCompanyLocale(undefined));

async function rootDepartmentId() {
  return (await testDb().selectFrom("departments").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow()).id;
}

async function submit(overrides: Record<string, string> = {}) {
  const form = {
    employeeName: "Camille Roux",
    employeeEmail: "camille.roux@example.com",
    departmentId: await rootDepartmentId(),
    noticeDate: TODAY,
    lastDay: day(21),
    type: "voluntary",
    language: "fr",
    ...overrides,
  };
  return callAction(newAction, buildRequest("/admin/departures/new", { cookie: hrCookie, form }));
}

async function localeOf(email: string) {
  return (await findUserByEmail(testDb(), email))?.locale;
}

describe("the new-departure form", () => {
  it("preselects the company's language (COMPANY_LOCALE, English when unset)", async () => {
    const load = async () => {
      const response = await callLoader(newLoader, buildRequest("/admin/departures/new", { cookie: hrCookie }));
      return ((await response.json()) as { companyLocale: string }).companyLocale;
    };
    expect(await load()).toBe("en");
    setCompanyLocale("fr");
    expect(await load()).toBe("fr");
  });

  it("creates the leaver account in the chosen language and shows it on the departure page", async () => {
    const response = await submit({ language: "fr" });
    expect(response.status).toBe(302);
    expect(await localeOf("camille.roux@example.com")).toBe("fr");

    const id = response.headers.get("Location")!.split("/")[3]!.split("?")[0]!;
    const page = await callLoader(detailLoader, buildRequest(`/admin/departures/${id}`, { cookie: hrCookie }), { departureId: id });
    expect(((await page.json()) as { departure: { language: string } }).departure.language).toBe("fr");
  });

  it("refuses a language the portal does not speak, with the error beside the field", async () => {
    const response = await submit({ language: "de" });
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(result.error.language).toEqual(["Choose a language: en (English) or fr (French)."]);
    expect(await findUserByEmail(testDb(), "camille.roux@example.com")).toBeUndefined();
  });

  it("sends a French-speaking leaver the exit invitation in French", async () => {
    await submit({ language: "fr" });
    await sendQueuedInvitations();

    const [invitation, ...others] = await exitEmails("exit-invitation");
    expect(others).toEqual([]);
    expect(invitation).toMatchObject({
      to_address: "camille.roux@example.com",
      locale: "fr",
      // Rendered by the French translator: "de" before the company name is elided ("d’Acme Corp").
      subject: translator("fr", "email")("exitInvitation.subject", { company: "Acme Corp" }),
    });
  });
});

describe("the leaver account's language", () => {
  it("starts in the company's language when the departure does not give one", async () => {
    setCompanyLocale("fr");
    await makeDeparture({ employeeEmail: "no.language@example.com" });
    expect(await localeOf("no.language@example.com")).toBe("fr");

    setCompanyLocale(undefined);
    await makeDeparture({ employeeEmail: "default.language@example.com" });
    expect(await localeOf("default.language@example.com")).toBe("en");
  });

  it("switches an existing account to the language HR gives, and records who changed it", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const alumnus = await createUser({ role: "alumnus", locale: "en", email: "back.again@example.com" });
    await makeDeparture({ employeeEmail: "back.again@example.com", language: "fr" }, { actorUserId: hr.id });

    const account = await findUserByEmail(testDb(), "back.again@example.com");
    expect(account).toMatchObject({ id: alumnus.id, role: "leaver", locale: "fr" });
    const audit = await testDb().selectFrom("audit_log").selectAll().where("action", "=", "user.language_changed").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: hr.id, subject_type: "user", subject_id: alumnus.id });
    expect(audit[0]!.data).toMatchObject({ changes: { locale: ["en", "fr"] }, source: "web" });
  });

  it("keeps an existing account's language when none is given, or the same one is, and audits nothing", async () => {
    await createUser({ role: "leaver", locale: "fr", email: "francophone@example.com" });
    setCompanyLocale("en");
    await makeDeparture({ employeeEmail: "francophone@example.com", lastDay: "2026-12-18" });
    await makeDeparture({ employeeEmail: "francophone@example.com", lastDay: "2027-01-29", noticeDate: "2027-01-04", language: "fr" });

    expect(await localeOf("francophone@example.com")).toBe("fr");
    expect(await testDb().selectFrom("audit_log").selectAll().where("action", "=", "user.language_changed").execute()).toEqual([]);
  });
});
