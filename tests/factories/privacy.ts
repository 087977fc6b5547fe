import { magicLinkJob } from "~/modules/auth/magic-link-job.server";
import { recordAudit } from "~/modules/auth/audit.server";
import { issueOneTimeToken } from "~/modules/auth/one-time-tokens.server";
import { recordConsent } from "~/modules/alumni/consents.server";
import { enqueue } from "~/modules/jobs/boss.server";
import { suppressAddress } from "~/modules/newsletter/suppressions.server";
import type { FeedItem } from "../../db/schema";
import { testDb } from "../support/database";
import { makeClicks, makeShare } from "./advocacy";
import { createAlumniProfile } from "./alumni";
import { createInvitation, createResponse } from "./exit";
import { makeDeparture } from "./offboarding";
import { makeFeedItem } from "./feeds";
import { makeIssueInDelivery } from "./newsletter-delivery";
import { answerPulse, makePulse } from "./scoring";
import { unique } from "./sequence";
import { createSurvey } from "./surveys";
import { createUser, signIn } from "./users";

/**
 * A person with data in every place the registry knows (docs/decisions/030), for the erasure tests:
 * a departure with tasks, a confidential exit response and an unfinished draft, an alumni profile
 * with consents and a confirmation, newsletter and pulse rows, shares and clicks, stored emails (to
 * them, and to HR naming them), a CSV import and a rejected row, a sign-in link queued in pg-boss,
 * audit entries, a suppression, a session and a token. The name and the addresses have a fixed
 * length, so that no person's name or address contains another's. Needs useJobQueue().
 */
export interface RichPersonContext {
  issueId: string;
  pulse: Awaited<ReturnType<typeof makePulse>>;
  item: FeedItem;
  hrUserId: string;
  surveyId: string;
  surveyVersionId: string;
}

export interface RichPerson {
  userId: string;
  name: string;
  workEmail: string;
  personalEmail: string;
  /** The address of a pending change (not confirmed): erased like the others. */
  newEmail: string;
  departureId: string;
}

let recipientNo = 0;

export async function makeRichPerson(context: RichPersonContext, options: { enps?: number } = {}): Promise<RichPerson> {
  const db = testDb();
  const tag = String(unique()).padStart(6, "0");
  const name = `Orla Vance${tag}x`;
  const workEmail = `orla.v${tag}x@acme.example`;
  const personalEmail = `Orla.Home${tag}x@home.example`;
  const newEmail = `orla.new${tag}x@new.example`;
  const { departure } = await makeDeparture(
    { employeeEmail: workEmail, employeeName: name, personalEmail, managerEmail: `boss${tag}x@acme.example`, jobTitle: "Engineer", externalId: `HR-${tag}` },
  );
  const userId = departure.leaver_user_id;
  await db.updateTable("departure_tasks").set({ completion_note: `Laptop returned by ${name}` }).where("departure_id", "=", departure.id).execute();

  const invitation =
    (await db.selectFrom("exit_invitations").select("id").where("departure_id", "=", departure.id).executeTakeFirst()) ??
    (await createInvitation(departure.id, context.surveyVersionId, { status: "finished" }));
  const enps = options.enps ?? 9;
  await createResponse({
    surveyId: context.surveyId,
    surveyVersionId: context.surveyVersionId,
    confidentiality: "confidential",
    invitationId: invitation.id,
    enps,
    answers: { enps, change: `More pay. ${name} (${personalEmail.toLowerCase()})` },
  });
  await db
    .insertInto("exit_response_drafts")
    .values({ invitation_id: invitation.id, answers: JSON.stringify({ change: `Draft by ${name}` }) })
    .onConflict((oc) => oc.column("invitation_id").doNothing())
    .execute();

  await db.updateTable("users").set({ role: "alumnus" }).where("id", "=", userId).execute();
  await createAlumniProfile(userId, { departureId: departure.id, personalEmail, status: "active", confirmedAt: new Date("2026-11-28T10:30:00Z") });
  // The profile's directory fields (issue 14) name the person too: her own consultancy, her town.
  await db
    .updateTable("alumni_profiles")
    .set({
      linkedin_url: `https://www.linkedin.com/in/orla-vance${tag}x`,
      current_company: `${name} Consulting`,
      current_title: "Principal engineer",
      location: "Lyon",
      directory_show_company: true,
      directory_show_linkedin: true,
      newsletter_frequency: "monthly",
    })
    .where("user_id", "=", userId)
    .execute();
  await db.insertInto("boomerang_interest").values({ user_id: userId, note: `${name} would come back as a lead (${personalEmail})` }).execute();
  for (const purpose of ["newsletter", "pulse", "share_feed", "directory", "openings"] as const) {
    await recordConsent(db, { userId, purpose, granted: true, source: "exit_flow", ip: "198.51.100.7", locale: "en" });
  }
  await db
    .insertInto("email_confirmations")
    .values({ token_hash: `hash-${tag}`, user_id: userId, email: personalEmail, expires_at: new Date("2027-01-01T00:00:00Z") })
    .execute();
  // A pending change of personal address (the preference centre): the new address is hers as well.
  await db
    .insertInto("email_confirmations")
    .values({ token_hash: `change-${tag}`, user_id: userId, email: newEmail, kind: "change", expires_at: new Date("2027-01-01T00:00:00Z") })
    .execute();

  recipientNo += 1;
  await db
    .insertInto("newsletter_recipients")
    .values({ issue_id: context.issueId, recipient_no: recipientNo, batch_no: 0, user_id: userId, email: personalEmail, locale: "en", status: "submitted", resend_id: `re_${tag}`, delivered_at: new Date(), clicked_at: new Date() })
    .execute();
  await answerPulse({ pulse: context.pulse, userId, enps: 7, comment: `Signed ${name}` });
  await db.insertInto("pulse_deliveries").values({ pulse_id: context.pulse.pulse.id, user_id: userId, email: personalEmail, locale: "en", status: "queued" }).execute();
  await db
    .insertInto("advocacy_scores")
    .values({ user_id: userId, score: 40, segment: "promoter", reason_code: "x", reason_values: JSON.stringify({ name }), inputs: "{}", computed_at: new Date() })
    .execute();

  const link = await makeShare({ userId, item: context.item });
  await makeClicks(link.id, [{ at: new Date("2026-12-02T10:00:00Z"), ip: `ip-${tag}` }, { at: new Date("2026-12-02T11:00:00Z") }]);

  const body = { from_address: "Alumni <alumni@acme.example>", locale: "en" as const, status: "captured" as const, transport: "outbox" as const };
  await db
    .insertInto("emails")
    .values({ ...body, user_id: userId, template: "magic-link", to_address: personalEmail, subject: `Hello ${name}`, html: `<p>Hello ${name}</p>`, text: `Hello ${name}` })
    .execute();
  await db
    .insertInto("emails")
    .values({ ...body, user_id: context.hrUserId, template: "task-digest", to_address: "hr@acme.example", subject: "Your tasks", html: `<li>Collect the badge of ${name}</li>`, text: `Collect the badge of ${name} <${workEmail}>` })
    .execute();

  const importRow = await db
    .insertInto("csv_imports")
    .values({ created_by: context.hrUserId, file_name: "leavers.csv", content: `email,name,last_day\r\n${workEmail},${name},2026-12-18\r\nkeep.me@acme.example,Keep Me,2026-12-19\r\n`, status: "completed" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("csv_import_rejections")
    .values({ import_id: importRow.id, row_number: 2, errors: JSON.stringify({ last_day: ["bad"] }), raw: JSON.stringify({ email: workEmail.toUpperCase(), name }) })
    .execute();

  await enqueue(magicLinkJob, { email: personalEmail, locale: "en", redirectTo: null });
  await recordAudit(db, { actorUserId: context.hrUserId, action: "test.noted", subjectType: "user", subjectId: userId, data: { note: `Called ${name}` } });
  await recordAudit(db, { actorUserId: userId, action: "auth.sign_in", data: { method: "magic_link" } });
  await suppressAddress(db, { email: personalEmail, reason: "unsubscribed", userId, detail: `Unsubscribed ${personalEmail}` });
  await signIn({ id: userId, role: "alumnus" });
  await issueOneTimeToken(db, { userId, purpose: "magic_link", redirectTo: null });
  return { userId, name, workEmail, personalEmail, newEmail, departureId: departure.id };
}

/** What the rich people share: a sent newsletter, an open confidential pulse, a feed item, an HR admin, an exit survey. */
export async function makeRichPersonContext(): Promise<RichPersonContext> {
  const { survey, version } = await createSurvey();
  const issue = await makeIssueInDelivery();
  const hr = await createUser({ role: "hr_admin" });
  return { issueId: issue.id, pulse: await makePulse("confidential"), item: await makeFeedItem({ status: "approved" }), hrUserId: hr.id, surveyId: survey.id, surveyVersionId: version.id };
}
