import { addItem, addSection, createIssue, saveIssueTexts } from "~/modules/newsletter/issues.server";
import type { FeedItem, NewsletterIssueStatus } from "../../db/schema";
import { testDb } from "../support/database";
import { unique } from "./sequence";

export interface IssueSpec {
  subject?: string;
  preheader?: string;
  intro?: string;
  french?: { subject: string; preheader?: string; intro?: string } | null;
  sections?: Array<{ titleEn: string; titleFr?: string; items: FeedItem[] }>;
  /** Set directly after composing: the sending engine is what moves an issue on in real life. */
  status?: NewsletterIssueStatus;
  createdBy?: string | null;
  finishedAt?: Date;
}

/** An issue composed through HR's functions (texts, sections, approved items), then put in `status`. */
export async function makeNewsletterIssue(spec: IssueSpec = {}): Promise<{ issueId: string; sectionIds: string[] }> {
  const db = testDb();
  const creator = spec.createdBy ?? null;
  const subject = spec.subject ?? `Alumni news ${unique()}`;
  const { issueId } = creator
    ? await createIssue(db, { subject }, { userId: creator })
    : await db.transaction().execute(async (trx) => {
        const issue = await trx.insertInto("newsletter_issues").values({ created_by: null }).returning("id").executeTakeFirstOrThrow();
        await trx.insertInto("newsletter_issue_texts").values({ issue_id: issue.id, language: "en", subject }).execute();
        return { issueId: issue.id };
      });
  await saveIssueTexts(db, issueId, {
    subjectEn: subject,
    preheaderEn: spec.preheader ?? "",
    introEn: spec.intro ?? "",
    subjectFr: spec.french?.subject,
    preheaderFr: spec.french?.preheader ?? "",
    introFr: spec.french?.intro ?? "",
  });
  const sectionIds: string[] = [];
  for (const section of spec.sections ?? []) {
    const { sectionId } = await addSection(db, issueId, { titleEn: section.titleEn, titleFr: section.titleFr });
    sectionIds.push(sectionId);
    for (const item of section.items) await addItem(db, issueId, sectionId, item.id);
  }
  if (spec.status && spec.status !== "draft") {
    await db
      .updateTable("newsletter_issues")
      .set({ status: spec.status, finished_at: spec.status === "sent" ? (spec.finishedAt ?? new Date()) : null })
      .where("id", "=", issueId)
      .execute();
  }
  return { issueId, sectionIds };
}

/** The snapshot row of a recipient, as the engine writes it when a send starts. */
export async function addNewsletterRecipient(issueId: string, recipient: { recipientNo: number; userId: string | null; email: string; locale: "en" | "fr" }) {
  await testDb()
    .insertInto("newsletter_recipients")
    .values({
      issue_id: issueId,
      recipient_no: recipient.recipientNo,
      batch_no: Math.floor(recipient.recipientNo / 100),
      user_id: recipient.userId,
      email: recipient.email,
      locale: recipient.locale,
      status: "submitted",
    })
    .execute();
}
