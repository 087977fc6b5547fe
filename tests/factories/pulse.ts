import type { Confidentiality, PulseStatus } from "../../db/schema";
import { defaultPulseSurveyDefinition } from "~/modules/surveys/defaults.server";
import { testDb } from "../support/database";
import { daysFromToday } from "../support/dates";
import { createSurvey } from "./surveys";

/**
 * Alumni pulse test data. The survey goes through the surveys factory (a published pulse survey of the
 * default shape); the pulse row is inserted directly in the state the test needs, since reaching
 * "open" or "closed" through the jobs is what the send and close suites test.
 */

export interface PulseOverrides {
  confidentiality?: Confidentiality;
  status?: PulseStatus;
  sendAt?: Date;
  /** 14 days from the company's today by default (the answer page reads the real clock). */
  closesOn?: string;
}

export async function makePulse(overrides: PulseOverrides = {}) {
  const confidentiality = overrides.confidentiality ?? "confidential";
  const { survey, version } = await createSurvey({ kind: "pulse", confidentiality, definition: defaultPulseSurveyDefinition("Acme Corp"), name: "Alumni pulse" });
  const pulse = await testDb()
    .insertInto("pulses")
    .values({
      survey_id: survey.id,
      survey_version_id: version.id,
      status: overrides.status ?? "open",
      send_at: overrides.sendAt ?? new Date(Date.now() - 60 * 60 * 1000),
      closes_on: overrides.closesOn ?? daysFromToday(14),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { pulse, survey, version };
}
