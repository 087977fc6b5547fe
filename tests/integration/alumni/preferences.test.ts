import { action, loader } from "~/routes/alumni.preferences";
import { action as stepAction } from "~/routes/exit.alumni";
import { consentText } from "~/modules/alumni/consents";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { consentRows, invitationOf, profileOf } from "./support";
import { createUser, installOffboardingDefaults, makeAlumniLeaver, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

beforeEach(async () => {
  await installOffboardingDefaults();
});

function post(cookie: string, form: Record<string, string>) {
  return callAction(action, buildRequest("/alumni/preferences", { cookie, form }));
}

const toggle = (cookie: string, purpose: string, granted: boolean) =>
  post(cookie, { intent: "consent", purpose, granted: String(granted), shownLocale: "en" });

type PreferencesData = Awaited<ReturnType<typeof page>>;

async function page(cookie: string) {
  const response = await callLoader(loader, buildRequest("/alumni/preferences", { cookie }));
  expect(response.status).toBe(200);
  return loaderData<typeof loader>(response);
}

const granted = (data: PreferencesData) => data.consents.filter((c) => c.granted).map((c) => c.purpose);

describe("an alumnus's choices", () => {
  it("grant and withdraw one purpose each with a single POST, recorded as from the preferences page", async () => {
    const alumnus = await createUser({ role: "alumnus" });
    const cookie = await signIn(alumnus);
    expect(granted(await page(cookie))).toEqual([]);

    const on = await toggle(cookie, "newsletter", true);
    expect(on.status).toBe(302);
    expect(on.headers.get("Location")).toBe("/alumni/preferences?done=changed");
    expect(granted(await page(cookie))).toEqual(["newsletter"]);

    await toggle(cookie, "newsletter", false);
    expect(granted(await page(cookie))).toEqual([]);
    const rows = await consentRows(alumnus.id);
    expect(rows.map((r) => [r.purpose, r.granted, r.source])).toEqual([
      ["newsletter", true, "preferences"],
      ["newsletter", false, "preferences"],
    ]);
    expect(rows[1]!.text_hash).toBe(consentText("newsletter", "en", "Acme Corp").hash);
  });

  it("a repeated click (or a second tab) changes nothing more", async () => {
    const alumnus = await createUser({ role: "alumnus" });
    const cookie = await signIn(alumnus);
    await toggle(cookie, "pulse", true);
    await toggle(cookie, "pulse", true);
    expect(await consentRows(alumnus.id)).toHaveLength(1);
  });

  it("no longer takes the LinkedIn address: the profile page does", async () => {
    const alumnus = await createUser({ role: "alumnus" });
    const refused = await post(await signIn(alumnus), { intent: "linkedin", linkedinUrl: "www.linkedin.com/in/Alex-Martin" });
    expect(refused.status).toBe(400);
    expect((await profileOf(alumnus.id))?.linkedin_url ?? null).toBeNull();
  });

  it("leaving withdraws everything and marks the profile left; granting then waits for rejoining", async () => {
    const alumnus = await createUser({ role: "alumnus" });
    const cookie = await signIn(alumnus);
    await toggle(cookie, "newsletter", true);
    await toggle(cookie, "directory", true);
    await post(cookie, { intent: "leave", shownLocale: "en" });
    const left = await page(cookie);
    expect(left.left).toBe(true);
    expect(granted(left)).toEqual([]);
    expect(await profileOf(alumnus.id)).toMatchObject({ status: "left" });
    expect((await profileOf(alumnus.id))?.left_at).toBeInstanceOf(Date);

    const refused = await toggle(cookie, "newsletter", true);
    expect(refused.headers.get("Location")).toBe("/alumni/preferences?done=leftNoGrant");
    expect(granted(await page(cookie))).toEqual([]);

    await post(cookie, { intent: "rejoin" });
    expect((await page(cookie)).left).toBe(false);
    await toggle(cookie, "newsletter", true);
    expect(granted(await page(cookie))).toEqual(["newsletter"]);
  });

  it("answers a malformed toggle with 400, not 500", async () => {
    const cookie = await signIn(await createUser({ role: "alumnus" }));
    expect((await post(cookie, { intent: "consent", purpose: "everything", granted: "true" })).status).toBe(400);
    expect((await post(cookie, { intent: "consent", purpose: "pulse", granted: "maybe" })).status).toBe(400);
  });
});

describe("a leaver on the preferences page", () => {
  it("who joined can change choices there, and leaving is declining", async () => {
    const leaver = await makeAlumniLeaver();
    await callAction(
      stepAction,
      buildRequest("/exit/alumni", { cookie: leaver.cookie, form: { intent: "join", personalEmail: "sam.home@example.net", consents: "pulse" } }),
    );
    expect(granted(await page(leaver.cookie))).toEqual(["pulse"]);
    await toggle(leaver.cookie, "openings", true);
    // Listed in the page's order of purposes.
    expect(granted(await page(leaver.cookie))).toEqual(["pulse", "openings"]);

    const left = await post(leaver.cookie, { intent: "leave" });
    expect(left.headers.get("Location")).toBe("/exit/thanks");
    expect((await invitationOf(leaver.invitationId)).alumni_decision).toBe("declined");
    expect(await profileOf(leaver.user.id)).toBeUndefined();
    expect(await testDb().selectFrom("consent_events").select("id").where("user_id", "=", leaver.user.id).where("granted", "=", false).execute()).toHaveLength(2);
  });

  it("who has not joined is sent to the invitation", async () => {
    const leaver = await makeAlumniLeaver();
    const response = await callLoader(loader, buildRequest("/alumni/preferences", { cookie: leaver.cookie }));
    expect(response.headers.get("Location")).toBe("/exit/alumni");
    const posted = await toggle(leaver.cookie, "newsletter", true);
    expect(posted.headers.get("Location")).toBe("/exit/alumni");
    expect(await consentRows(leaver.user.id)).toEqual([]);
  });
});

describe("a staff member who is leaving, on the preferences page", () => {
  it("manages the choices made in their own exit flow as a leaver, and is sent to the invitation before joining", async () => {
    const manager = await makeAlumniLeaver({ staffRole: "task_owner" });
    const before = await callLoader(loader, buildRequest("/alumni/preferences", { cookie: manager.cookie }));
    expect(before.headers.get("Location")).toBe("/exit/alumni");

    await callAction(
      stepAction,
      buildRequest("/exit/alumni", { cookie: manager.cookie, form: { intent: "join", personalEmail: "sam.home@example.net", consents: "pulse" } }),
    );
    const data = await page(manager.cookie);
    expect(data.role).toBe("leaver");
    expect(granted(data)).toEqual(["pulse"]);
    await toggle(manager.cookie, "directory", true);
    expect(granted(await page(manager.cookie))).toEqual(["directory", "pulse"]);
    // Alumni-only actions stay refused.
    expect((await post(manager.cookie, { intent: "rejoin" })).status).toBe(400);
  });
});

describe("nobody else's choices", () => {
  it("refuses staff who are not leaving, and acts only on the signed-in alumnus whatever the form says", async () => {
    for (const role of ["task_owner", "hr_admin"] as const) {
      const cookie = await signIn(await createUser({ role }));
      expect((await callLoader(loader, buildRequest("/alumni/preferences", { cookie }))).status).toBe(403);
      expect((await toggle(cookie, "newsletter", true)).status).toBe(403);
    }
    const alex = await createUser({ role: "alumnus" });
    const kim = await createUser({ role: "alumnus" });
    await post(await signIn(kim), { intent: "consent", purpose: "newsletter", granted: "true", userId: alex.id });
    expect(await consentRows(alex.id)).toEqual([]);
    expect(await consentRows(kim.id)).toHaveLength(1);
  });
});
