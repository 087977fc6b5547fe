import { renderEmail } from "~/modules/email/templates.server";
import { testDb } from "../support/database";

type EmailStatus = "queued" | "sent" | "captured" | "failed";

let rendered: Awaited<ReturnType<typeof renderEmail>> | undefined;

/**
 * An email as the outbox stores it (a rendered magic-link email, captured by the outbox transport).
 * Inserted directly: sending one goes through the job queue, which these tests are not about.
 */
export async function storeOutboxEmail(
  overrides: { subject?: string; created_at?: Date; status?: EmailStatus; last_error?: string | null; attempts?: number } = {},
) {
  rendered ??= await renderEmail("magic-link", { url: "https://portal.test/login/magic/abc", expiresInMinutes: 15 }, "en");
  return testDb()
    .insertInto("emails")
    .values({
      template: "magic-link",
      locale: "en",
      to_address: "ada@example.test",
      from_address: "Alumni Portal <alumni@example.com>",
      subject: overrides.subject ?? rendered.subject,
      html: rendered.html,
      text: rendered.text,
      status: overrides.status ?? "captured",
      transport: "outbox",
      attempts: overrides.attempts ?? 1,
      last_error: overrides.last_error ?? null,
      created_at: overrides.created_at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
