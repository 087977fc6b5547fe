import { prepareIssueMessages } from "~/modules/newsletter/messages.server";
import { newsletterLinkCode } from "~/modules/newsletter/signed-links.server";
import { trackedLinkUrl } from "~/modules/links/tracked-links.server";
import { addNewsletterRecipient, createAlumniProfile, createUser, makeAlumnus, makeFeedItem, makeNewsletterIssue, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { decodeHtml, pageRequests, useHttpApp } from "../../support/http-app";

/** The newsletter's archive as alumni and HR read it, through the built app. */

useTestDatabase();
const app = useHttpApp();
const { get } = pageRequests(app);

async function sentIssueWithRecipient() {
  const item = await makeFeedItem({ status: "approved", title: "Archived story", url: "https://news.example/story" });
  const reader = await makeAlumnus({ name: "Reader" });
  const { issueId } = await makeNewsletterIssue({
    subject: "November news",
    french: { subject: "Les nouvelles de novembre" },
    intro: "Hello <script>alert(1)</script>**everyone**",
    sections: [{ titleEn: "Stories", titleFr: "Histoires", items: [item] }],
    status: "sent",
    finishedAt: new Date("2026-11-30T09:00:00Z"),
  });
  const recipient = { recipientNo: 0, userId: reader.id, email: "reader@example.org", locale: "en" as const };
  await addNewsletterRecipient(issueId, recipient);
  // What the engine does when it claims the batch.
  await (await prepareIssueMessages(testDb(), issueId)).ensureLinks(testDb(), [recipient]);
  return { issueId, item, reader };
}

describe("the newsletter archive", () => {
  it("lists the sent issues only, newest first, in the reader's language", async () => {
    await makeNewsletterIssue({ subject: "Older issue", status: "sent", finishedAt: new Date("2026-10-01T09:00:00Z") });
    await makeNewsletterIssue({ subject: "Newer issue", french: { subject: "Numéro récent" }, status: "sent", finishedAt: new Date("2026-11-01T09:00:00Z") });
    await makeNewsletterIssue({ subject: "Still a draft" });
    const english = await get("/alumni/newsletter", await signIn(await makeAlumnus()));
    expect(english.response.status).toBe(200);
    expect(english.html).not.toContain("Still a draft");
    expect(english.html.indexOf("Newer issue")).toBeLessThan(english.html.indexOf("Older issue"));
    const frenchUser = await createUser({ role: "alumnus", locale: "fr" });
    await createAlumniProfile(frenchUser.id, { status: "active", confirmedAt: new Date(), activatedAt: new Date() });
    const french = await get("/alumni/newsletter", await signIn(frenchUser));
    expect(decodeHtml(french.html)).toContain("Numéro récent");
    expect(french.html).toContain("Older issue");
  });

  it("gives a reader who received the issue the tracked links of their email, and writes nothing", async () => {
    const { issueId, item, reader } = await sentIssueWithRecipient();
    const before = await testDb().selectFrom("tracked_links").select("id").execute();
    const { response, html } = await get(`/alumni/newsletter/${issueId}`, await signIn(reader));
    expect(response.status).toBe(200);
    expect(html).toContain("November news");
    expect(html).toContain(`href="${trackedLinkUrl({ code: newsletterLinkCode({ issueId, feedItemId: item.id, userId: reader.id }) })}"`);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("<strong>everyone</strong>");
    expect(await testDb().selectFrom("tracked_links").select("id").execute()).toHaveLength(before.length);
  });

  it("gives other alumni and HR the items' own addresses", async () => {
    const { issueId } = await sentIssueWithRecipient();
    for (const user of [await makeAlumnus(), await createUser({ role: "hr_admin" })]) {
      const { response, html } = await get(`/alumni/newsletter/${issueId}`, await signIn(user));
      expect(response.status).toBe(200);
      expect(html).toContain('href="https://news.example/story"');
      expect(html).not.toContain("/r/");
    }
  });

  it("is closed to alumni without an active profile and to other roles, and shows no draft", async () => {
    const { issueId } = await sentIssueWithRecipient();
    const pendingUser = await createUser({ role: "alumnus" });
    await createAlumniProfile(pendingUser.id, { status: "pending" });
    expect((await get(`/alumni/newsletter/${issueId}`, await signIn(pendingUser))).response.status).toBe(403);
    expect((await get("/alumni/newsletter", await signIn(pendingUser))).response.status).toBe(403);
    const taskOwner = await signIn(await createUser({ role: "task_owner" }));
    expect([403, 404]).toContain((await get(`/alumni/newsletter/${issueId}`, taskOwner)).response.status);
    const { issueId: draft } = await makeNewsletterIssue({ subject: "Not yet" });
    const alumnus = await signIn(await makeAlumnus());
    expect((await get(`/alumni/newsletter/${draft}`, alumnus)).response.status).toBe(404);
    expect((await get("/alumni/newsletter/not-a-uuid", alumnus)).response.status).toBe(404);
  });

  it("is linked from the alumni home", async () => {
    const { html } = await get("/alumni", await signIn(await makeAlumnus()));
    expect(html).toContain('href="/alumni/newsletter"');
  });
});
