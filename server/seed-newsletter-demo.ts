import { findUserByEmail } from "~/modules/auth/users.server";
import { addItem, addSection, createIssue, saveIssueTexts } from "~/modules/newsletter/issues.server";
import { prepareIssueMessages, type SnapshotRecipient } from "~/modules/newsletter/messages.server";
import type { DB } from "~/utils/db.server";

/**
 * The newsletter's demo (issue 12), after the share feed's (./seed.ts): last month's issue, sent to
 * Alex (the demo alumnus who chose the newsletter) so the archive has something to read, with its
 * recipient row and tracked links as the send would have left them; and this month's draft with two
 * sections of the demo's approved items, ready to preview and test.
 */
export async function seedNewsletterDemo(db: DB) {
  const hr = await findUserByEmail(db, "hr@example.com");
  const alex = await findUserByEmail(db, "alex.alumni@example.net");
  const items = await db.selectFrom("feed_items").select(["id", "kind"]).where("status", "=", "approved").orderBy("created_at").execute();
  const company = items.find((item) => item.kind === "company");
  const external = items.find((item) => item.kind === "external");
  if (!hr || !alex || !company || !external) return;
  const actor = { userId: hr.id };
  const companyName = process.env.COMPANY_NAME || "Acme Corp";

  const compose = async (texts: { en: [string, string, string]; fr: [string, string, string] }, sections: Array<[string, string, string]>) => {
    const { issueId } = await createIssue(db, { subject: texts.en[0] }, actor);
    await saveIssueTexts(db, issueId, {
      subjectEn: texts.en[0],
      preheaderEn: texts.en[1],
      introEn: texts.en[2],
      subjectFr: texts.fr[0],
      preheaderFr: texts.fr[1],
      introFr: texts.fr[2],
    });
    for (const [titleEn, titleFr, itemId] of sections) {
      const { sectionId } = await addSection(db, issueId, { titleEn, titleFr });
      await addItem(db, issueId, sectionId, itemId);
    }
    return issueId;
  };

  const sentId = await compose(
    {
      en: [`${companyName} alumni news — last month`, "A new office, and a read on the four-day week.", `Hello from the alumni team!\n\nHere is what happened at **${companyName}** last month.`],
      fr: [`Les nouvelles des anciens de ${companyName} — le mois dernier`, "Un nouveau bureau, et une lecture sur la semaine de quatre jours.", `Bonjour de la part de l’équipe des anciens !\n\nVoici ce qui s’est passé chez **${companyName}** le mois dernier.`],
    },
    [
      ["From the company", "Nouvelles de l’entreprise", company.id],
      ["Worth reading", "À lire", external.id],
    ],
  );
  const sentAt = new Date(Date.now() - 7 * 24 * 3600_000);
  const recipients: SnapshotRecipient[] = [{ recipientNo: 0, userId: alex.id, email: alex.email, locale: alex.locale }];
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("newsletter_issues")
      .set({ status: "sent", started_at: sentAt, finished_at: sentAt, recipient_count: recipients.length, batch_count: 1 })
      .where("id", "=", sentId)
      .execute();
    await trx.insertInto("newsletter_batches").values({ issue_id: sentId, batch_no: 0, status: "submitted", attempts: 1, first_attempt_at: sentAt, submitted_at: sentAt }).execute();
    await trx
      .insertInto("newsletter_recipients")
      .values(recipients.map((r) => ({ issue_id: sentId, recipient_no: r.recipientNo, batch_no: 0, user_id: r.userId, email: r.email, locale: r.locale, status: "submitted" as const, delivered_at: sentAt })))
      .execute();
    await (await prepareIssueMessages(trx, sentId)).ensureLinks(trx, recipients);
  });

  await compose(
    {
      en: [`${companyName} alumni news — this month`, "Two stories picked for you.", "A short note from the alumni team: _write your introduction here_."],
      fr: [`Les nouvelles des anciens de ${companyName} — ce mois-ci`, "Deux histoires choisies pour vous.", "Un petit mot de l’équipe des anciens : _écrivez votre introduction ici_."],
    },
    [
      ["Company news", "Nouvelles de l’entreprise", company.id],
      ["From the press", "Dans la presse", external.id],
    ],
  );
}
