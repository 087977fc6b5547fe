import type { Locale, NewsletterRecipientStatus } from "../../db/schema";
import { testDb } from "../support/database";

/**
 * Newsletter issues and recipient rows as a finished send leaves them, inserted directly: the sending
 * engine (its snapshot and batches) is what other suites test; these suites need recipients with
 * chosen addresses and Resend ids to unsubscribe from, report on and count.
 */
export async function makeIssueInDelivery(options: { subject?: string; status?: "sending" | "sent" } = {}) {
  const db = testDb();
  const issue = await db
    .insertInto("newsletter_issues")
    .values({ status: options.status ?? "sent", started_at: new Date("2026-12-01T09:00:00Z") })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("newsletter_issue_texts").values({ issue_id: issue.id, language: "en", subject: options.subject ?? "December news" }).execute();
  return issue;
}

let nextNo = 0;

export async function addDeliveryRecipient(
  issueId: string,
  recipient: { userId?: string | null; email: string | null; resendId?: string | null; locale?: Locale; status?: NewsletterRecipientStatus },
) {
  const recipientNo = nextNo++;
  await testDb()
    .insertInto("newsletter_recipients")
    .values({
      issue_id: issueId,
      recipient_no: recipientNo,
      batch_no: Math.floor(recipientNo / 100),
      user_id: recipient.userId ?? null,
      email: recipient.email,
      locale: recipient.locale ?? "en",
      status: recipient.status ?? "submitted",
      resend_id: recipient.resendId ?? null,
    })
    .execute();
  return { recipientNo };
}

export async function recipientRow(issueId: string, userId: string) {
  return testDb().selectFrom("newsletter_recipients").selectAll().where("issue_id", "=", issueId).where("user_id", "=", userId).executeTakeFirstOrThrow();
}
