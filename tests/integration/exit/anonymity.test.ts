import { sql } from "kysely";
import { vi } from "vitest";
import { startOfDayIn } from "~/modules/exit/invitation-dates";
import { logger } from "~/modules/platform/logger.server";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import { testDb, useTestDatabase } from "../../support/database";
import { answerAllButLast, DEFAULT_ANSWERS, postPage, setUpFlow, useFlowClock } from "./flow-support";
import { type LeaverSetup, makeLeaver, setAnonymitySettings } from "../../factories";
import { useJobQueue } from "../../support/job-queue";
import { DAY, linksIn, rowsOf, tablesMentioning, tablesWrittenBy, UUID, withoutXmin, type Row } from "../../support/anonymity-checks";

/**
 * The anonymity guarantee, proven on the database itself: once an anonymous submission is released
 * nothing joins the stored response to the person — no column, no shared id, no exact time, no log or job,
 * not even PostgreSQL's transaction stamp (xmin). The checks read every column and every table
 * generically, so a link added later (a new column, an audit entry, a job) makes this test fail.
 */

useTestDatabase();
useJobQueue();
useFlowClock();
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Everything about the person that would identify them if found in a response: every id (except
 * the shared survey, version and department the response is allowed to name), every exact time and
 * calendar day, and every address and name, taken generically from their user, departure,
 * invitation, session and link rows.
 */
async function personFacts(leaver: LeaverSetup, shared: ReadonlySet<string>): Promise<Set<string>> {
  const rows = [
    ...(await rowsOf("users", "id", leaver.user.id)),
    ...(await rowsOf("departures", "id", leaver.departureId)),
    ...(await rowsOf("exit_invitations", "id", leaver.invitationId)),
    ...(await rowsOf("sessions", "user_id", leaver.user.id)),
    ...(await rowsOf("exit_links", "invitation_id", leaver.invitationId)),
  ];
  const facts = new Set<string>();
  for (const row of rows) {
    for (const value of Object.values(row)) {
      if (value instanceof Date) {
        facts.add(value.toISOString());
        facts.add(String(value.getTime()));
      } else if (typeof value === "string" && (UUID.test(value) || DAY.test(value)) && !shared.has(value)) {
        facts.add(value);
      } else if (typeof value === "string" && value.includes("@")) {
        facts.add(value.toLowerCase());
      }
    }
  }
  for (const personal of [leaver.user.name, leaver.user.email.toLowerCase()]) facts.add(personal);
  return facts;
}

async function answerEverything(leaver: LeaverSetup) {
  await answerAllButLast(leaver.cookie);
  const sent = await postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "send");
  expect(sent.headers.get("Location")).toBe("/exit/alumni");
}

async function theResponse(): Promise<Row & { id: string; xmin: string }> {
  const { rows } = await sql<Row & { id: string; xmin: string }>`select *, xmin::text as xmin from survey_responses`.execute(testDb());
  expect(rows).toHaveLength(1);
  return rows[0]!;
}


/** k = 3 (the smallest allowed), so that three leavers make a release. */
async function smallestK() {
  await setAnonymitySettings({ minBlockSize: 3 });
}

describe("an anonymous exit survey response", () => {
  it("cannot be joined to the person once released: not by a column, an id, a time, a log, a job or a transaction", async () => {
    const { surveyId, versionId } = await setUpFlow({ confidentiality: "anonymous" });
    await smallestK();
    const leavers = [
      await makeLeaver({
        departure: { personalEmail: "sam.home@example.net", externalId: "HRIS-4711", managerEmail: "boss@example.test", jobTitle: "Analyst" },
      }),
      await makeLeaver(),
      await makeLeaver(),
    ];
    const logged: string[] = [];
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
      vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => void logged.push(JSON.stringify(args))) as never);
    }

    for (const leaver of leavers) await answerEverything(leaver);
    // Nothing is published at the moment of a submit: the answers wait in the pool.
    expect(await testDb().selectFrom("survey_responses").select("id").execute()).toEqual([]);
    expect(await testDb().selectFrom("anonymous_responses").select("id").execute()).toEqual([]);
    const pooled = await sql<Row & { xmin: string }>`select *, xmin::text as xmin from anonymous_pool`.execute(testDb());
    expect(pooled.rows).toHaveLength(3);

    for (const leaver of leavers) {
      const invitation = (await rowsOf("exit_invitations", "id", leaver.invitationId))[0]!;
      // The invitation records that it was answered, and when only to the day.
      expect(invitation.status).toBe("finished");
      expect(invitation.finished_at).toEqual(startOfDayIn("2026-11-27", "UTC"));
      // The pool entry's own transaction wrote nothing else that still lives (the invitation was rewritten).
      const invitationXmin = await sql<{ x: string }>`select xmin::text as x from exit_invitations where id = ${leaver.invitationId}`.execute(testDb());
      for (const row of pooled.rows) expect(invitationXmin.rows[0]!.x).not.toBe(row.xmin);
    }
    for (const row of pooled.rows) expect(await tablesWrittenBy(row.xmin, "public.anonymous_pool")).toEqual([]);

    const summary = await releaseAnonymousResponses(testDb(), { today: "2026-11-30", now: new Date("2026-11-30T01:40:00Z") });
    expect(summary).toMatchObject({ releases: 1, responses: 3 });
    expect(await testDb().selectFrom("anonymous_pool").select("id").execute()).toEqual([]);

    const { rows: released } = await sql<Row & { id: string; xmin: string }>`select *, xmin::text as xmin from anonymous_responses`.execute(testDb());
    expect(released).toHaveLength(3);
    for (const leaver of leavers) {
      const departure = (await rowsOf("departures", "id", leaver.departureId))[0]!;
      const facts = await personFacts(leaver, new Set([surveyId, versionId, departure.department_id as string]));
      expect(facts).toContain(leaver.invitationId);
      expect(facts).toContain(leaver.departureId);
      expect(facts).toContain(leaver.user.id);
      // No column, and nothing inside the answers, holds an id, a time, a day, an address or a name of theirs.
      for (const row of released) expect(linksIn(withoutXmin(row), facts)).toEqual([]);
    }
    // A released response keeps its block, its version and its answers: nothing to filter or join on.
    expect(Object.keys(withoutXmin(released[0]!)).sort()).toEqual(["answers", "block_id", "enps_score", "id", "survey_version_id"]);

    for (const row of released) {
      // The response's id appears nowhere else: audit log, emails, jobs, any table; nor in a log line.
      expect(await tablesMentioning(row.id, "public.anonymous_responses")).toEqual([]);
      expect(logged.filter((line) => line.includes(row.id))).toEqual([]);
      // The release's transaction wrote the release, its blocks and their figures (rollups and the
      // comments' scores, per block: docs/decisions/026), nothing about a person.
      // (Theme rows exist only when a comment names a theme, which depends on the scorer.)
      const written = await tablesWrittenBy(row.xmin, "public.anonymous_responses");
      expect(written).toContain("public.anonymous_block_enps");
      expect(written.filter((table) => !["public.anonymous_block_enps", "public.anonymous_block_themes", "public.anonymous_comment_scores"].includes(table))).toEqual([
        "public.anonymous_blocks",
        "public.anonymous_releases",
      ]);
    }
    expect((await testDb().selectFrom("audit_log").select("subject_id").where("action", "=", "exit.survey_finished").execute()).map((r) => r.subject_id).sort()).toEqual(
      leavers.map((leaver) => leaver.invitationId).sort(),
    );
  });
});

describe("the checks above are not blind", () => {
  it("find the links a confidential response is meant to have", async () => {
    await setUpFlow({ confidentiality: "confidential" });
    const leaver = await makeLeaver();
    await answerEverything(leaver);
    const response = await theResponse();
    const facts = await personFacts(leaver, new Set());
    const links = linksIn(withoutXmin(response), facts);
    expect(links).toContain(`invitation_id equals ${leaver.invitationId}`);
    expect(links.some((link) => link.startsWith("submitted_at holds an exact time"))).toBe(true);
  });

  it("find a response id copied into another table, and a row written by the response's transaction", async () => {
    await setUpFlow({ confidentiality: "confidential" });
    const leaver = await makeLeaver();
    await answerEverything(leaver);
    const response = await theResponse();
    await testDb().insertInto("audit_log").values({ actor_user_id: leaver.user.id, action: "test.leak", data: JSON.stringify({ response: response.id }) }).execute();
    // A confidential response's comments are scored under its id (docs/decisions/026), as intended.
    expect(await tablesMentioning(response.id, "public.survey_responses")).toEqual(["public.audit_log", "public.comment_scores"]);

    // A write in the same transaction as a response shares its xmin.
    const xmin = await testDb()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("exit_invitations").set({ updated_at: new Date() }).where("id", "=", leaver.invitationId).execute();
        await trx.updateTable("survey_responses").set({ locale: "fr" }).execute();
        return (await sql<{ x: string }>`select xmin::text as x from survey_responses`.execute(trx)).rows[0]!.x;
      });
    expect(await tablesWrittenBy(xmin, "public.survey_responses")).toEqual(["public.exit_invitations"]);
  });
});
