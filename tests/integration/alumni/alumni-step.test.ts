import { action, loader } from "~/routes/exit.alumni";
import { loader as thanksLoader } from "~/routes/exit.thanks";
import { consentText } from "~/modules/alumni/consents";
import enAlumni from "~/locales/en/alumni.json";
import { testDb, useTestDatabase } from "../../support/database";
import { actionData, buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { consentRows, emailsTo, invitationOf, profileOf } from "./support";
import { type AlumniLeaver, createUser, installOffboardingDefaults, makeAlumniLeaver, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

beforeEach(async () => {
  await installOffboardingDefaults();
});

const PERSONAL = "sam.home@example.net";

function post(leaver: Pick<AlumniLeaver, "cookie">, form: Record<string, string | string[]>) {
  return callAction(action, buildRequest("/exit/alumni", { form, cookie: leaver.cookie }));
}

function join(leaver: AlumniLeaver, fields: Record<string, string | string[]> = {}) {
  return post(leaver, { intent: "join", personalEmail: PERSONAL, shownLocale: "en", ...fields });
}

type ErrorBody = { result: { error: Record<string, string[]> } };

describe("reaching the alumni step", () => {
  it("sends a leaver whose survey is not sent back to the exit flow", async () => {
    const leaver = await makeAlumniLeaver({ status: "started" });
    const response = await callLoader(loader, buildRequest("/exit/alumni", { cookie: leaver.cookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/exit");
    const posted = await join(leaver);
    expect(posted.headers.get("Location")).toBe("/exit");
    expect(await profileOf(leaver.user.id)).toBeUndefined();
  });

  it("shows nothing ticked to a leaver who has not chosen yet", async () => {
    const leaver = await makeAlumniLeaver();
    const response = await callLoader(loader, buildRequest("/exit/alumni", { cookie: leaver.cookie }));
    expect(response.status).toBe(200);
    const data = await loaderData<typeof loader>(response);
    expect(data.decision).toBeNull();
    expect(data.defaults.consents).toEqual([]);
  });

  it("sends a task owner or an HR admin who is not leaving to /exit, and records nothing for them", async () => {
    const leaver = await makeAlumniLeaver();
    for (const role of ["task_owner", "hr_admin"] as const) {
      const staff = await createUser({ role });
      const cookie = await signIn(staff);
      expect((await callLoader(loader, buildRequest("/exit/alumni", { cookie }))).headers.get("Location")).toBe("/exit");
      expect((await post({ cookie }, { intent: "decline" })).headers.get("Location")).toBe("/exit");
      expect((await post({ cookie }, { intent: "join", personalEmail: PERSONAL })).headers.get("Location")).toBe("/exit");
      expect(await profileOf(staff.id)).toBeUndefined();
    }
    expect((await invitationOf(leaver.invitationId)).alumni_decision).toBeNull();
  });

  it("refuses an alumnus with 403", async () => {
    const cookie = await signIn(await createUser({ role: "alumnus" }));
    expect((await callLoader(loader, buildRequest("/exit/alumni", { cookie }))).status).toBe(403);
    expect((await post({ cookie }, { intent: "decline" })).status).toBe(403);
  });
});

describe("a staff member who is leaving", () => {
  it("joins like any leaver: profile, consents from the exit flow, a confirmation link, and keeps the staff role meanwhile", async () => {
    const manager = await makeAlumniLeaver({ staffRole: "task_owner" });
    expect(manager.user.role).toBe("task_owner");

    const response = await join(manager, { consents: ["newsletter", "openings"] });

    expect(response.headers.get("Location")).toBe("/exit/thanks");
    expect(await profileOf(manager.user.id)).toMatchObject({ personal_email: PERSONAL, status: "pending", departure_id: manager.departureId });
    expect((await consentRows(manager.user.id)).map((row) => [row.purpose, row.granted, row.source])).toEqual([
      ["newsletter", true, "exit_flow"],
      ["openings", true, "exit_flow"],
    ]);
    expect((await emailsTo(PERSONAL)).map((e) => e.template)).toEqual(["alumni-confirm-email"]);
    expect((await invitationOf(manager.invitationId)).alumni_decision).toBe("joined");
    const thanks = await callLoader(thanksLoader, buildRequest("/exit/thanks", { cookie: manager.cookie }));
    expect(await thanks.json()).toMatchObject({ decision: "joined", personalEmail: PERSONAL, confirmed: false });
    expect((await testDb().selectFrom("users").select("role").where("id", "=", manager.user.id).executeTakeFirstOrThrow()).role).toBe(
      "task_owner",
    );
  });

  it("refuses their work address as the personal one", async () => {
    const manager = await makeAlumniLeaver({ staffRole: "hr_admin" });
    const response = await join(manager, { personalEmail: manager.workEmail });
    expect(response.status).toBe(400);
    expect(await profileOf(manager.user.id)).toBeUndefined();
  });
});

describe("joining", () => {
  it("with nothing ticked: saves the profile and the decision, records no consent, and emails only a confirmation link", async () => {
    const leaver = await makeAlumniLeaver();
    const response = await join(leaver);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/exit/thanks");

    expect(await profileOf(leaver.user.id)).toMatchObject({
      personal_email: PERSONAL,
      personal_email_confirmed_at: null,
      linkedin_url: null,
      status: "pending",
      departure_id: leaver.departureId,
    });
    expect(await consentRows(leaver.user.id)).toEqual([]);
    expect(await invitationOf(leaver.invitationId)).toMatchObject({ alumni_decision: "joined" });
    const sent = await emailsTo(PERSONAL);
    expect(sent.map((e) => e.template)).toEqual(["alumni-confirm-email"]);
    expect(sent[0]!.text).toMatch(/\/confirm-email\/[a-z2-7]{32}/);
    const stored = await testDb().selectFrom("email_confirmations").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(sent[0]!.text).not.toContain(stored[0]!.token_hash);
    const days = (stored[0]!.expires_at.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it("tells a leaver whose last day is over that confirming opens the alumni account", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: "2026-11-25" });
    await join(leaver);
    const thanks = await callLoader(thanksLoader, buildRequest("/exit/thanks", { cookie: leaver.cookie }));
    expect(await thanks.json()).toMatchObject({ decision: "joined", personalEmail: PERSONAL, confirmed: false, lastDayPassed: true });
  });

  it("records each ticked purpose once, from the exit flow, hashed in the language shown", async () => {
    const leaver = await makeAlumniLeaver({ locale: "fr" });
    await join(leaver, { consents: ["newsletter", "openings"], shownLocale: "fr", linkedinUrl: "linkedin.com/in/Sam-Leclerc/" });
    const rows = await consentRows(leaver.user.id);
    expect(rows.map((r) => [r.purpose, r.granted, r.source])).toEqual([
      ["newsletter", true, "exit_flow"],
      ["openings", true, "exit_flow"],
    ]);
    expect(rows[0]!.text_hash).toBe(consentText("newsletter", "fr", "Acme Corp").hash);
    expect((await profileOf(leaver.user.id))?.linkedin_url).toBe("https://www.linkedin.com/in/sam-leclerc");
    expect((await emailsTo(PERSONAL))[0]!.locale).toBe("fr");
  });

  it("saving the same choices again appends nothing and sends no second link; changing one appends one row", async () => {
    const leaver = await makeAlumniLeaver();
    await join(leaver, { consents: ["newsletter", "pulse"] });
    await join(leaver, { consents: ["newsletter", "pulse"] });
    expect(await consentRows(leaver.user.id)).toHaveLength(2);
    expect(await emailsTo(PERSONAL)).toHaveLength(1);

    await join(leaver, { consents: ["newsletter"] });
    const rows = await consentRows(leaver.user.id);
    expect(rows.map((r) => [r.purpose, r.granted])).toEqual([
      ["newsletter", true],
      ["pulse", true],
      ["pulse", false],
    ]);
  });

  it("a new address resets the confirmation and sends a link to the new address only", async () => {
    const leaver = await makeAlumniLeaver();
    await join(leaver);
    await join(leaver, { personalEmail: "sam.other@example.org" });
    expect((await profileOf(leaver.user.id))?.personal_email).toBe("sam.other@example.org");
    expect(await emailsTo(PERSONAL)).toHaveLength(1);
    expect((await emailsTo("sam.other@example.org")).map((e) => e.template)).toEqual(["alumni-confirm-email"]);
    const live = await testDb().selectFrom("email_confirmations").select(["email"]).where("expires_at", ">", new Date()).execute();
    expect(live).toEqual([{ email: "sam.other@example.org" }]);
  });

  it("answers bad values with 400 and a message beside each field, saving nothing", async () => {
    const leaver = await makeAlumniLeaver();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ personalEmail: "" }, "personalEmail", enAlumni.validation.personalEmailRequired],
      [{ personalEmail: "not an address" }, "personalEmail", enAlumni.validation.personalEmailInvalid],
      [{ personalEmail: leaver.workEmail.toUpperCase() }, "personalEmail", enAlumni.validation.personalEmailIsWork],
      [{ personalEmail: "sam@acme.example" }, "personalEmail", enAlumni.validation.personalEmailCompanyDomain.replace("{{domain}}", "acme.example")],
      [{ linkedinUrl: "https://evil.example/in/sam" }, "linkedinUrl", enAlumni.validation.linkedinInvalid],
      [{ linkedinUrl: "x".repeat(400) }, "linkedinUrl", enAlumni.validation.linkedinTooLong.replace("{{max}}", "300")],
    ];
    for (const [fields, field, message] of cases) {
      const response = await join(leaver, fields);
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).result.error[field]).toEqual([message]);
    }
    const unknownPurpose = await join(leaver, { consents: ["newsletter", "sell_my_data"] });
    expect(unknownPurpose.status).toBe(400);
    expect(await profileOf(leaver.user.id)).toBeUndefined();
    expect(await consentRows(leaver.user.id)).toEqual([]);
    expect((await invitationOf(leaver.invitationId)).alumni_decision).toBeNull();
  });

  it("answers a form without a known intent with 400, not 500", async () => {
    const leaver = await makeAlumniLeaver();
    const response = await post(leaver, { intent: "delete_everyone" });
    expect(response.status).toBe(400);
  });
});

describe("declining", () => {
  it("is one click: the decision is recorded, nothing else is kept", async () => {
    const leaver = await makeAlumniLeaver();
    const response = await post(leaver, { intent: "decline" });
    expect(response.headers.get("Location")).toBe("/exit/thanks");
    expect((await invitationOf(leaver.invitationId)).alumni_decision).toBe("declined");
    expect(await profileOf(leaver.user.id)).toBeUndefined();
    expect(await consentRows(leaver.user.id)).toEqual([]);
    const thanks = await callLoader(thanksLoader, buildRequest("/exit/thanks", { cookie: leaver.cookie }));
    expect((await loaderData<typeof thanksLoader>(thanks)).decision).toBe("declined");
  });

  it("after joining: withdraws what was granted, forgets the personal address and its pending link", async () => {
    const leaver = await makeAlumniLeaver();
    await join(leaver, { consents: ["directory"] });
    const token = (await testDb().selectFrom("email_confirmations").select("token_hash").execute())[0];
    expect(token).toBeDefined();
    await post(leaver, { intent: "decline", shownLocale: "en" });
    expect((await invitationOf(leaver.invitationId)).alumni_decision).toBe("declined");
    expect(await profileOf(leaver.user.id)).toBeUndefined();
    expect(await testDb().selectFrom("email_confirmations").select("token_hash").execute()).toEqual([]);
    expect((await consentRows(leaver.user.id)).map((r) => [r.purpose, r.granted, r.source])).toEqual([
      ["directory", true, "exit_flow"],
      ["directory", false, "exit_flow"],
    ]);
  });

  it("can be changed back to joining, and the page shows the current choice", async () => {
    const leaver = await makeAlumniLeaver();
    await post(leaver, { intent: "decline" });
    const before = await callLoader(loader, buildRequest("/exit/alumni", { cookie: leaver.cookie }));
    expect((await loaderData<typeof loader>(before)).decision).toBe("declined");
    await join(leaver, { consents: ["pulse"] });
    const after = await callLoader(loader, buildRequest("/exit/alumni", { cookie: leaver.cookie }));
    const data = await loaderData<typeof loader>(after);
    expect(data.decision).toBe("joined");
    expect(data.defaults).toMatchObject({ personalEmail: PERSONAL, consents: ["pulse"] });
  });
});

describe("one leaver cannot act for another", () => {
  it("changes only the signed-in leaver's own invitation and profile", async () => {
    const sam = await makeAlumniLeaver();
    const kim = await makeAlumniLeaver();
    // Kim's form carries nothing that names Sam: every action reads the person from the session.
    await post(kim, { intent: "join", personalEmail: "kim@example.org", userId: sam.user.id, invitationId: sam.invitationId });
    expect((await invitationOf(sam.invitationId)).alumni_decision).toBeNull();
    expect(await profileOf(sam.user.id)).toBeUndefined();
    expect((await profileOf(kim.user.id))?.personal_email).toBe("kim@example.org");
  });
});

describe("asking for a new confirmation link", () => {
  it("retires the old link, sends a new one, and stops after five in an hour", async () => {
    const leaver = await makeAlumniLeaver();
    await join(leaver);
    for (let i = 0; i < 4; i += 1) {
      const response = await post(leaver, { intent: "resend" });
      expect(await actionData<typeof action>(response)).toMatchObject({ notice: "resent" });
    }
    const throttled = await post(leaver, { intent: "resend" });
    expect(throttled.status).toBe(429);
    expect(await actionData<typeof action>(throttled)).toMatchObject({ notice: "resendThrottled" });
    expect(await emailsTo(PERSONAL)).toHaveLength(5);
    const live = await testDb().selectFrom("email_confirmations").select("token_hash").where("expires_at", ">", new Date()).execute();
    expect(live).toHaveLength(1);
  });
});
