import type { LocalizedText } from "~/modules/i18n/localized-text";
import { addResponseToMetrics, removeResponseFromMetrics } from "~/modules/metrics/response-metrics.server";
import type { Question } from "~/modules/surveys/definition";
import { getSurveyVersion } from "~/modules/surveys/surveys.server";
import { monthOf, type CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { Locale, PulseStatus } from "../../../db/schema";
import { readPulseAnswerToken, type PulseLinkSubject } from "./pulse-links.server";
import { commentLimit, pulseAnswers, pulseQuestions, type PulseQuestions } from "./pulse-survey";

/**
 * The answer page of a pulse (`/pulse/{token}`): the token is the capability, no session is needed.
 *
 * - `inspectPulseLink` (GET) reads and writes nothing: mail scanners and link previews open every
 *   link of a message, and must not answer for anyone.
 * - `recordPulseAnswer` (the page's POST) records one answer per pulse per person; a second one
 *   replaces the first until the pulse closes. Confidential pulse: the answer is a `survey_responses`
 *   row too (kept in the rollups through the metrics contract, in the same transaction). Anonymous
 *   pulse: only the `pulse_answers` row, which goes to the anonymous pool at the close (close.server.ts).
 *
 * A bad token is `unknown` (the page answers 404), a pulse that does not take answers says why. These
 * are what the page is about, not refusals to correct, so they are plain codes (ADR 013).
 */

/** Whether the pulse takes answers today, and if not, why. */
export type PulseWindow = "open" | "notYetOpen" | "closed" | "cancelled";

function windowOf(status: PulseStatus, closesOn: CalendarDay, today: CalendarDay): PulseWindow {
  if (status === "cancelled") return "cancelled";
  if (status === "scheduled") return "notYetOpen";
  if (status === "closed" || today > closesOn) return "closed";
  return "open";
}

export interface PulsePage {
  window: PulseWindow;
  anonymous: boolean;
  closesOn: CalendarDay;
  enps: Pick<Question, "prompt" | "help">;
  comment: { prompt: LocalizedText; help: LocalizedText | null; maxLength: number } | null;
  /** Whether this person has an answer that a new one would replace (never what it was: the link is all it takes). */
  answered: boolean;
  /** The person's language, for a page opened without a language chosen yet. */
  locale: Locale;
}

export type PulseLookup = { ok: true; page: PulsePage } | { ok: false; reason: "unknown" };

interface Loaded {
  subject: PulseLinkSubject;
  pulse: { status: PulseStatus; closes_on: CalendarDay; survey_id: string; survey_version_id: string };
  questions: PulseQuestions;
  anonymous: boolean;
}

async function load(db: DB, token: string, options: { lock: boolean }): Promise<Loaded | null> {
  const subject = readPulseAnswerToken(token);
  if (!subject) return null;
  let query = db.selectFrom("pulses").select(["status", "closes_on", "survey_id", "survey_version_id"]).where("id", "=", subject.pulseId);
  // The close takes this row FOR UPDATE: an answer either lands before it (and is moved) or sees it closed.
  if (options.lock) query = query.forShare();
  const pulse = await query.executeTakeFirst();
  if (!pulse) return null;
  const version = await getSurveyVersion(db, pulse.survey_version_id);
  const questions = version ? pulseQuestions(version.definition) : null;
  if (!version || !questions) return null;
  return { subject, pulse, questions, anonymous: version.confidentiality === "anonymous" };
}

/** What the answer page shows for a link; writes nothing. */
export async function inspectPulseLink(db: DB, token: string, today: CalendarDay): Promise<PulseLookup> {
  const loaded = await load(db, token, { lock: false });
  if (!loaded) return { ok: false, reason: "unknown" };
  const person = await db.selectFrom("users").select("locale").where("id", "=", loaded.subject.userId).executeTakeFirst();
  // An erased person (or an account that never existed here) has nothing to answer.
  if (!person) return { ok: false, reason: "unknown" };
  const existing = await db
    .selectFrom("pulse_answers")
    .select("user_id")
    .where("pulse_id", "=", loaded.subject.pulseId)
    .where("user_id", "=", loaded.subject.userId)
    .executeTakeFirst();
  const { questions } = loaded;
  return {
    ok: true,
    page: {
      window: windowOf(loaded.pulse.status, loaded.pulse.closes_on, today),
      anonymous: loaded.anonymous,
      closesOn: loaded.pulse.closes_on,
      enps: { prompt: questions.enps.prompt, help: questions.enps.help },
      comment: questions.comment ? { prompt: questions.comment.prompt, help: questions.comment.help, maxLength: commentLimit(questions) } : null,
      answered: existing !== undefined,
      locale: person.locale,
    },
  };
}

export interface AnswerInput {
  token: string;
  score: number;
  comment: string;
  /** The language the page was answered in, kept with the answer. */
  locale: Locale;
  today: CalendarDay;
  now?: Date;
}

export type AnswerOutcome =
  | { outcome: "recorded" | "replaced"; anonymous: boolean; closesOn: CalendarDay }
  | { outcome: "unknown" }
  | { outcome: "notYetOpen" | "closed" | "cancelled" };

/**
 * Records (or replaces) the person's answer, in one transaction under the pulse's share lock and the
 * person's row lock, so two posts of one person queue and the second replaces the first. The comment
 * is checked against the survey's own limit (`surveyAnswer.tooLong`, field `comment`).
 */
export async function recordPulseAnswer(db: DB, input: AnswerInput): Promise<AnswerOutcome> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx): Promise<AnswerOutcome> => {
    const loaded = await load(trx, input.token, { lock: true });
    if (!loaded) return { outcome: "unknown" };
    const person = await trx.selectFrom("users").select("id").where("id", "=", loaded.subject.userId).forUpdate().executeTakeFirst();
    if (!person) return { outcome: "unknown" };
    const window = windowOf(loaded.pulse.status, loaded.pulse.closes_on, input.today);
    if (window !== "open") return { outcome: window };

    const comment = loaded.questions.comment ? input.comment.trim() : "";
    const max = commentLimit(loaded.questions);
    if (comment.length > max) throw DomainFailure.invalid("comment", "surveyAnswer.tooLong", { max, count: comment.length });
    const { pulseId, userId } = loaded.subject;
    const existing = await trx
      .selectFrom("pulse_answers")
      .select(["response_id"])
      .where("pulse_id", "=", pulseId)
      .where("user_id", "=", userId)
      .executeTakeFirst();

    const responseId = loaded.anonymous ? null : await writeConfidentialResponse(trx, loaded, { ...input, comment, now }, existing?.response_id ?? null);
    if (existing) {
      await trx
        .updateTable("pulse_answers")
        .set({ enps_score: input.score, comment, locale: input.locale, response_id: responseId, updated_at: now })
        .where("pulse_id", "=", pulseId)
        .where("user_id", "=", userId)
        .execute();
    } else {
      await trx
        .insertInto("pulse_answers")
        .values({ pulse_id: pulseId, user_id: userId, response_id: responseId, enps_score: input.score, comment, locale: input.locale, answered_at: now, updated_at: now })
        .execute();
    }
    return { outcome: existing ? "replaced" : "recorded", anonymous: loaded.anonymous, closesOn: loaded.pulse.closes_on };
  });
}

/**
 * The confidential answer as a survey response: inserted the first time, replaced in place after
 * (taken out of the rollups first, put back after), so a person has one response per pulse. Its
 * department and departure type are those of the alumnus's departure.
 */
async function writeConfidentialResponse(
  trx: DB,
  loaded: Loaded,
  input: AnswerInput & { comment: string; now: Date },
  existingId: string | null,
): Promise<string> {
  const departure = await trx
    .selectFrom("alumni_profiles as ap")
    .innerJoin("departures as d", "d.id", "ap.departure_id")
    .select(["d.department_id", "d.type"])
    .where("ap.user_id", "=", loaded.subject.userId)
    .executeTakeFirst();
  const values = {
    submitted_at: input.now,
    period_month: monthOf(input.today),
    department_id: departure?.department_id ?? null,
    departure_type: departure?.type ?? null,
    locale: input.locale,
    enps_score: input.score,
    answers: JSON.stringify(pulseAnswers(loaded.questions, { score: input.score, comment: input.comment })),
  };
  if (existingId) {
    const still = await trx.selectFrom("survey_responses").select("id").where("id", "=", existingId).executeTakeFirst();
    if (still) {
      await removeResponseFromMetrics(trx, existingId);
      await trx.updateTable("survey_responses").set(values).where("id", "=", existingId).execute();
      await addResponseToMetrics(trx, existingId);
      return existingId;
    }
  }
  const inserted = await trx
    .insertInto("survey_responses")
    .values({
      survey_id: loaded.pulse.survey_id,
      survey_version_id: loaded.pulse.survey_version_id,
      confidentiality: "confidential",
      invitation_id: null,
      ...values,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await addResponseToMetrics(trx, inserted.id);
  return inserted.id;
}
