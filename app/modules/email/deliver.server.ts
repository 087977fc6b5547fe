import { getDb } from "~/utils/db.server";

/** Placeholder until the email module lands: marks the message captured in the outbox. */
export async function deliverEmail(emailId: string) {
  await getDb()
    .updateTable("emails")
    .set({ status: "captured", transport: "outbox", sent_at: new Date() })
    .where("id", "=", emailId)
    .where("status", "=", "queued")
    .execute();
}
