import { newsletterLinkCode } from "~/modules/newsletter/signed-links.server";
import { issueStatistics, recipientOutcomes, topClickedItems } from "~/modules/newsletter/statistics.server";
import { loader } from "~/routes/admin.newsletter.$issueId.results";
import { testDb, useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";
import { buildRequest, callLoader } from "../../support/remix";
import { addDeliveryRecipient, createUser, makeAlumnus, makeClicks, makeFeedItem, makeIssueInDelivery, signIn } from "../../factories";

useTestDatabase();
const app = useHttpApp();

/** A newsletter link as the engine writes it: one per (issue, item, recipient), with its derived code. */
async function newsletterLink(issueId: string, item: { id: string; url: string | null }, userId: string) {
  return testDb()
    .insertInto("tracked_links")
    .values({
      code: newsletterLinkCode({ issueId, feedItemId: item.id, userId }),
      target_url: item.url ?? "https://acme.example/",
      channel: "newsletter",
      campaign: "newsletter",
      feed_item_id: item.id,
      subject_ref: `newsletter/${issueId}`,
      user_id: userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

async function setOutcome(issueId: string, email: string, values: Record<string, unknown>) {
  await testDb().updateTable("newsletter_recipients").set(values).where("issue_id", "=", issueId).where("email", "=", email).execute();
}

const T = new Date("2026-12-01T10:00:00Z");

describe("an issue's statistics", () => {
  it("counts each outcome once per recipient and gives rates of the delivered", async () => {
    const issue = await makeIssueInDelivery();
    const people = await Promise.all([1, 2, 3, 4, 5].map(() => makeAlumnus()));
    for (const [n, person] of people.entries()) await addDeliveryRecipient(issue.id, { userId: person.id, email: `p${n}@example.net`, resendId: `re-${n}` });
    await addDeliveryRecipient(issue.id, { userId: null, email: "never@example.net", status: "failed" });
    for (const n of [0, 1, 2, 3]) await setOutcome(issue.id, `p${n}@example.net`, { delivered_at: T });
    await setOutcome(issue.id, "p4@example.net", { bounced_at: T, bounce_type: "hard" });
    await setOutcome(issue.id, "p3@example.net", { bounced_at: T, bounce_type: "soft" });
    await setOutcome(issue.id, "p2@example.net", { complained_at: T });
    await setOutcome(issue.id, "p1@example.net", { unsubscribed_at: T, opened_at: T });
    await setOutcome(issue.id, "p0@example.net", { opened_at: T });

    const [first, second] = await Promise.all([makeFeedItem(), makeFeedItem()]);
    const a = await newsletterLink(issue.id, first!, people[0]!.id);
    const b = await newsletterLink(issue.id, second!, people[0]!.id);
    const c = await newsletterLink(issue.id, first!, people[1]!.id);
    await makeClicks(a.id, [{ at: T }, { at: T }]);
    await makeClicks(b.id, [{ at: T }]);
    await makeClicks(c.id, [{ at: T }]);
    // Another issue's clicks do not count.
    const other = await makeIssueInDelivery();
    await makeClicks((await newsletterLink(other.id, first!, people[2]!.id)).id, [{ at: T }]);

    const statistics = await issueStatistics(testDb(), issue.id);
    expect(statistics).toMatchObject({
      recipients: 6,
      submitted: 5,
      delivered: 4,
      bounced: { total: 2, hard: 1, soft: 1 },
      complained: 1,
      unsubscribed: 1,
      clicks: { unique: 2, total: 4 },
      opens: 2,
      opensAreEstimates: true,
      rates: { bounced: 0.5, complained: 0.25, unsubscribed: 0.25, uniqueClicks: 0.5, opens: 0.5 },
    });

    expect(await topClickedItems(testDb(), issue.id)).toEqual([
      { feedItemId: first!.id, label: first!.title, people: 2, clicks: 3 },
      { feedItemId: second!.id, label: second!.title, people: 1, clicks: 1 },
    ]);
  });

  it("has no rates while nothing is delivered", async () => {
    const issue = await makeIssueInDelivery();
    const statistics = await issueStatistics(testDb(), issue.id);
    expect(statistics).toMatchObject({ recipients: 0, delivered: 0, clicks: { unique: 0, total: 0 }, rates: { bounced: null, uniqueClicks: null } });
  });

  it("lists the recipients with an outcome in snapshot order, a page at a time", async () => {
    const issue = await makeIssueInDelivery();
    for (const n of [0, 1, 2, 3, 4]) await addDeliveryRecipient(issue.id, { email: `r${n}@example.net` });
    await setOutcome(issue.id, "r0@example.net", { bounced_at: T, bounce_type: "hard" });
    await setOutcome(issue.id, "r2@example.net", { complained_at: T, unsubscribed_at: T });
    await setOutcome(issue.id, "r4@example.net", { unsubscribed_at: T });
    const first = await recipientOutcomes(testDb(), issue.id, { limit: 2 });
    expect(first.rows.map((row) => [row.email, row.outcomes.map((o) => o.outcome)])).toEqual([
      ["r0@example.net", ["hardBounce"]],
      ["r2@example.net", ["complained", "unsubscribed"]],
    ]);
    const second = await recipientOutcomes(testDb(), issue.id, { limit: 2, after: first.next });
    expect(second.rows.map((row) => row.email)).toEqual(["r4@example.net"]);
    expect(second.next).toBeNull();
  });
});

describe("the Results tab", () => {
  it("shows an HR admin the figures of an issue; a bad page position shows the first page", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const issue = await makeIssueInDelivery({ subject: "Winter news" });
    await addDeliveryRecipient(issue.id, { email: "a@example.net" });
    const response = await callLoader(loader, buildRequest(`/admin/newsletter/${issue.id}/results?after=-3`, { cookie: await signIn(hr) }), { issueId: issue.id });
    expect(response.status).toBe(200);
    const data = (await response.json()) as { subject: string; statistics: { recipients: number }; after: number | null };
    expect(data).toMatchObject({ subject: "Winter news", statistics: { recipients: 1 }, after: null });
  });

  it("renders the figures with the caveat on opens, in the admin's language", async () => {
    const hr = await createUser({ role: "hr_admin", locale: "fr" });
    const issue = await makeIssueInDelivery({ subject: "Nouvelles d’hiver" });
    await addDeliveryRecipient(issue.id, { email: "gone@example.net" });
    await setOutcome(issue.id, "gone@example.net", { bounced_at: T, bounce_type: "hard" });
    const { response, html } = await pageRequests(app).get(`/admin/newsletter/${issue.id}/results`, await signIn(hr));
    expect(response.status).toBe(200);
    // Under the issue's layout (whose <h1> is the subject) the tab's title is a second-level heading.
    expect(html).toContain("<h2>Résultats : Nouvelles d’hiver</h2>");
    expect(html).toContain("surestiment les lecteurs");
    expect(html).toContain("gone@example.net");
    expect(html).toContain("Rejet définitif");
  });

  it("is a 404 for an unknown issue and refused to alumni", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const unknown = "00000000-0000-4000-8000-000000000000";
    const missing = await callLoader(loader, buildRequest(`/admin/newsletter/${unknown}/results`, { cookie: await signIn(hr) }), { issueId: unknown });
    expect(missing.status).toBe(404);
    const garbage = await callLoader(loader, buildRequest(`/admin/newsletter/nope/results`, { cookie: await signIn(hr) }), { issueId: "nope" });
    expect(garbage.status).toBe(404);
    const issue = await makeIssueInDelivery();
    const alumnus = await makeAlumnus();
    const refused = await callLoader(loader, buildRequest(`/admin/newsletter/${issue.id}/results`, { cookie: await signIn(alumnus) }), { issueId: issue.id });
    expect(refused.status).toBe(403);
  });
});
