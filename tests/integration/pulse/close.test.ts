import { sql } from "kysely";
import { vi } from "vitest";
import { closeDuePulses, closePulse } from "~/modules/pulse/close.server";
import { pulseAnswerToken } from "~/modules/pulse/pulse-links.server";
import { cancelPulse } from "~/modules/pulse/pulses.server";
import { logger } from "~/modules/platform/logger.server";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import { addCalendarDays } from "~/utils/calendar-days";
import { action } from "~/routes/pulse.$token";
import { DAY, linksIn, rowsOf, tablesMentioning, tablesWrittenBy, UUID, withoutXmin, type Row } from "../../support/anonymity-checks";
import { testDb, useTestDatabase } from "../../support/database";
import { daysFromToday } from "../../support/dates";
import { buildRequest, callAction } from "../../support/remix";
import { createDepartment, installOffboardingDefaults, makeAlumnus, makeBareDeparture, makePulse, setAnonymitySettings } from "../../factories";

useTestDatabase();
afterEach(() => {
  vi.restoreAllMocks();
});

const answer = (token: string, form: Record<string, string>) => callAction(action, buildRequest(`/pulse/${token}`, { method: "POST", form }), { token });

/** Every id, time, day and address of the person's rows (user, profile, departure, deliveries, consents, sessions). */
async function personFacts(userId: string, shared: ReadonlySet<string>): Promise<Set<string>> {
  const profile = (await rowsOf("alumni_profiles", "user_id", userId))[0]!;
  const rows = [
    ...(await rowsOf("users", "id", userId)),
    profile,
    ...(profile.departure_id ? await rowsOf("departures", "id", profile.departure_id as string) : []),
    ...(await rowsOf("pulse_deliveries", "user_id", userId)),
    ...(await rowsOf("consent_events", "user_id", userId)),
    ...(await rowsOf("sessions", "user_id", userId)),
  ];
  const facts = new Set<string>();
  for (const row of rows) {
    for (const value of Object.values(row)) {
      if (value instanceof Date) {
        facts.add(value.toISOString());
        facts.add(String(value.getTime()));
      } else if (typeof value === "string" && (UUID.test(value) || DAY.test(value)) && !shared.has(value)) facts.add(value);
      else if (typeof value === "string" && value.includes("@")) facts.add(value.toLowerCase());
    }
  }
  const user = (await rowsOf("users", "id", userId))[0]!;
  facts.add(String(user.name));
  return facts;
}

describe("closing an anonymous pulse", () => {
  it("moves every answer into the pool and deletes the answer rows: nothing then joins a released answer to the person", async () => {
    await installOffboardingDefaults();
    await setAnonymitySettings({ minBlockSize: 3 });
    const department = await createDepartment("Customer care");
    const { pulse, survey, version } = await makePulse({ confidentiality: "anonymous", closesOn: daysFromToday(3) });
    const alumni: { alumnus: Awaited<ReturnType<typeof makeAlumnus>>; departure: Awaited<ReturnType<typeof makeBareDeparture>> }[] = [];
    for (let i = 0; i < 3; i += 1) {
      const departure = await makeBareDeparture({ departmentId: department.id });
      const alumnus = await makeAlumnus({ consents: ["pulse"], name: `Pat Example ${i}` });
      await testDb().updateTable("alumni_profiles").set({ departure_id: departure.id }).where("user_id", "=", alumnus.id).execute();
      alumni.push({ alumnus, departure });
    }
    const logged: string[] = [];
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
      vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => void logged.push(JSON.stringify(args))) as never);
    }
    const scores = [2, 9, 10];
    for (const [i, { alumnus }] of alumni.entries()) {
      const token = pulseAnswerToken({ pulseId: pulse.id, userId: alumnus.id });
      if (i === 0) await answer(token, { score: "7", comment: "First thought" });
      expect((await answer(token, { score: String(scores[i]), comment: `Comment ${i}` })).status).toBe(200);
    }

    // HR closes it today, before its last day: the pool entries carry today, not the planned last day.
    const today = daysFromToday(0);
    expect(await closePulse(testDb(), pulse.id, { actorUserId: null, today })).toBe("closed");
    expect(await testDb().selectFrom("pulse_answers").select("user_id").execute()).toEqual([]);
    const closed = await testDb().selectFrom("pulses").select(["status", "answers_at_close"]).where("id", "=", pulse.id).executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: "closed", answers_at_close: 3 });

    const { rows: pooled } = await sql<Row & { xmin: string }>`select *, xmin::text as xmin from anonymous_pool order by enps_score`.execute(testDb());
    expect(pooled.map((row) => withoutXmin({ ...row, id: "-" }))).toEqual(
      scores.map((score, i) => ({ id: "-", survey_id: survey.id, survey_version_id: version.id, department_id: department.id, departure_type: alumni[i]!.departure.type, pooled_on: today, enps_score: score, answers: { enps: score, comment: `Comment ${i}` } })),
    );
    // The close's transaction left no live row outside the pool (the pulse row was rewritten after it).
    for (const row of pooled) expect(await tablesWrittenBy(row.xmin, "public.anonymous_pool")).toEqual([]);
    // Nothing is taken once closed.
    const late = await answer(pulseAnswerToken({ pulseId: pulse.id, userId: alumni[0]!.alumnus.id }), { score: "0" });
    expect(late.status).toBe(409);
    expect(await testDb().selectFrom("anonymous_pool").select("id").execute()).toHaveLength(3);

    const summary = await releaseAnonymousResponses(testDb(), { today: addCalendarDays(today, 3), now: new Date() });
    expect(summary).toMatchObject({ releases: 1, responses: 3 });
    const { rows: released } = await sql<Row & { id: string; xmin: string }>`select *, xmin::text as xmin from anonymous_responses`.execute(testDb());
    expect(released).toHaveLength(3);
    for (const { alumnus, departure } of alumni) {
      const facts = await personFacts(alumnus.id, new Set([survey.id, version.id, department.id, pulse.id, departure.type]));
      expect(facts).toContain(alumnus.id);
      for (const row of released) expect(linksIn(withoutXmin(row), facts)).toEqual([]);
    }
    for (const row of released) {
      expect(await tablesMentioning(row.id, "public.anonymous_responses")).toEqual([]);
      expect(logged.filter((line) => line.includes(row.id))).toEqual([]);
      // The release writes the blocks, the release and the blocks' own figures (docs/decisions/026), nothing else.
      const written = await tablesWrittenBy(row.xmin, "public.anonymous_responses");
      expect(written.filter((table) => !["public.anonymous_block_enps", "public.anonymous_block_themes", "public.anonymous_comment_scores"].includes(table))).toEqual([
        "public.anonymous_blocks",
        "public.anonymous_releases",
      ]);
    }
    // No answer of the pulse survives anywhere with a person on it: no answer row, no survey response.
    expect(await testDb().selectFrom("survey_responses").select("id").execute()).toEqual([]);
  });
});

describe("closing a pulse", () => {
  it("keeps a confidential pulse's answers and survey responses, and refuses answers afterwards", async () => {
    const { pulse } = await makePulse();
    const alumnus = await makeAlumnus({ consents: ["pulse"] });
    const token = pulseAnswerToken({ pulseId: pulse.id, userId: alumnus.id });
    await answer(token, { score: "6" });
    expect(await closePulse(testDb(), pulse.id, { actorUserId: null, today: daysFromToday(0) })).toBe("closed");
    expect(await closePulse(testDb(), pulse.id, { actorUserId: null, today: daysFromToday(0) })).toBe("alreadyClosed");
    expect(await testDb().selectFrom("pulse_answers").select("enps_score").execute()).toEqual([{ enps_score: 6 }]);
    expect((await answer(token, { score: "10" })).status).toBe(409);
    expect(await testDb().selectFrom("survey_responses").select("enps_score").execute()).toEqual([{ enps_score: 6 }]);
    expect(await testDb().selectFrom("audit_log").select("action").where("action", "=", "pulse.close").execute()).toHaveLength(1);
  });

  it("is done by the job only after the last day, on the company's calendar", async () => {
    const endsToday = await makePulse({ closesOn: daysFromToday(0) });
    const endedYesterday = await makePulse({ closesOn: daysFromToday(-1) });
    expect(await closeDuePulses(testDb(), { today: daysFromToday(0) })).toBe(1);
    const statuses = await testDb().selectFrom("pulses").select(["id", "status"]).execute();
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({ [endsToday.pulse.id]: "open", [endedYesterday.pulse.id]: "closed" });
  });

  it("cannot be done to a scheduled pulse (HR cancels it instead), and a sent pulse cannot be cancelled", async () => {
    const scheduled = await makePulse({ status: "scheduled", sendAt: new Date(Date.now() + 3_600_000) });
    await expect(closePulse(testDb(), scheduled.pulse.id, { actorUserId: null, today: daysFromToday(0) })).rejects.toMatchObject({ code: "pulse.wrongState" });
    await cancelPulse(testDb(), scheduled.pulse.id, null);
    expect((await testDb().selectFrom("pulses").select("status").where("id", "=", scheduled.pulse.id).executeTakeFirstOrThrow()).status).toBe("cancelled");
    const open = await makePulse();
    await expect(cancelPulse(testDb(), open.pulse.id, null)).rejects.toMatchObject({ code: "pulse.wrongState" });
  });
});
