import { recordConsent } from "~/modules/alumni/consents.server";
import type { ConsentPurpose, Locale } from "../../db/schema";
import { testDb } from "../support/database";
import { createAlumniProfile } from "./alumni";
import { createInvitation, createResponse } from "./exit";
import { makeDeparture } from "./offboarding";
import { createSurvey } from "./surveys";

/*
 * The people the advocacy score reads: a leaver with a confidential exit response (the sample
 * survey's eNPS and its free-text question `change`), made an alumnus when asked, and pulse answers.
 */

export interface ScoredPerson {
  userId: string;
  departureId: string;
  invitationId: string;
}

export async function leaverWithExitAnswer(
  input: { enps: number | null; comment?: string; locale?: Locale; submittedAt?: Date; name?: string } = { enps: 8 },
): Promise<ScoredPerson> {
  const { departure } = await makeDeparture(input.name ? { employeeName: input.name } : {});
  const { survey, version } = await createSurvey();
  const invitation = await createInvitation(departure.id, version.id, { status: "finished" });
  await createResponse({
    surveyId: survey.id,
    surveyVersionId: version.id,
    confidentiality: "confidential",
    invitationId: invitation.id,
    enps: input.enps,
    locale: input.locale ?? "en",
    submittedAt: input.submittedAt ?? new Date(),
    answers: { ...(input.enps === null ? {} : { enps: input.enps }), ...(input.comment ? { change: input.comment } : {}) },
  });
  return { userId: departure.leaver_user_id, departureId: departure.id, invitationId: invitation.id };
}

/** The leaver as an active alumnus with a confirmed address, who granted `consents`. */
export async function makeAlumnusOf(person: ScoredPerson, consents: readonly ConsentPurpose[] = []): Promise<string> {
  const db = testDb();
  await db.updateTable("users").set({ role: "alumnus" }).where("id", "=", person.userId).execute();
  const profile = await createAlumniProfile(person.userId, {
    departureId: person.departureId,
    status: "active",
    confirmedAt: new Date("2026-11-28T10:30:00Z"),
    activatedAt: new Date("2026-11-30T00:00:00Z"),
  });
  for (const purpose of consents) await setConsent(person.userId, purpose, true);
  return profile.personal_email;
}

export async function setConsent(userId: string, purpose: ConsentPurpose, granted: boolean) {
  await recordConsent(testDb(), { userId, purpose, granted, source: "preferences", ip: null, locale: "en" });
}

/** An open pulse of a confidential or anonymous pulse survey. */
export async function makePulse(confidentiality: "confidential" | "anonymous" = "confidential") {
  const { survey, version } = await createSurvey({ kind: "pulse", confidentiality });
  const pulse = await testDb()
    .insertInto("pulses")
    .values({ survey_id: survey.id, survey_version_id: version.id, status: "open", send_at: new Date(), closes_on: "2027-12-31" })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { pulse, survey, version };
}

/**
 * A pulse answer as the pulse domain stores it: for a confidential pulse, also a survey response
 * (`response_id`); for an anonymous one, no response (response_id null) until the pulse closes.
 */
export async function answerPulse(input: {
  pulse: Awaited<ReturnType<typeof makePulse>>;
  userId: string;
  enps: number;
  comment?: string;
  at?: Date;
}) {
  const at = input.at ?? new Date();
  const confidential = input.pulse.survey.confidentiality === "confidential";
  const response = confidential
    ? await createResponse({
        surveyId: input.pulse.survey.id,
        surveyVersionId: input.pulse.version.id,
        confidentiality: "confidential",
        enps: input.enps,
        submittedAt: at,
        answers: { enps: input.enps },
      })
    : null;
  await testDb()
    .insertInto("pulse_answers")
    .values({
      pulse_id: input.pulse.pulse.id,
      user_id: input.userId,
      response_id: response?.id ?? null,
      enps_score: input.enps,
      comment: input.comment ?? "",
      locale: "en",
      answered_at: at,
      updated_at: at,
    })
    .execute();
}

export async function scoreOf(userId: string) {
  return testDb().selectFrom("advocacy_scores").selectAll().where("user_id", "=", userId).executeTakeFirst();
}
