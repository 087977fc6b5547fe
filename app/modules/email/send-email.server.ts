import type { Transaction } from "kysely";
import { z } from "zod";
import { enqueue } from "~/modules/jobs/boss.server";
import type { Database } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { EmailInputError, issuesOf } from "./errors";
import { sendEmailJob } from "./send-email-job.server";
import { renderEmail, type EmailTemplateName, type EmailTemplateProps } from "./templates.server";

export interface SendEmailInput<Name extends EmailTemplateName> {
  to: string;
  template: Name;
  props: EmailTemplateProps<Name>;
  locale: "en" | "fr";
  /** The portal user this message is about, when there is one (for the outbox and data export). */
  userId?: string | null;
  /** Write inside the caller's transaction: the email exists, and is sent, only if it commits. */
  trx?: Transaction<Database>;
}

const envelopeSchema = z.object({
  to: z.email({ message: "must be an email address" }).max(320),
  locale: z.enum(["en", "fr"], { message: "must be en or fr" }),
  userId: z.uuid({ message: "must be a user id (uuid)" }).nullish(),
});

/**
 * Queues one email: renders it now (so the outbox shows exactly what will be sent), stores it as
 * `queued` and enqueues the `email.send` job in the same transaction. Delivery happens in the job.
 * Throws EmailInputError, naming each bad field, when the address or the props are not valid.
 */
export async function sendEmail<Name extends EmailTemplateName>(input: SendEmailInput<Name>): Promise<{ emailId: string }> {
  const envelope = envelopeSchema.safeParse({ to: input.to, locale: input.locale, userId: input.userId });
  if (!envelope.success) throw new EmailInputError(`template "${input.template}"`, issuesOf(envelope.error));
  const rendered = await renderEmail(input.template, input.props, envelope.data.locale);

  const store = async (trx: Transaction<Database>) => {
    const row = await trx
      .insertInto("emails")
      .values({
        user_id: envelope.data.userId ?? null,
        template: input.template,
        locale: envelope.data.locale,
        to_address: envelope.data.to,
        from_address: getEnv().EMAIL_FROM,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        status: "queued",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueue(sendEmailJob, { emailId: row.id }, { trx });
    return row.id;
  };

  // On PGlite the transaction is the only session: everything inside must go through `trx`.
  const emailId = input.trx ? await store(input.trx) : await getDb().transaction().execute(store);
  return { emailId };
}
