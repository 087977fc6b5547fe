import { randomUUID } from "node:crypto";
import { action, loader } from "~/routes/alumni.preferences";
import { action as confirmAction, loader as confirmLoader } from "~/routes/confirm-email.$token";
import { action as footerAction, loader as footerLoader } from "~/routes/email-preferences.$token";
import { recordShare } from "~/modules/advocacy/shares.server";
import { consentText } from "~/modules/alumni/consents";
import { emailPreferencesToken, emailPreferencesUrl } from "~/modules/email/preference-links.server";
import { sendMagicLink } from "~/modules/auth/magic-link.server";
import { countAudience } from "~/modules/newsletter/audience.server";
import { countPulseAudience } from "~/modules/pulse/send.server";
import { localeCookie } from "~/modules/i18n/i18n.server";
import { DomainFailure } from "~/utils/failures";
import { suppressAddress } from "~/modules/newsletter/suppressions.server";
import { unsubscribeToken } from "~/modules/newsletter/signed-links.server";
import { action as unsubscribeAction } from "~/routes/unsubscribe.$token";
import { makeIssueInDelivery, makeTransitionedAlumnus, signIn } from "../../factories";
import { suppress } from "../../factories/newsletter";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { actionData, buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { confirmationTokenFor, consentRows, emailsTo, profileOf } from "./support";

useTestDatabase();
useJobQueue();

const post = (cookie: string, form: Record<string, string>) => callAction(action, buildRequest("/alumni/preferences", { cookie, form }));
const toggle = (cookie: string, purpose: string, granted: boolean) => post(cookie, { intent: "consent", purpose, granted: String(granted), shownLocale: "en" });

async function page(cookie: string) {
  const response = await callLoader(loader, buildRequest("/alumni/preferences", { cookie }));
  expect(response.status).toBe(200);
  return loaderData<typeof loader>(response);
}

async function shareRefusal(userId: string): Promise<string | null> {
  try {
    await recordShare(testDb(), { userId, itemId: randomUUID(), network: "linkedin", language: "en" });
    return null;
  } catch (error) {
    if (error instanceof DomainFailure) return error.code ?? null;
    throw error;
  }
}

describe("each consent switch changes what the person receives", () => {
  it("newsletter: in the issue's audience only while on", async () => {
    const member = await makeTransitionedAlumnus();
    const cookie = await signIn(member);
    expect(await countAudience(testDb(), {})).toBe(0);
    await toggle(cookie, "newsletter", true);
    expect(await countAudience(testDb(), {})).toBe(1);
    await toggle(cookie, "newsletter", false);
    expect(await countAudience(testDb(), {})).toBe(0);
  });

  it("newsletter: turning it back on after an unsubscribe link lifts that unsubscribe, but not a bounce", async () => {
    const member = await makeTransitionedAlumnus({ consents: ["newsletter"] });
    const bounced = await makeTransitionedAlumnus({ consents: ["newsletter"] });
    const issue = await makeIssueInDelivery();
    for (const person of [member, bounced]) {
      const token = unsubscribeToken({ issueId: issue.id, userId: person.id });
      expect((await callAction(unsubscribeAction, buildRequest(`/unsubscribe/${token}`, { form: {} }), { token })).status).toBe(200);
    }
    await suppressAddress(testDb(), { email: bounced.email, reason: "hard_bounce" });
    expect(await countAudience(testDb(), {})).toBe(0);

    for (const person of [member, bounced]) await toggle(await signIn(person), "newsletter", true);
    // Only the person's own unsubscribe goes: the bounced mailbox stays off every list, consent or not.
    expect(await countAudience(testDb(), {})).toBe(1);
    const left = await testDb().selectFrom("email_suppressions").select(["email", "reason"]).execute();
    expect(left).toEqual([{ email: bounced.email.toLowerCase(), reason: "hard_bounce" }]);
    const audit = await testDb().selectFrom("audit_log").select(["action", "actor_user_id"]).where("action", "=", "newsletter.suppression_lifted_by_person").execute();
    expect(audit).toEqual([{ action: "newsletter.suppression_lifted_by_person", actor_user_id: member.id }]);
  });

  it("share feed: sharing is refused for want of consent only while off", async () => {
    const member = await makeTransitionedAlumnus();
    const cookie = await signIn(member);
    expect(await shareRefusal(member.id)).toBe("share.consentMissing");
    await toggle(cookie, "share_feed", true);
    // Past the consent check: the (made-up) item is what stops it now.
    expect(await shareRefusal(member.id)).toBe("share.itemGone");
    await toggle(cookie, "share_feed", false);
    expect(await shareRefusal(member.id)).toBe("share.consentMissing");
  });

  it("pulse: in the pulse audience only while on", async () => {
    const member = await makeTransitionedAlumnus();
    const cookie = await signIn(member);
    expect(await countPulseAudience(testDb())).toBe(0);
    await toggle(cookie, "pulse", true);
    expect(await countPulseAudience(testDb())).toBe(1);
    await toggle(cookie, "pulse", false);
    expect(await countPulseAudience(testDb())).toBe(0);
  });

  it("every purpose, openings and directory included, is a switch on the page, in both languages", async () => {
    const member = await makeTransitionedAlumnus({ locale: "fr" });
    const cookie = await signIn(member);
    const data = await page(cookie);
    expect(data.consents.map((c) => c.purpose)).toEqual(["newsletter", "share_feed", "directory", "pulse", "openings"]);
    expect(consentText("openings", "en", "Acme Corp").label).toMatch(/openings and returning/);
    expect(consentText("openings", "fr", "Acme Corp").label).toMatch(/postes ouverts et les retours/);
    await toggle(cookie, "openings", true);
    await toggle(cookie, "directory", true);
    expect((await consentRows(member.id)).map((r) => [r.purpose, r.granted, r.source])).toEqual([
      ["openings", true, "preferences"],
      ["directory", true, "preferences"],
    ]);
  });
});

describe("language and frequency", () => {
  it("the language switch stores the account's language (emails follow it) and the cookie", async () => {
    const member = await makeTransitionedAlumnus();
    const cookie = await signIn(member);
    const response = await post(cookie, { intent: "language", language: "fr" });
    expect(response.status).toBe(302);
    expect(await localeCookie.parse(response.headers.get("Set-Cookie"))).toBe("fr");
    const user = await testDb().selectFrom("users").select("locale").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(user.locale).toBe("fr");
    expect((await page(cookie)).language).toBe("fr");
    expect((await post(cookie, { intent: "language", language: "de" })).status).toBe(400);
  });

  it("the frequency is stored and a monthly reader already mailed this month leaves the audience", async () => {
    const member = await makeTransitionedAlumnus({ consents: ["newsletter"] });
    const cookie = await signIn(member);
    expect((await page(cookie)).frequency).toBe("every_issue");
    expect((await post(cookie, { intent: "frequency", frequency: "monthly" })).status).toBe(302);
    expect((await profileOf(member.id))?.newsletter_frequency).toBe("monthly");
    expect(await countAudience(testDb(), {})).toBe(1);
    const issue = await testDb().insertInto("newsletter_issues").values({ status: "sent", audience: "{}", started_at: new Date() }).returning("id").executeTakeFirstOrThrow();
    await testDb()
      .insertInto("newsletter_recipients")
      .values({ issue_id: issue.id, recipient_no: 0, batch_no: 0, user_id: member.id, email: member.email, locale: "en", status: "submitted" })
      .execute();
    expect(await countAudience(testDb(), {})).toBe(0);
    await post(cookie, { intent: "frequency", frequency: "every_issue" });
    expect(await countAudience(testDb(), {})).toBe(1);
    expect((await post(cookie, { intent: "frequency", frequency: "weekly" })).status).toBe(400);
  });
});

describe("changing the personal address", () => {
  const NEW = () => `new-${randomUUID().slice(0, 8)}@example.org`;

  it("changes nothing until the link is used; then every email goes to the new address", async () => {
    const member = await makeTransitionedAlumnus({ consents: ["newsletter"] });
    const cookie = await signIn(member);
    const next = NEW();
    const asked = await post(cookie, { intent: "emailChange", newEmail: next });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("Location")).toBe("/alumni/preferences?saved=email.sent");

    // Nothing changed yet: the profile, the sign-in address and the newsletter stay on the old one.
    expect((await profileOf(member.id))?.personal_email).toBe(member.email);
    const pending = (await page(cookie)).pendingEmail;
    expect(pending?.email).toBe(next);
    const { rows } = await testDb().selectFrom("users").select("email").where("id", "=", member.id).execute().then((r) => ({ rows: r }));
    expect(rows[0]!.email).toBe(member.email);
    await sendMagicLink({ email: next, locale: "en", redirectTo: null });
    expect((await emailsTo(next)).map((e) => e.template)).toEqual(["alumni-confirm-email"]);
    expect((await emailsTo(next))[0]!.text).toMatch(/instead of your current one/);
    // Its footer links to the person's own preferences page.
    expect((await emailsTo(next))[0]!.text).toContain(emailPreferencesUrl(member.id));

    // GET shows a button and changes nothing; POST switches.
    const token = await confirmationTokenFor(next);
    expect((await callLoader(confirmLoader, buildRequest(`/confirm-email/${token}`), { token })).status).toBe(200);
    expect((await profileOf(member.id))?.personal_email).toBe(member.email);
    const confirmed = await callAction(confirmAction, buildRequest(`/confirm-email/${token}`, { form: {} }), { token });
    expect(confirmed.status).toBe(200);
    expect((await actionData<typeof confirmAction>(confirmed)).done).toMatchObject({ email: next, changed: true });

    expect((await profileOf(member.id))?.personal_email).toBe(next);
    const user = await testDb().selectFrom("users").select("email").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(user.email).toBe(next);
    await sendMagicLink({ email: next, locale: "en", redirectTo: null });
    expect((await emailsTo(next)).map((e) => e.template)).toContain("magic-link");
    expect((await emailsTo(next)).find((e) => e.template === "magic-link")!.text).toContain(emailPreferencesUrl(member.id));
    const { rows: audience } = await testDb().selectFrom("alumni_profiles").select("personal_email").where("user_id", "=", member.id).execute().then((r) => ({ rows: r }));
    expect(audience[0]!.personal_email).toBe(next);
    expect(await countAudience(testDb(), {})).toBe(1);

    // A used link is refused (the address is confirmed: nothing to do), and it cannot be replayed.
    const again = await callAction(confirmAction, buildRequest(`/confirm-email/${token}`, { form: {} }), { token });
    expect((await actionData<typeof confirmAction>(again)).problem).toBe("confirmed");
    expect((await page(cookie)).pendingEmail).toBeNull();
  });

  it("an expired, cancelled or replaced link is refused and changes nothing", async () => {
    const member = await makeTransitionedAlumnus();
    const cookie = await signIn(member);
    const first = NEW();
    await post(cookie, { intent: "emailChange", newEmail: first });
    const firstToken = await confirmationTokenFor(first);
    // Resending retires the first link.
    expect((await post(cookie, { intent: "emailChangeResend" })).headers.get("Location")).toBe("/alumni/preferences?saved=email.resent");
    const replaced = await callAction(confirmAction, buildRequest(`/confirm-email/${firstToken}`, { form: {} }), { token: firstToken });
    expect(replaced.status).toBe(410);
    const secondToken = await confirmationTokenFor(first);
    expect(secondToken).not.toBe(firstToken);
    // Cancelling retires the live one.
    await post(cookie, { intent: "emailChangeCancel" });
    expect((await page(cookie)).pendingEmail).toBeNull();
    const cancelled = await callAction(confirmAction, buildRequest(`/confirm-email/${secondToken}`, { form: {} }), { token: secondToken });
    expect(cancelled.status).toBe(410);
    // An expired one.
    const later = NEW();
    await post(cookie, { intent: "emailChange", newEmail: later });
    const lateToken = await confirmationTokenFor(later);
    await testDb().updateTable("email_confirmations").set({ expires_at: new Date(Date.now() - 1000) }).where("email", "=", later).execute();
    const expired = await callAction(confirmAction, buildRequest(`/confirm-email/${lateToken}`, { form: {} }), { token: lateToken });
    expect(expired.status).toBe(410);
    expect((await profileOf(member.id))?.personal_email).toBe(member.email);
    // The page sends the person to their preferences for a new link (not to an exit flow they finished long ago), signed in or not.
    for (const withCookie of [cookie, undefined]) {
      const shown = await callLoader(confirmLoader, buildRequest(`/confirm-email/${lateToken}`, { cookie: withCookie }), { token: lateToken });
      expect(await shown.json()).toMatchObject({ problem: "expired", newLinkFrom: "preferences" });
    }
  });

  it("refuses the current address, a suppressed one and a malformed one, naming the field", async () => {
    const member = await makeTransitionedAlumnus();
    const cookie = await signIn(member);
    const errorsOf = async (response: Response) => {
      expect(response.status).toBe(400);
      const data = (await response.json()) as { emailResult: { error: Record<string, string[]> } };
      return data.emailResult.error.newEmail?.[0];
    };
    expect(await errorsOf(await post(cookie, { intent: "emailChange", newEmail: member.email.toUpperCase() }))).toMatch(/already your address/);
    const blocked = NEW();
    await suppress(blocked, "hard_bounce");
    expect(await errorsOf(await post(cookie, { intent: "emailChange", newEmail: blocked }))).toMatch(/cannot send email to this address/);
    expect(await errorsOf(await post(cookie, { intent: "emailChange", newEmail: "not-an-address" }))).toMatch(/like name@example.com/);
    expect(await emailsTo(blocked)).toEqual([]);
  });

  it("an address another account signs in with is refused when the link is used, not when asked (which would tell)", async () => {
    const member = await makeTransitionedAlumnus();
    const other = await makeTransitionedAlumnus();
    const cookie = await signIn(member);
    expect((await post(cookie, { intent: "emailChange", newEmail: other.email })).status).toBe(302);
    const token = await confirmationTokenFor(other.email);
    const used = await callAction(confirmAction, buildRequest(`/confirm-email/${token}`, { form: {} }), { token });
    expect(used.status).toBe(409);
    expect((await profileOf(member.id))?.personal_email).toBe(member.email);
  });

  it("is rate-limited: the sixth confirmation in an hour is refused", async () => {
    const member = await makeTransitionedAlumnus();
    const cookie = await signIn(member);
    for (let i = 0; i < 5; i++) expect((await post(cookie, { intent: "emailChange", newEmail: NEW() })).status).toBe(302);
    expect((await post(cookie, { intent: "emailChange", newEmail: NEW() })).status).toBe(429);
  });
});

describe("the no-sign-in preferences page behind every email's footer", () => {
  const footer = (token: string, form?: Record<string, string>, cookie?: string) =>
    form
      ? callAction(footerAction, buildRequest(`/email-preferences/${token}`, { form, ...(cookie ? { cookie } : {}) }), { token })
      : callLoader(footerLoader, buildRequest(`/email-preferences/${token}`, cookie ? { cookie } : {}), { token });

  it("shows the masked address and what is on without a session, and GET changes nothing", async () => {
    const member = await makeTransitionedAlumnus({ consents: ["newsletter", "pulse"] });
    const token = emailPreferencesToken(member.id);
    const response = await footer(token);
    expect(response.status).toBe(200);
    const data = await loaderData<typeof footerLoader>(response);
    expect(data.page?.maskedEmail).toContain("•••");
    expect(data.page?.maskedEmail).not.toBe(member.email);
    expect(data.page?.consents.filter((c) => c.granted).map((c) => c.purpose)).toEqual(["newsletter", "pulse"]);
    expect(JSON.stringify(data)).not.toContain(member.email);
    expect(await consentRows(member.id)).toHaveLength(2);
  });

  it("POST turns a purpose off with one ledger row from the email link, in the language shown", async () => {
    const member = await makeTransitionedAlumnus({ consents: ["newsletter", "pulse"] });
    const token = emailPreferencesToken(member.id);
    const response = await footer(token, { purpose: "newsletter", shownLocale: "fr" });
    expect(response.status).toBe(200);
    expect((await actionData<typeof footerAction>(response)).done).toEqual({ count: 1 });
    const rows = await consentRows(member.id);
    expect(rows.at(-1)).toMatchObject({ purpose: "newsletter", granted: false, source: "email_link" });
    expect(rows.at(-1)!.text_hash).toBe(consentText("newsletter", "fr", "Acme Corp").hash);
    expect(rows.at(-1)!.ip_hash).not.toBeNull();
    expect(await countAudience(testDb(), {})).toBe(0);
    // Again: nothing more.
    await footer(token, { purpose: "newsletter", shownLocale: "en" });
    expect(await consentRows(member.id)).toHaveLength(3);
    // Everything off at once.
    const all = await footer(token, { purpose: "all", shownLocale: "en" });
    expect((await actionData<typeof footerAction>(all)).done).toEqual({ count: 1 });
    expect(await countPulseAudience(testDb())).toBe(0);
  });

  it("cannot turn anything on (only a signed-in session can)", async () => {
    const member = await makeTransitionedAlumnus();
    const token = emailPreferencesToken(member.id);
    const response = await footer(token, { purpose: "newsletter", granted: "true", shownLocale: "en" });
    expect((await actionData<typeof footerAction>(response)).done).toEqual({ count: 0 });
    expect(await consentRows(member.id)).toEqual([]);
  });

  it.each([
    ["altered", (t: string) => `${t.slice(0, -1)}${t.endsWith("A") ? "B" : "A"}`],
    ["another person's id with this mac", (t: string) => `${randomUUID()}.${t.split(".")[1]}`],
    ["truncated", (t: string) => t.slice(0, 40)],
    ["garbage", () => "%00..<script>"],
    ["an unsubscribe-shaped token", (t: string) => `${randomUUID()}.${t}`],
  ])("a forged token (%s) answers 404, never 500, on GET and POST", async (_name, forge) => {
    const member = await makeTransitionedAlumnus({ consents: ["newsletter"] });
    const forged = forge(emailPreferencesToken(member.id));
    expect((await footer(forged)).status).toBe(404);
    expect((await footer(forged, { purpose: "newsletter" })).status).toBe(404);
    expect(await consentRows(member.id)).toHaveLength(1);
  });

  it("a bad purpose is a 400, not a 500", async () => {
    const member = await makeTransitionedAlumnus({ consents: ["newsletter"] });
    expect((await footer(emailPreferencesToken(member.id), { purpose: "everything" })).status).toBe(400);
  });
});
