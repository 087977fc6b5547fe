import { testDb } from "../../support/database";

/** Reads for the alumni suites' assertions (the leavers come from tests/factories: makeAlumniLeaver). */

export async function emailsTo(address: string) {
  return testDb()
    .selectFrom("emails")
    .select(["template", "to_address", "text", "html", "locale"])
    .where("to_address", "=", address)
    .orderBy("created_at")
    .execute();
}

const CONFIRM_LINK = /http:\/\/localhost:3000\/confirm-email\/([a-z2-7]{32})/;

/** The token in the newest confirmation email sent to the address. */
export async function confirmationTokenFor(address: string): Promise<string> {
  const sent = (await emailsTo(address)).filter((e) => e.template === "alumni-confirm-email").at(-1);
  const token = sent?.text.match(CONFIRM_LINK)?.[1];
  if (!token) throw new Error(`no confirmation link was emailed to ${address}`);
  return token;
}

export async function consentRows(userId: string) {
  return testDb().selectFrom("consent_events").selectAll().where("user_id", "=", userId).orderBy("id").execute();
}

export async function invitationOf(invitationId: string) {
  return testDb().selectFrom("exit_invitations").selectAll().where("id", "=", invitationId).executeTakeFirstOrThrow();
}

export async function profileOf(userId: string) {
  return testDb().selectFrom("alumni_profiles").selectAll().where("user_id", "=", userId).executeTakeFirst();
}
