import { emailPreferencesUrl } from "~/modules/email/preference-links.server";
import { Parser } from "htmlparser2";
import { prepareIssueMessages, type SnapshotRecipient } from "~/modules/newsletter/messages.server";
import { newsletterLinkCode, unsubscribeUrl } from "~/modules/newsletter/signed-links.server";
import { trackedLinkUrl } from "~/modules/links/tracked-links.server";
import { getEnv } from "~/utils/env.server";
import { createUser, makeFeedItem, makeNewsletterIssue } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

/**
 * The newsletter's messages as the sending engine gets them (docs/decisions/024): rendered once per
 * language, personalised per recipient with derived links, the same bytes every time.
 */

useTestDatabase();

/** Every href of the HTML, entities decoded, with the text of its link. */
function linksOf(html: string): Array<{ href: string; text: string }> {
  const links: Array<{ href: string; text: string }> = [];
  let open: { href: string; text: string } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "a") open = { href: attributes.href ?? "", text: "" };
      },
      ontext(text) {
        if (open) open.text += text;
      },
      onclosetag(name) {
        if (name === "a" && open) {
          links.push(open);
          open = null;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return links;
}

async function composedIssue() {
  const first = await makeFeedItem({ status: "approved", title: "Acme opens in Lyon", url: "https://news.example/lyon?a=1&b=2" });
  const second = await makeFeedItem({ status: "approved", title: "A word from the CEO", url: null, kind: "company", source: null, imageUrl: "https://img.example/ceo.jpg" });
  const { issueId } = await makeNewsletterIssue({
    subject: "December news",
    preheader: "Two stories",
    intro: "Hello **alumni**, see [our site](https://acme.example/about).",
    french: { subject: "Les nouvelles de décembre", intro: "Bonjour à toutes et à tous." },
    sections: [
      { titleEn: "Company", titleFr: "Entreprise", items: [second] },
      { titleEn: "Press", items: [first] },
    ],
  });
  return { issueId, first, second };
}

describe("newsletter messages", () => {
  it("gives the same bytes for the same recipient, even from a second preparation", async () => {
    const { issueId } = await composedIssue();
    const user = await createUser({ role: "alumnus" });
    const recipient: SnapshotRecipient = { recipientNo: 0, userId: user.id, email: "ada@example.org", locale: "en" };
    const once = (await prepareIssueMessages(testDb(), issueId)).messageFor(recipient);
    const again = await prepareIssueMessages(testDb(), issueId);
    expect(again.messageFor(recipient)).toEqual(once);
    expect(JSON.stringify(again.messageFor(recipient))).toBe(JSON.stringify(once));
  });

  it("links every item to the recipient's own tracked link, and nothing to a placeholder", async () => {
    const { issueId, first, second } = await composedIssue();
    const [ada, bob] = [await createUser({ role: "alumnus" }), await createUser({ role: "alumnus" })];
    const messages = await prepareIssueMessages(testDb(), issueId);
    const adaMessage = messages.messageFor({ recipientNo: 0, userId: ada.id, email: "ada@example.org", locale: "en" });
    const bobMessage = messages.messageFor({ recipientNo: 1, userId: bob.id, email: "bob@example.org", locale: "en" });
    const linkOf = (userId: string, feedItemId: string) => trackedLinkUrl({ code: newsletterLinkCode({ issueId, feedItemId, userId }) });

    const adaLinks = linksOf(adaMessage.html).map((link) => link.href);
    expect(adaLinks).toContain(linkOf(ada.id, first.id));
    expect(adaLinks).toContain(linkOf(ada.id, second.id));
    expect(adaLinks).not.toContain(linkOf(bob.id, first.id));
    expect(linksOf(bobMessage.html).map((link) => link.href)).toContain(linkOf(bob.id, first.id));
    // Every link to an item is a tracked link: the article's own address never appears as a link.
    expect(adaLinks.filter((href) => href.includes("news.example"))).toEqual([]);
    expect(adaLinks.filter((href) => href.includes("/r/"))).toHaveLength(5);
    expect(adaMessage.text).toContain(linkOf(ada.id, first.id));
    for (const body of [adaMessage.html, adaMessage.text]) expect(body).not.toContain(".invalid");
    // Items in the editor's order, sections in theirs.
    expect(adaMessage.text.indexOf("A word from the CEO")).toBeLessThan(adaMessage.text.indexOf("Acme opens in Lyon"));
    // The intro's link is kept as written, not tracked.
    expect(adaLinks).toContain("https://acme.example/about");
  });

  it("carries both unsubscribe headers, on one line each, and the same unsubscribe link in the footer", async () => {
    const { issueId } = await composedIssue();
    const user = await createUser({ role: "alumnus" });
    const message = (await prepareIssueMessages(testDb(), issueId)).messageFor({ recipientNo: 3, userId: user.id, email: "ada@example.org", locale: "en" });
    const url = unsubscribeUrl({ issueId, userId: user.id });
    expect(message.headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    for (const value of Object.values(message.headers)) expect(value).not.toMatch(/[\r\n]/);
    expect(linksOf(message.html)).toContainEqual({ href: url, text: "Unsubscribe" });
    expect(message).toMatchObject({ from: getEnv().EMAIL_FROM, to: ["ada@example.org"], subject: "December news" });
    expect(message.html).toContain(getEnv().COMPANY_ADDRESS!);
    // The reader's own signed preferences page (docs/decisions/032), in place of the sign-in one.
    expect(linksOf(message.html)).toContainEqual({ href: emailPreferencesUrl(user.id), text: "Manage your email preferences" });
    expect(message.text).toContain(emailPreferencesUrl(user.id));
  });

  it("writes the French chrome and texts for a French recipient, and falls back to English texts when there are none", async () => {
    const { issueId } = await composedIssue();
    const user = await createUser({ role: "alumnus" });
    const messages = await prepareIssueMessages(testDb(), issueId);
    const french = messages.messageFor({ recipientNo: 0, userId: user.id, email: "zoe@example.fr", locale: "fr" });
    expect(french.subject).toBe("Les nouvelles de décembre");
    expect(french.html).toContain('lang="fr"');
    expect(french.text).toContain("Se désabonner");
    expect(french.text).toContain("Entreprise");
    // A section without a French title keeps its English one.
    expect(french.text).toContain("Press");

    const { issueId: englishOnly } = await makeNewsletterIssue({ subject: "English only", sections: [] });
    const fallback = (await prepareIssueMessages(testDb(), englishOnly)).messageFor({ recipientNo: 0, userId: user.id, email: "zoe@example.fr", locale: "fr" });
    expect(fallback.subject).toBe("English only");
    expect(fallback.text).toContain("Se désabonner");
  });

  it("neutralises script and javascript: links written in the intro's Markdown", async () => {
    const { issueId } = await makeNewsletterIssue({
      subject: "Careful",
      intro: 'Hi <script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror="alert(2)"> <a href="https://ok.example" onclick="bad()">ok</a>',
    });
    const message = (await prepareIssueMessages(testDb(), issueId)).messageFor({ recipientNo: 0, userId: null, email: "a@example.org", locale: "en" });
    expect(message.html).not.toMatch(/<script|javascript:|onerror|onclick|<img src="x"/i);
    expect(message.html).not.toContain('alert("x")');
    expect(linksOf(message.html).map((link) => link.href)).toContain("https://ok.example");
  });

  it("writes each recipient's tracked links once, leading to the item, filed under the issue", async () => {
    const { issueId, first, second } = await composedIssue();
    const user = await createUser({ role: "alumnus" });
    const messages = await prepareIssueMessages(testDb(), issueId);
    const recipients: SnapshotRecipient[] = [{ recipientNo: 0, userId: user.id, email: "ada@example.org", locale: "en" }];
    await messages.ensureLinks(testDb(), recipients);
    await messages.ensureLinks(testDb(), recipients);
    const rows = await testDb().selectFrom("tracked_links").selectAll().where("subject_ref", "=", `newsletter/${issueId}`).orderBy("code").execute();
    expect(rows).toHaveLength(2);
    const byItem = new Map(rows.map((row) => [row.feed_item_id, row]));
    expect(byItem.get(first.id)).toMatchObject({
      code: newsletterLinkCode({ issueId, feedItemId: first.id, userId: user.id }),
      target_url: "https://news.example/lyon?a=1&b=2",
      channel: "newsletter",
      campaign: `newsletter-${issueId}`,
      user_id: user.id,
    });
    // A company post without a link leads to its public page.
    expect(byItem.get(second.id)?.target_url).toMatch(new RegExp(`/feed/${second.id}$`));
  });

  it("escapes a tracked address for the HTML attribute it goes into", async () => {
    const { issueId } = await composedIssue();
    const message = (await prepareIssueMessages(testDb(), issueId)).messageFor({ recipientNo: 0, userId: null, email: "a@example.org", locale: "en" });
    // Without a user the unsubscribe link is the preference centre; every href parses back to an absolute URL.
    for (const link of linksOf(message.html)) expect(() => new URL(link.href)).not.toThrow();
  });

  it("leaves a feed's text that looks like a placeholder alone", async () => {
    const item = await makeFeedItem({ status: "approved", title: "See https://r00.recipient-link.invalid/unsubscribe now" });
    const { issueId } = await makeNewsletterIssue({ subject: "Tricky", sections: [{ titleEn: "One", items: [item] }] });
    const message = (await prepareIssueMessages(testDb(), issueId)).messageFor({ recipientNo: 0, userId: null, email: "a@example.org", locale: "en" });
    expect(message.text).toContain("See https://r00.recipient-link.invalid/unsubscribe now");
  });
});
