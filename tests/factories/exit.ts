import type { Kysely } from "kysely";
import { addToAnonymousPool } from "~/modules/exit/anonymous-pool.server";
import { addResponseToMetrics } from "~/modules/metrics/response-metrics.server";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import type { AlumniDecision, Confidentiality, Database, DepartureType, ExitInvitationStatus, Locale } from "../../db/schema";
import { testDb } from "../support/database";

/*
 * The exit flow's rows: invitations, confidential responses, and anonymous ones, which only ever
 * reach the responses table through the pool and a release (as the submit and the nightly job do).
 */

export interface InvitationOverrides {
  status?: ExitInvitationStatus;
  sendOn?: string;
  expiresOn?: string;
  invitedAt?: Date | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  remindersSent?: number;
  lastRemindedAt?: Date | null;
  alumniDecision?: AlumniDecision | null;
  alumniDecidedAt?: Date | null;
}

/**
 * The departure's invitation, inserted directly: the exit domain only ever creates an invitation
 * "scheduled" or "invited" while recording a departure, and these tests need every later state.
 * The timestamps a status implies default to plausible values (invited → invited_at set, finished →
 * all three set).
 */
export async function createInvitation(departureId: string, surveyVersionId: string, overrides: InvitationOverrides = {}) {
  const status = overrides.status ?? "invited";
  const reached = (step: ExitInvitationStatus) => {
    const order: ExitInvitationStatus[] = ["scheduled", "invited", "started", "finished"];
    return order.indexOf(status) >= order.indexOf(step);
  };
  return testDb()
    .insertInto("exit_invitations")
    .values({
      departure_id: departureId,
      survey_version_id: surveyVersionId,
      status,
      send_on: overrides.sendOn ?? "2026-11-27",
      expires_on: overrides.expiresOn ?? "2027-01-17",
      invited_at: overrides.invitedAt !== undefined ? overrides.invitedAt : reached("invited") ? new Date("2026-11-27T09:00:00Z") : null,
      started_at: overrides.startedAt !== undefined ? overrides.startedAt : reached("started") ? new Date("2026-11-28T10:00:00Z") : null,
      finished_at: overrides.finishedAt !== undefined ? overrides.finishedAt : reached("finished") ? new Date("2026-11-28T10:20:00Z") : null,
      reminders_sent: overrides.remindersSent ?? 0,
      last_reminded_at: overrides.lastRemindedAt ?? null,
      alumni_decision: overrides.alumniDecision ?? null,
      alumni_decided_at: overrides.alumniDecidedAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ResponseValues {
  surveyId: string;
  surveyVersionId: string;
  confidentiality: Confidentiality;
  /** Confidential responses only. */
  invitationId?: string | null;
  submittedAt?: Date | null;
  periodMonth?: string;
  departmentId?: string | null;
  departureType?: DepartureType | null;
  locale?: Locale;
  enps?: number | null;
  answers?: Record<string, unknown>;
}

/**
 * A stored confidential response, inserted directly: the only domain path is the leaver's submit,
 * which needs a whole flow; the views under test only read the row. Anonymous responses are never written directly: they go through
 * the pool and a release (poolAnonymousResponses, createAnonymousResponses), as in the product.
 */
export async function createResponse(values: ResponseValues) {
  if (values.confidentiality !== "confidential") throw new Error("createResponse writes confidential responses; use createAnonymousResponses");
  // With its rollups, in one transaction, as the submit records it.
  return testDb()
    .transaction()
    .execute(async (trx) => {
      const row = await insertResponse(trx, values);
      await addResponseToMetrics(trx, row.id);
      return row;
    });
}

function insertResponse(db: Kysely<Database>, values: ResponseValues) {
  const enps = values.enps === undefined ? 8 : values.enps;
  return db
    .insertInto("survey_responses")
    .values({
      survey_id: values.surveyId,
      survey_version_id: values.surveyVersionId,
      confidentiality: "confidential",
      invitation_id: values.invitationId ?? null,
      submitted_at: values.submittedAt ?? new Date("2026-11-28T10:20:00Z"),
      period_month: values.periodMonth ?? "2026-11-01",
      department_id: values.departmentId ?? null,
      departure_type: values.departureType === undefined ? "voluntary" : values.departureType,
      locale: values.locale ?? "en",
      enps_score: enps,
      answers: JSON.stringify(values.answers ?? (enps === null ? {} : { enps })),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface AnonymousValues {
  surveyId: string;
  surveyVersionId: string;
  departmentId?: string | null;
  departureType?: DepartureType | null;
  /** The company day they were submitted (default 2026-11-02). */
  pooledOn?: string;
}

/** Anonymous submissions waiting in the pool, one per eNPS score given, as the submit stores them. */
export async function poolAnonymousResponses(values: AnonymousValues, scores: (number | null)[]) {
  await testDb()
    .transaction()
    .execute(async (trx) => {
      for (const enps of scores) {
        await addToAnonymousPool(trx, {
          surveyId: values.surveyId,
          surveyVersionId: values.surveyVersionId,
          departmentId: values.departmentId ?? null,
          departureType: values.departureType ?? "voluntary",
          today: values.pooledOn ?? "2026-11-02",
          enpsScore: enps,
          answers: enps === null ? {} : { enps },
        });
      }
    });
}

/**
 * Sets k and the release delay, inserted directly: updateAnonymitySettings needs an HR actor and
 * records an audit row, which a precondition should not add (every test starts from empty tables, i.e. the
 * defaults 5 and 3).
 */
export async function setAnonymitySettings(values: { minBlockSize?: number; releaseDelayDays?: number }) {
  const row = { min_block_size: values.minBlockSize ?? 5, release_delay_days: values.releaseDelayDays ?? 3 };
  await testDb()
    .insertInto("anonymity_settings")
    .values({ id: true, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}

/** Runs the release as the nightly job would on `today` (default: far enough after every test's pool). */
export function releaseAnonymous(today = "2026-11-30") {
  return releaseAnonymousResponses(testDb(), { today, now: new Date(`${today}T01:40:00Z`) });
}

/** Anonymous responses pooled and released at once (a release in the month of `today`). */
export async function createAnonymousResponses(values: AnonymousValues, scores: (number | null)[], today?: string) {
  await poolAnonymousResponses(values, scores);
  return releaseAnonymous(today);
}
