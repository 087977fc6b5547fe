import { recordConsent } from "~/modules/alumni/consents.server";
import { closePulse } from "~/modules/pulse/close.server";
import { recordPulseAnswer } from "~/modules/pulse/answer.server";
import { pulseAnswerToken } from "~/modules/pulse/pulse-links.server";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import { defaultPulseSurveyDefinition } from "~/modules/surveys/defaults.server";
import { addCalendarDays, type CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";

/**
 * Alumni pulses for the dashboard's "exit eNPS and alumni pulse eNPS side by side" (issue 13), after
 * the two years of exit answers (./seed-enps-demo.ts): two dozen of those leavers joined the alumni
 * network and agreed to pulse questions; an anonymous pulse sent four months ago is closed (its
 * answers went to the pool at the close and out in a release, in blocks of at least k), and the
 * confidential default pulse sent five days ago is open with its first answers.
 *
 * What is real: the consents (the ledger's own recordConsent), every answer (recordPulseAnswer with
 * the person's signed link, as the answer page's POST), the close (closePulse) and the release. What
 * is not: the alumni profiles are written directly (as the advocacy demo does: the exit flow's join
 * and confirmation are demoed by Sam), and the pulses are inserted as sent (the send needs the job
 * queue, which is not running while the demo is seeded; tests/factories/pulse.ts does the same).
 */

const ALUMNI = 24;

const PULSE_COMMENTS = {
  en: {
    high: ["Still recommend you to friends. The team was great.", "Glad to see the new career framework, it was overdue.", "Good memories, and the alumni newsletter is a nice touch."],
    mid: ["Fine overall, but I hear pay is still behind the market.", "Mixed feelings: great colleagues, too many reorganisations."],
    low: ["From what former colleagues tell me, the workload has not improved.", "I would not recommend it yet: management still does not listen."],
  },
  fr: {
    high: ["Je recommande toujours l'entreprise, l'équipe était formidable.", "Content de voir le nouveau plan de carrière, il était temps."],
    mid: ["Correct dans l'ensemble, mais les salaires restent en dessous du marché.", "Des collègues géniaux, mais trop de réorganisations."],
    low: ["D'après mes anciens collègues, la charge de travail est toujours aussi lourde.", "Je ne recommanderais pas encore : la direction n'écoute toujours pas."],
  },
} as const;

export async function seedPulseDemo(db: DB, options: { today: CalendarDay; companyName: string }) {
  const alumni = await joinAlumni(db);
  if (alumni.length === 0) return;
  const { today } = options;

  // Four months ago, anonymous, closed after two weeks.
  const closedSentOn = addCalendarDays(today, -120);
  const closedOn = addCalendarDays(closedSentOn, 14);
  const anonymous = await pulseSurvey(db, options.companyName);
  const closed = await insertSentPulse(db, anonymous, closedSentOn, closedOn, alumni.length);
  for (const [index, alumnus] of alumni.entries()) {
    if (index % 5 === 4) continue;
    const answeredOn = addCalendarDays(closedSentOn, 1 + (index % 10));
    await answer(db, closed, alumnus, { score: alumnus.score, today: answeredOn, index });
  }
  await closePulse(db, closed, { actorUserId: null, today: closedOn, now: new Date(`${closedOn}T22:00:00Z`) });
  const releaseDay = addCalendarDays(closedOn, 4);
  await releaseAnonymousResponses(db, { today: releaseDay, now: new Date(`${releaseDay}T01:40:00Z`) });

  // The default (confidential) pulse, sent five days ago, open for nine more.
  const confidential = await db.selectFrom("surveys").select(["id", "current_version_id"]).where("kind", "=", "pulse").where("confidentiality", "=", "confidential").executeTakeFirst();
  if (!confidential?.current_version_id) return;
  const open = await insertSentPulse(db, { surveyId: confidential.id, versionId: confidential.current_version_id }, addCalendarDays(today, -5), addCalendarDays(today, 9), alumni.length);
  for (const [index, alumnus] of alumni.entries()) {
    if (index % 2 === 1) continue;
    // Alumni think better of the company since the recovery: a point more than at their exit.
    await answer(db, open, alumnus, { score: Math.min(10, alumnus.score + 1), today: addCalendarDays(today, -(index % 5)), index });
  }
}

interface DemoAlumnus {
  userId: string;
  locale: "en" | "fr";
  /** Their exit score, which their pulse answers follow. */
  score: number;
}

/**
 * Two dozen of the history's leavers who said they would consider coming back: an alumni profile at a
 * personal address, an alumnus account (as the nightly transition leaves it) and their consents to the
 * newsletter and to pulse questions in the ledger.
 */
async function joinAlumni(db: DB): Promise<DemoAlumnus[]> {
  const leavers = await db
    .selectFrom("departures as d")
    .innerJoin("exit_invitations as i", "i.departure_id", "d.id")
    .innerJoin("survey_responses as r", "r.invitation_id", "i.id")
    .innerJoin("users as u", "u.id", "d.leaver_user_id")
    .select(["d.id as departure_id", "d.last_day", "u.id as user_id", "u.email", "u.locale", "r.enps_score"])
    .where("d.external_id", "like", "HR-2%")
    .where("d.status", "=", "completed")
    .orderBy("d.external_id")
    .execute();
  // Mostly people who left on good terms, some who did not: a pulse hears both.
  const chosen = leavers.filter((leaver, index) => (leaver.enps_score ?? 0) >= 7 || index % 4 === 0).slice(0, ALUMNI);
  const alumni: DemoAlumnus[] = [];
  await db.transaction().execute(async (trx) => {
    for (const leaver of chosen) {
      const personal = leaver.email.replace("@example.com", "@example.net");
      const joinedAt = new Date(`${leaver.last_day}T12:00:00Z`);
      await trx.updateTable("users").set({ role: "alumnus", email: personal }).where("id", "=", leaver.user_id).execute();
      await trx
        .insertInto("alumni_profiles")
        .values({ user_id: leaver.user_id, departure_id: leaver.departure_id, personal_email: personal, personal_email_confirmed_at: joinedAt, status: "active", joined_at: joinedAt, activated_at: joinedAt })
        .execute();
      const locale = leaver.locale === "fr" ? "fr" : "en";
      // Those who left as promoters also took share-feed invitations: the scoring job then sends them
      // the ambassador invitation, so the demo shows the routing at work.
      const purposes = (leaver.enps_score ?? 0) >= 9 ? (["newsletter", "pulse", "share_feed"] as const) : (["newsletter", "pulse"] as const);
      for (const purpose of purposes) {
        await recordConsent(trx, { userId: leaver.user_id, purpose, granted: true, source: "exit_flow", ip: null, locale });
      }
      alumni.push({ userId: leaver.user_id, locale, score: leaver.enps_score ?? 7 });
    }
  });
  return alumni;
}

/** An anonymous pulse survey of the default shape (eNPS and an optional comment), published. */
async function pulseSurvey(db: DB, companyName: string): Promise<{ surveyId: string; versionId: string }> {
  const definition = JSON.stringify(defaultPulseSurveyDefinition(companyName));
  const survey = await db
    .insertInto("surveys")
    .values({ kind: "pulse", name_en: "Alumni pulse (anonymous)", name_fr: "Question ponctuelle aux anciens (anonyme)", confidentiality: "anonymous", draft: definition, invite_days_before_last_day: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await db.insertInto("survey_versions").values({ survey_id: survey.id, version: 1, confidentiality: "anonymous", definition }).returning("id").executeTakeFirstOrThrow();
  await db.updateTable("surveys").set({ current_version_id: version.id }).where("id", "=", survey.id).execute();
  return { surveyId: survey.id, versionId: version.id };
}

/** A pulse as its send leaves it: open, sent to every alumnus who agreed to pulse questions. */
async function insertSentPulse(db: DB, survey: { surveyId: string; versionId: string }, sentOn: CalendarDay, closesOn: CalendarDay, recipients: number): Promise<string> {
  const pulse = await db
    .insertInto("pulses")
    .values({ survey_id: survey.surveyId, survey_version_id: survey.versionId, status: "open", send_at: new Date(`${sentOn}T09:00:00Z`), closes_on: closesOn, recipient_count: recipients })
    .returning("id")
    .executeTakeFirstOrThrow();
  return pulse.id;
}

async function answer(db: DB, pulseId: string, alumnus: DemoAlumnus, input: { score: number; today: CalendarDay; index: number }) {
  const band = input.score >= 9 ? "high" : input.score >= 7 ? "mid" : "low";
  const comments = PULSE_COMMENTS[alumnus.locale][band];
  // One in three leaves the comment empty.
  const comment = input.index % 3 === 2 ? "" : comments[input.index % comments.length]!;
  const outcome = await recordPulseAnswer(db, {
    token: pulseAnswerToken({ pulseId, userId: alumnus.userId }),
    score: input.score,
    comment,
    locale: alumnus.locale,
    today: input.today,
    now: new Date(`${input.today}T18:00:00Z`),
  });
  if (outcome.outcome !== "recorded") throw new Error(`A demo pulse answer was not recorded (${outcome.outcome})`);
}
