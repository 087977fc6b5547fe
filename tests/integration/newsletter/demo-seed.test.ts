import { listSentIssues, loadArchiveIssue } from "~/modules/newsletter/archive.server";
import { listIssues } from "~/modules/newsletter/issues.server";
import { loadIssueContent } from "~/modules/newsletter/content.server";
import { newsletterLinkCode } from "~/modules/newsletter/signed-links.server";
import { seedDemoData } from "../../../server/seed";
import { installOffboardingDefaults } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

describe("the demo data's newsletter", () => {
  it("has a sent issue in the archive whose links work for Alex, and a draft with two sections of approved items", async () => {
    await installOffboardingDefaults();
    expect(await seedDemoData(testDb())).toBe(true);
    const issues = await listIssues(testDb());
    expect(issues.map((issue) => issue.status).sort()).toEqual(["draft", "sent"]);

    const [sent] = await listSentIssues(testDb(), "en");
    const alex = await testDb().selectFrom("users").select("id").where("email", "=", "alex.alumni@example.net").executeTakeFirstOrThrow();
    const page = await loadArchiveIssue(testDb(), sent!.id, { userId: alex.id, locale: "en" });
    expect(page?.tracked).toBe(true);
    const codes = page!.sections.flatMap((section) => section.items.map((item) => newsletterLinkCode({ issueId: sent!.id, feedItemId: item.id, userId: alex.id })));
    expect(codes).toHaveLength(2);
    const rows = await testDb().selectFrom("tracked_links").select("code").where("code", "in", codes).execute();
    expect(rows).toHaveLength(2);

    const draft = issues.find((issue) => issue.status === "draft")!;
    const content = await loadIssueContent(testDb(), draft.id);
    expect(content!.sections.map((section) => section.items.length)).toEqual([1, 1]);
  });
});
