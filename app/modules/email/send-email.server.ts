import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { z } from "zod";
import { enqueue } from "~/modules/jobs/boss.server";
import type { Database } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { emailInputFailure } from "./errors";
import { storedCopiesKeepSecretLinks } from "./outbox-mode.server";
import { sealEmailContent } from "./sealed-content.server";
import { sendEmailJob } from "./send-email-job.server";
import { emailPreferencesUrl } from "./preference-links.server";
import { carriesPreferencesLink, renderEmailCopies, type EmailTemplateName, type EmailTemplateProps } from "./templates.server";

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

// Only which fields fail matters: emailInputFailure answers them as codes (email.badInput).
const envelopeSchema = z.object({
  to: z.email().max(320),
  locale: z.enum(["en", "fr"]),
  userId: z.uuid().nullish(),
});

/**
 * Queues one email: renders it now, stores it as `queued` and enqueues the `email.send` job (whose
 * payload is the email's id only) in the same transaction. Delivery happens in the job.
 *
 * Secrets exist in usable form only in the email that carries them: unless the outbox is the local
 * inbox (no RESEND_API_KEY, not production), the stored html and text are the copy with the
 * template's secret links replaced by a placeholder, and the deliverable body is kept sealed in
 * `sealed_content` until the provider takes it (see sealed-content.server.ts, docs/decisions/010).
 * Throws a DomainFailure (email.badInput), naming each bad field, when the address or the props are not valid.
 */
export async function sendEmail<Name extends EmailTemplateName>(input: SendEmailInput<Name>): Promise<{ emailId: string }> {
  const envelope = envelopeSchema.safeParse({ to: input.to, locale: input.locale, userId: input.userId });
  if (!envelope.success) throw emailInputFailure(input.template, envelope.error);
  // An email to an alumnus names them (every sender in app/ passes userId), so that its footer links
  // to their preferences (ADR 032); one that names nobody has no preferences to link to.
  const userId = envelope.data.userId ?? null;
  const copies = await renderEmailCopies(input.template, input.props, envelope.data.locale, {
    removeSecretLinks: !storedCopiesKeepSecretLinks(),
    preferencesUrl: carriesPreferencesLink(input.template) && userId ? emailPreferencesUrl(userId) : undefined,
  });
  // The id is chosen here because the sealed body is bound to it (and to the recipient).
  const id = randomUUID();
  const sealed = copies.linksRemoved ? sealEmailContent(copies.deliverable, { emailId: id, to: envelope.data.to }) : null;

  const store = async (trx: Transaction<Database>) => {
    await trx
      .insertInto("emails")
      .values({
        id,
        user_id: envelope.data.userId ?? null,
        template: input.template,
        locale: envelope.data.locale,
        to_address: envelope.data.to,
        from_address: getEnv().EMAIL_FROM,
        subject: copies.subject,
        html: copies.stored.html,
        text: copies.stored.text,
        links_removed: copies.linksRemoved,
        sealed_content: sealed,
        status: "queued",
      })
      .execute();
    await enqueue(sendEmailJob, { emailId: id }, { trx });
    return id;
  };

  // On PGlite the transaction is the only session: everything inside must go through `trx`.
  const emailId = input.trx ? await store(input.trx) : await getDb().transaction().execute(store);
  return { emailId };
}
