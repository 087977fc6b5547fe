import { loader } from "~/routes/alumni._index/route";
import { readPulseAnswerToken } from "~/modules/pulse/pulse-links.server";
import { testDb, useTestDatabase } from "../../support/database";
import { daysFromToday } from "../../support/dates";
import { buildRequest, callLoader, loaderData } from "../../support/remix";
import type { PulseStatus } from "../../../db/schema";
import { createAlumniProfile, createUser, makeAlumnus, makeNewsletterIssue, makePulse, signIn } from "../../factories";

/**
 * The alumni home's blocks around the share feed (issue 14): a pulse question waiting for an answer,
 * the profile prompt and the latest newsletter, each only when it applies.
 */

useTestDatabase();

async function home(cookie: string) {
  const response = await callLoader(loader, buildRequest("/alumni", { cookie }));
  expect(response.status).toBe(200);
  return loaderData<typeof loader>(response);
}

/** A pulse in a state, and whether it reached the person (their delivery queued) and they answered. */
async function pulseFor(userId: string, options: { status?: PulseStatus; closesOn?: string; delivery?: "queued" | "pending" | "skipped" | null; answered?: boolean } = {}) {
  const { pulse } = await makePulse({ status: options.status ?? "open", closesOn: options.closesOn ?? daysFromToday(5) });
  const db = testDb();
  if (options.delivery !== null) {
    await db
      .insertInto("pulse_deliveries")
      .values({ pulse_id: pulse.id, user_id: userId, email: "someone@example.net", locale: "en", status: options.delivery ?? "queued", skip_reason: options.delivery === "skipped" ? "consentWithdrawn" : null })
      .execute();
  }
  if (options.answered) await db.insertInto("pulse_answers").values({ pulse_id: pulse.id, user_id: userId, enps_score: 8, locale: "en" }).execute();
  return pulse;
}

describe("the pending pulse question", () => {
  it("links to the person's own answer page when an open pulse reached them and they have not answered", async () => {
    const alumnus = await makeAlumnus({ consents: ["pulse"] });
    const pulse = await pulseFor(alumnus.id, { closesOn: daysFromToday(3) });
    const data = await home(await signIn(alumnus));
    expect(data.pulse).not.toBeNull();
    expect(data.pulse!.closesOn).toBe(daysFromToday(3));
    const token = data.pulse!.answerPath.replace(/^\/pulse\//, "");
    expect(readPulseAnswerToken(token)).toEqual({ pulseId: pulse.id, userId: alumnus.id });
  });

  it.each([
    ["answered", { answered: true }],
    ["closed", { status: "closed" as const }],
    ["past its closing day", { closesOn: daysFromToday(-1) }],
    ["cancelled", { status: "cancelled" as const }],
    ["not sent yet", { status: "scheduled" as const }],
    ["never sent to them", { delivery: null }],
    ["skipped for them", { delivery: "skipped" as const }],
    ["still waiting in the send queue", { delivery: "pending" as const }],
  ])("is not shown for a pulse %s", async (_label, options) => {
    const alumnus = await makeAlumnus({ consents: ["pulse"] });
    await pulseFor(alumnus.id, options);
    expect((await home(await signIn(alumnus))).pulse).toBeNull();
  });

  it("is someone else's business: another alumnus's pending pulse does not show", async () => {
    const alumnus = await makeAlumnus();
    const other = await makeAlumnus();
    await pulseFor(other.id);
    expect((await home(await signIn(alumnus))).pulse).toBeNull();
  });
});

describe("the profile prompt", () => {
  it("counts the empty profile fields, and goes away once they are filled", async () => {
    const alumnus = await makeAlumnus();
    const cookie = await signIn(alumnus);
    expect((await home(cookie)).missingProfileFields).toBe(4);
    await testDb()
      .updateTable("alumni_profiles")
      .set({ current_company: "Globex", current_title: "Analyst", location: "Lyon", linkedin_url: "https://www.linkedin.com/in/someone" })
      .where("user_id", "=", alumnus.id)
      .execute();
    expect((await home(cookie)).missingProfileFields).toBe(0);
  });
});

describe("the latest newsletter", () => {
  it("is the newest sent issue, in the reader's language, for an alumnus who may read the archive", async () => {
    await makeNewsletterIssue({ subject: "October news", status: "sent", finishedAt: new Date("2026-10-01T09:00:00Z") });
    const { issueId } = await makeNewsletterIssue({ subject: "November news", french: { subject: "Nouvelles de novembre" }, status: "sent", finishedAt: new Date("2026-11-01T09:00:00Z") });
    await makeNewsletterIssue({ subject: "Draft for December" });
    const alumnus = await makeAlumnus();
    const english = await home(await signIn(alumnus));
    expect(english.newsletter?.latest).toMatchObject({ id: issueId, subject: "November news" });

    const french = await createUser({ role: "alumnus", locale: "fr" });
    await createAlumniProfile(french.id, { status: "active" });
    expect((await home(await signIn(french))).newsletter?.latest?.subject).toBe("Nouvelles de novembre");
  });

  it("is not offered to an alumnus whose membership is not active", async () => {
    await makeNewsletterIssue({ subject: "November news", status: "sent" });
    const alumnus = await createUser({ role: "alumnus" });
    await createAlumniProfile(alumnus.id, { status: "left" });
    const data = await home(await signIn(alumnus));
    expect(data.newsletter).toBeNull();
    expect(JSON.stringify(data)).not.toContain("November news");
  });
});
