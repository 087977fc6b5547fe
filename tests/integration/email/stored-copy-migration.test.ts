import TaskDigestEmail from "../../../emails/task-digest";
import { renderEmail } from "~/modules/email/templates.server";
import { migrateDown, migrateToLatest } from "~/utils/db.server";
import { testDb, useTestDatabase } from "../../support/database";

/** Rows written before stored copies lost their links: the migration removes the links of handled ones. */

useTestDatabase();

const MIGRATION = "2026-12-06T1710_email_secret_links";
const MAGIC = "http://localhost:3000/login/magic/abcdefghijklmnopqrstuvwxyz234567";
const EXIT = "http://localhost:3000/exit/link/bcdefghijklmnopqrstuvwxyz2345672";
const QUEUED = "http://localhost:3000/set-password/cdefghijklmnopqrstuvwxyz23456723";

async function legacyRow(template: "magic-link" | "exit-invitation" | "staff-invitation" | "task-digest", props: object, locale: "en" | "fr", status: "queued" | "sent" | "captured") {
  const rendered = await renderEmail(template, props as never, locale);
  const { id } = await testDb()
    .insertInto("emails")
    .values({ template, locale, to_address: "sam@example.test", from_address: "Alumni <a@example.com>", ...rendered, status })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

function row(id: string) {
  return testDb().selectFrom("emails").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

/** Reverts migrations, newest first, down to and including this one. */
async function revertMigration() {
  for (;;) {
    const reverted = await migrateDown(testDb());
    expect(reverted).toHaveLength(1);
    if (reverted[0] === MIGRATION) return;
  }
}

describe(`migration ${MIGRATION}`, () => {
  it("replaces the one-time links of sent and captured emails, in their language, and leaves queued ones and other links alone", async () => {
    await revertMigration();
    const sent = await legacyRow("magic-link", { url: MAGIC, expiresInMinutes: 15 }, "en", "sent");
    const captured = await legacyRow(
      "exit-invitation",
      { url: EXIT, confidentiality: "anonymous", minutes: 6, validUntil: "2027-01-17" },
      "fr",
      "captured",
    );
    const queued = await legacyRow("staff-invitation", { url: QUEUED, name: "Grace", role: "task_owner", expiresInHours: 72 }, "en", "queued");
    const { chrome: _chrome, ...digestProps } = TaskDigestEmail.PreviewProps;
    const digest = await legacyRow("task-digest", digestProps, "en", "sent");
    const digestBefore = await row(digest);
    const queuedBefore = await row(queued);

    await migrateToLatest(testDb());

    const en = await row(sent);
    expect(en).toMatchObject({ links_removed: true, sealed_content: null });
    expect(en.text).toContain("Sign in [link removed from the stored copy]");
    expect(`${en.html}${en.text}`).not.toContain("abcdefghijklmnopqrstuvwxyz234567");
    expect(en.html).not.toContain('href="[');
    const fr = await row(captured);
    expect(fr.links_removed).toBe(true);
    expect(fr.text).toContain("[lien retiré de la copie conservée]");
    expect(`${fr.html}${fr.text}`).not.toContain("/exit/link/");
    expect(await row(queued)).toMatchObject({ html: queuedBefore.html, text: queuedBefore.text, links_removed: false });
    expect(await row(digest)).toMatchObject({ html: digestBefore.html, text: digestBefore.text, links_removed: false });
  });
});
