import { unsubscribeToken, unsubscribeUrl } from "~/modules/newsletter/signed-links.server";
import { hashIp } from "~/modules/alumni/consents.server";
import { penalizeRateLimit, RATE_LIMITS } from "~/modules/auth/rate-limit.server";
import { suppressAddress } from "~/modules/newsletter/suppressions.server";
import { action, loader } from "~/routes/unsubscribe.$token";
import { testDb, useTestDatabase } from "../../support/database";
import { decodeHtml, useHttpApp } from "../../support/http-app";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { addDeliveryRecipient, makeAlumnus, makeIssueInDelivery } from "../../factories";

useTestDatabase();
const app = useHttpApp();

async function subscribedAlumnus() {
  const user = await makeAlumnus({ consents: ["newsletter"] });
  const profile = await testDb().selectFrom("alumni_profiles").select("personal_email").where("user_id", "=", user.id).executeTakeFirstOrThrow();
  return { user, personalEmail: profile.personal_email };
}

async function newsletterConsentRows(userId: string) {
  return testDb().selectFrom("consent_events").select(["granted", "source", "ip_hash"]).where("user_id", "=", userId).where("purpose", "=", "newsletter").orderBy("id").execute();
}

async function suppressions() {
  return testDb().selectFrom("email_suppressions").select(["email", "reason", "user_id", "issue_id"]).orderBy("email").execute();
}

async function unsubscribedAt(issueId: string, userId: string) {
  const row = await testDb().selectFrom("newsletter_recipients").select("unsubscribed_at").where("issue_id", "=", issueId).where("user_id", "=", userId).executeTakeFirstOrThrow();
  return row.unsubscribed_at;
}

const open = (token: string, headers: Record<string, string> = {}) => callLoader(loader, buildRequest(`/unsubscribe/${token}`, { headers }), { token });
const press = (token: string, form: Record<string, string> = {}) => callAction(action, buildRequest(`/unsubscribe/${token}`, { method: "POST", form }), { token });

describe("the unsubscribe link", () => {
  it("GET shows the masked address and changes nothing", async () => {
    const { user, personalEmail } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    await addDeliveryRecipient(issue.id, { userId: user.id, email: personalEmail });
    const response = await open(unsubscribeToken({ issueId: issue.id, userId: user.id }));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { maskedEmail: string; subscribed: boolean };
    expect(data.subscribed).toBe(true);
    expect(data.maskedEmail).toMatch(/^p•••\d@e•••\.net$/);
    expect(data.maskedEmail).not.toContain(personalEmail.split("@")[0]);
    expect(await newsletterConsentRows(user.id)).toHaveLength(1);
    expect(await suppressions()).toEqual([]);
    expect(await unsubscribedAt(issue.id, user.id)).toBeNull();
  });

  it("the button withdraws the consent, suppresses the personal address and the one the issue went to, and marks the issue's recipient", async () => {
    const { user, personalEmail } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    await addDeliveryRecipient(issue.id, { userId: user.id, email: "Old.Address@Example.COM" });
    const response = await press(unsubscribeToken({ issueId: issue.id, userId: user.id }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ problem: null, done: { already: false } });
    const ledger = await newsletterConsentRows(user.id);
    expect(ledger.at(-1)).toEqual({ granted: false, source: "email_link", ip_hash: hashIp("127.0.0.1") });
    expect(await suppressions()).toEqual(
      [
        { email: "old.address@example.com", reason: "unsubscribed", user_id: user.id, issue_id: issue.id },
        { email: personalEmail.toLowerCase(), reason: "unsubscribed", user_id: user.id, issue_id: issue.id },
      ].sort((a, b) => a.email.localeCompare(b.email)),
    );
    expect(await unsubscribedAt(issue.id, user.id)).toBeInstanceOf(Date);
  });

  it("a second unsubscribe answers 200 and adds nothing", async () => {
    const { user, personalEmail } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    await addDeliveryRecipient(issue.id, { userId: user.id, email: personalEmail });
    const token = unsubscribeToken({ issueId: issue.id, userId: user.id });
    await press(token);
    const first = await unsubscribedAt(issue.id, user.id);
    const again = await press(token, { "List-Unsubscribe": "One-Click" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ done: { already: true } });
    expect(await newsletterConsentRows(user.id)).toHaveLength(2);
    expect(await suppressions()).toHaveLength(1);
    expect(await unsubscribedAt(issue.id, user.id)).toEqual(first);
  });

  it("five unsubscribes at once withdraw the consent once", async () => {
    const { user, personalEmail } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    await addDeliveryRecipient(issue.id, { userId: user.id, email: personalEmail });
    const token = unsubscribeToken({ issueId: issue.id, userId: user.id });
    const responses = await Promise.all(Array.from({ length: 5 }, () => press(token, { "List-Unsubscribe": "One-Click" })));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await newsletterConsentRows(user.id)).toHaveLength(2);
    expect(await suppressions()).toHaveLength(1);
  });

  it("a person who never consented gets no ledger row, but their address is suppressed", async () => {
    const user = await makeAlumnus();
    const issue = await makeIssueInDelivery();
    const response = await press(unsubscribeToken({ issueId: issue.id, userId: user.id }));
    expect(response.status).toBe(200);
    expect(await newsletterConsentRows(user.id)).toEqual([]);
    expect(await suppressions()).toHaveLength(1);
  });

  it("keeps a stronger reason already on the list", async () => {
    const { user, personalEmail } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    await suppressAddress(testDb(), { email: personalEmail, reason: "complaint", userId: user.id, issueId: issue.id });
    await press(unsubscribeToken({ issueId: issue.id, userId: user.id }));
    expect((await suppressions()).map((row) => row.reason)).toEqual(["complaint"]);
  });

  it("an altered or unknown token is a 404 and changes nothing", async () => {
    const { user } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    const token = unsubscribeToken({ issueId: issue.id, userId: user.id });
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const bad of [altered, "nonsense", `${issue.id}.${user.id}`, "a".repeat(300)]) {
      expect((await open(bad)).status).toBe(404);
      expect((await press(bad)).status).toBe(404);
    }
    const forSomeoneGone = unsubscribeToken({ issueId: issue.id, userId: "00000000-0000-4000-8000-000000000000" });
    expect((await press(forSomeoneGone)).status).toBe(404);
    expect(await newsletterConsentRows(user.id)).toHaveLength(1);
    expect(await suppressions()).toEqual([]);
  });

  it("refuses posts past the allowance of one IP with a 429, changing nothing", async () => {
    const { user } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    await penalizeRateLimit("unsubscribeByIp", "127.0.0.1", RATE_LIMITS.unsubscribeByIp.points);
    const response = await press(unsubscribeToken({ issueId: issue.id, userId: user.id }));
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await suppressions()).toEqual([]);
  });

  it("still unsubscribes when the issue was deleted since", async () => {
    const { user } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    const token = unsubscribeToken({ issueId: issue.id, userId: user.id });
    await testDb().deleteFrom("newsletter_issues").where("id", "=", issue.id).execute();
    expect((await press(token)).status).toBe(200);
    expect(await suppressions()).toMatchObject([{ reason: "unsubscribed", issue_id: null }]);
  });
});

describe("one-click unsubscribe over HTTP (RFC 8058)", () => {
  async function postOneClick(path: string, headers: Record<string, string> = {}) {
    return fetch(`${app.base}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: "List-Unsubscribe=One-Click",
      redirect: "manual",
    });
  }

  it("a post with List-Unsubscribe=One-Click and no cookie or Origin unsubscribes and answers a blank 200", async () => {
    const { user, personalEmail } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    await addDeliveryRecipient(issue.id, { userId: user.id, email: personalEmail });
    const path = new URL(unsubscribeUrl({ issueId: issue.id, userId: user.id })).pathname;
    const response = await postOneClick(path);
    expect(response.status).toBe(200);
    expect((await response.text()).trim()).toBe("");
    expect((await newsletterConsentRows(user.id)).at(-1)?.granted).toBe(false);
    expect(await suppressions()).toMatchObject([{ email: personalEmail.toLowerCase(), reason: "unsubscribed" }]);
    expect(await unsubscribedAt(issue.id, user.id)).toBeInstanceOf(Date);
    // Repeated by the provider: the same answer, nothing added.
    expect((await postOneClick(path)).status).toBe(200);
    expect(await suppressions()).toHaveLength(1);
  });

  it("a provider that sends a foreign Origin is answered too, not refused", async () => {
    const { user } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    const path = `/unsubscribe/${unsubscribeToken({ issueId: issue.id, userId: user.id })}`;
    expect((await postOneClick(path, { Origin: "https://mail.example.org" })).status).toBe(200);
    expect(await suppressions()).toHaveLength(1);
  });

  it("an unknown token is a 404 with nothing changed", async () => {
    const response = await postOneClick("/unsubscribe/not-a-token");
    expect(response.status).toBe(404);
    expect(await suppressions()).toEqual([]);
  });

  it("the page's button, posted by a browser from another site, shows the confirmation page", async () => {
    const { user } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    const path = `/unsubscribe/${unsubscribeToken({ issueId: issue.id, userId: user.id })}`;
    const response = await fetch(`${app.base}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://elsewhere.example" },
      body: "",
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    expect(decodeHtml(await response.text())).toContain("You are unsubscribed");
  });

  it("GET is a page that keeps the token out of referrers, in the visitor's language, and unsubscribes nobody", async () => {
    const { user } = await subscribedAlumnus();
    const issue = await makeIssueInDelivery();
    const path = `/unsubscribe/${unsubscribeToken({ issueId: issue.id, userId: user.id })}`;
    const response = await fetch(`${app.base}${path}`, { headers: { "Accept-Language": "fr-FR,fr;q=0.9" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const html = decodeHtml(await response.text());
    expect(html).toContain("Se désinscrire de la lettre des anciens");
    expect(html).toContain('href="/alumni/preferences"');
    expect(await suppressions()).toEqual([]);
    const invalid = await fetch(`${app.base}/unsubscribe/broken.token.value`);
    expect(invalid.status).toBe(404);
    expect(decodeHtml(await invalid.text())).toContain("This unsubscribe link is not valid");
  });
});
