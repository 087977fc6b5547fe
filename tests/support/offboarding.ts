import { ensureOffboardingDefaults } from "~/modules/offboarding/defaults.server";
import { ensureSurveyDefaults } from "~/modules/surveys/defaults.server";
import { createDeparture, type CreateDepartureOptions } from "~/modules/offboarding/departures.server";
import { departureInputSchema } from "~/modules/offboarding/schemas";
import { translator } from "~/modules/i18n/translator";
import { testDb } from "./database";

let sequence = 0;

/** The defaults a new installation gets: root department, reasons, teams, checklist templates, the exit survey. */
export async function installOffboardingDefaults() {
  await ensureOffboardingDefaults(testDb(), "Acme Corp");
  await ensureSurveyDefaults(testDb(), "Acme Corp");
}

/** A departure through the real domain function (validated as the form and the API validate). */
export async function makeDeparture(overrides: Record<string, unknown> = {}, options: Partial<CreateDepartureOptions> = {}) {
  sequence += 1;
  const input = departureInputSchema(translator("en", "offboarding")).parse({
    employeeEmail: `leaver-${sequence}-${process.pid}@example.test`,
    employeeName: `Leaver ${sequence}`,
    departmentName: "Engineering",
    lastDay: "2026-12-18",
    noticeDate: "2026-12-01",
    ...overrides,
  });
  return createDeparture(input, { actorUserId: null, source: "web", today: "2026-11-27", ...options });
}

export async function teamId(name: string): Promise<string> {
  return (await testDb().selectFrom("teams").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
}
