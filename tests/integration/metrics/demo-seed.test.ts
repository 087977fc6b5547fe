import { sql } from "kysely";
import { CHANGE_COMMENTS } from "../../../server/seed-enps-comments";
import { SMALL_DEPARTMENT } from "../../../server/seed-enps-demo";
import { seedDemoData } from "../../../server/seed";
import { addCalendarDays, monthOf, todayIn } from "~/utils/calendar-days";
import { installOffboardingDefaults } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

/** The first day of each of the last 24 months, oldest first. */
function lastTwentyFourMonths(today: string): string[] {
  const months = [monthOf(today)];
  while (months.length < 24) months.unshift(monthOf(addCalendarDays(months[0]!, -1)));
  return months;
}

const enpsOf = (scores: number[]) => (100 * (scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length)) / scores.length;

describe("the demo data's exit answers for the eNPS dashboard", () => {
  // Seeding takes seconds on a busy machine: each test proves several things of one seed.
  beforeEach(async () => {
    await installOffboardingDefaults();
    expect(await seedDemoData(testDb())).toBe(true);
  }, 120_000);

  it("spreads confidential answers over each of the last 24 months, in English and French, with scores that dip and recover, and fewer than 5 in the small department", async () => {
    const today = todayIn(process.env.COMPANY_TIME_ZONE || "UTC");
    // The history's departures (HR-2…), not the demo's current ones (HR-1…).
    const responses = await testDb()
      .selectFrom("survey_responses as r")
      .innerJoin("exit_invitations as i", "i.id", "r.invitation_id")
      .innerJoin("departures as d", "d.id", "i.departure_id")
      .select(["r.period_month", "r.locale", "r.enps_score", "r.answers", "r.departure_type", "r.submitted_at"])
      .where("r.confidentiality", "=", "confidential")
      .where("d.external_id", "like", "HR-2%")
      .execute();
    const months = [...new Set(responses.map((r) => r.period_month))].sort();
    expect(months).toEqual(lastTwentyFourMonths(today));
    expect(responses.every((r) => r.submitted_at! <= new Date())).toBe(true);

    // Both languages, in the response's locale and in its comments.
    const answers = responses.map((r) => ({ locale: r.locale, answers: (typeof r.answers === "string" ? JSON.parse(r.answers) : r.answers) as Record<string, unknown> }));
    const frenchComments = new Set(Object.values(CHANGE_COMMENTS.fr).flatMap((tones) => Object.values(tones).flat()));
    const englishComments = new Set(Object.values(CHANGE_COMMENTS.en).flatMap((tones) => Object.values(tones).flat()));
    const french = answers.filter((a) => a.locale === "fr" && typeof a.answers.change === "string");
    const english = answers.filter((a) => a.locale === "en" && typeof a.answers.change === "string");
    expect(french.length).toBeGreaterThan(20);
    expect(english.length).toBeGreaterThan(40);
    expect(french.every((a) => frenchComments.has(a.answers.change as string))).toBe(true);
    expect(english.every((a) => englishComments.has(a.answers.change as string))).toBe(true);
    expect(answers.some((a) => a.locale === "fr" && typeof a.answers.stay_factors === "string")).toBe(true);

    // Every departure type; every score band.
    expect(new Set(responses.map((r) => r.departure_type))).toEqual(new Set(["voluntary", "involuntary", "retirement", "end_of_contract", "other"]));
    const scores = responses.map((r) => r.enps_score!);
    expect(scores.some((s) => s <= 6) && scores.some((s) => s === 7 || s === 8) && scores.some((s) => s >= 9)).toBe(true);

    // A visible trend: the reorganisation's quarter is far below the last six months.
    const byMonth = (from: number, to: number) => {
      const wanted = new Set(lastTwentyFourMonths(today).slice(from, to));
      return responses.filter((r) => wanted.has(r.period_month)).map((r) => r.enps_score!);
    };
    expect(enpsOf(byMonth(18, 24)) - enpsOf(byMonth(8, 11))).toBeGreaterThan(40);

    // The small department stays below k; the others have enough for figures of their own.
    const counts = await testDb()
      .selectFrom("survey_responses as r")
      .innerJoin("departments as d", "d.id", "r.department_id")
      .select(["d.name", sql<number>`count(*)::int`.as("n")])
      .groupBy("d.name")
      .execute();
    const countOf = new Map(counts.map((row) => [row.name, row.n]));
    expect(countOf.get(SMALL_DEPARTMENT)).toBeGreaterThan(0);
    expect(countOf.get(SMALL_DEPARTMENT)).toBeLessThan(5);
    for (const name of ["Platform", "Mobile", "Sales", "Marketing", "Finance", "Customer Success"]) expect(countOf.get(name), name).toBeGreaterThanOrEqual(10);
  });

  it("records every answer through a departure, its invitation and the submit, and releases last year's anonymous answers from the pool in blocks of at least k", async () => {
    const rows = await testDb()
      .selectFrom("survey_responses as r")
      .innerJoin("exit_invitations as i", "i.id", "r.invitation_id")
      .innerJoin("departures as d", "d.id", "i.departure_id")
      .leftJoin("departure_reasons as reason", "reason.id", "d.reason_id")
      .select(["i.status", "d.department_id", "r.department_id as response_department", "d.regrettable", "reason.code", "d.status as departure_status"])
      .execute();
    const total = await testDb().selectFrom("survey_responses").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    expect(rows).toHaveLength(total.n);
    expect(rows.every((row) => row.status === "finished" && row.department_id === row.response_department)).toBe(true);
    expect(new Set(rows.map((row) => row.code)).size).toBeGreaterThanOrEqual(9);
    expect(new Set(rows.map((row) => row.regrettable))).toEqual(new Set([true, false]));
    const drafts = await testDb()
      .selectFrom("exit_response_drafts as r")
      .innerJoin("exit_invitations as i", "i.id", "r.invitation_id")
      .innerJoin("departures as d", "d.id", "i.departure_id")
      .select("d.external_id")
      .execute();
    expect(drafts.map((draft) => draft.external_id)).toEqual(["HR-1002"]);
    // The history is over: nothing left for the task owners but this month's last tasks.
    expect(rows.filter((row) => row.departure_status === "completed").length).toBeGreaterThan(total.n - 10);

    const blocks = await testDb().selectFrom("anonymous_blocks").select(["month", "response_count", "min_block_size"]).execute();
    expect(new Set(blocks.map((block) => block.month)).size).toBeGreaterThanOrEqual(10);
    expect(blocks.every((block) => block.response_count >= block.min_block_size)).toBe(true);
    const released = await testDb().selectFrom("anonymous_responses").select("answers").execute();
    expect(released.length).toBe(blocks.reduce((sum, block) => sum + block.response_count, 0));
    const changes = released.map((row) => ((typeof row.answers === "string" ? JSON.parse(row.answers) : row.answers) as { change?: string }).change);
    const frenchComments = new Set(Object.values(CHANGE_COMMENTS.fr).flatMap((tones) => Object.values(tones).flat()));
    expect(changes.some((change) => change && frenchComments.has(change))).toBe(true);
    expect(changes.some((change) => change && !frenchComments.has(change))).toBe(true);
  });
});
