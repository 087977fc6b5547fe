import pg from "pg";
import { submitExitResponse, type SubmitResult } from "~/modules/exit/submit.server";
import { testDatabaseHandle, testDb, useTestDatabase } from "../../support/database";
import { answerAllButLast, DEFAULT_ANSWERS, postPage, setUpFlow, useFlowClock } from "./flow-support";
import { type LeaverSetup, makeLeaver } from "../../factories";

useTestDatabase();
useFlowClock();

/** A leaver with every page saved, one click away from sending. */
async function readyToSend(): Promise<LeaverSetup> {
  await setUpFlow();
  const leaver = await makeLeaver();
  await answerAllButLast(leaver.cookie);
  // "Next" on the last page saves it and shows it again with the send button.
  const last = await postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "next");
  expect(last.headers.get("Location")).toBe("/exit/survey/4?review=1");
  return leaver;
}

function submit(leaver: LeaverSetup) {
  return submitExitResponse(testDb(), { invitationId: leaver.invitationId, userId: leaver.user.id, locale: "en" });
}

async function expectExactlyOne(results: SubmitResult[], leaver: LeaverSetup) {
  expect(results.filter((r) => r.outcome === "submitted")).toHaveLength(1);
  expect(results.filter((r) => r.outcome !== "submitted").map((r) => r.outcome)).toEqual(
    Array(results.length - 1).fill("already_submitted"),
  );
  expect(await testDb().selectFrom("survey_responses").select("id").execute()).toHaveLength(1);
  expect(await testDb().selectFrom("audit_log").select("id").where("action", "=", "exit.survey_finished").execute()).toHaveLength(1);
  const invitation = await testDb().selectFrom("exit_invitations").select("status").where("id", "=", leaver.invitationId).executeTakeFirstOrThrow();
  expect(invitation.status).toBe("finished");
  expect(await testDb().selectFrom("exit_response_drafts").select("invitation_id").execute()).toEqual([]);
}

/** Sessions of this test database waiting for a lock, seen from a connection outside the pool. */
async function waitForLockWaiters(count: number) {
  const client = new pg.Client({ connectionString: testDatabaseHandle().connectionString });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const { rows } = await client.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      if (Number(rows[0]!.n) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`fewer than ${count} submits ever waited for the invitation's lock`);
  } finally {
    await client.end();
  }
}

describe("one response per invitation, however many submits", () => {
  it.each([2, 10])("stores exactly one response when %i submits race", async (count) => {
    const leaver = await readyToSend();
    const results = await Promise.all(Array.from({ length: count }, () => submit(leaver)));
    await expectExactlyOne(results, leaver);
  });

  it("stores one response when two tabs send the last page at the same moment, and both move on, the second told so", async () => {
    const leaver = await readyToSend();
    const responses = await Promise.all([1, 2].map(() => postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "send")));
    expect(responses.map((r) => r.status)).toEqual([302, 302]);
    expect(responses.map((r) => r.headers.get("Location")).sort()).toEqual(["/exit/alumni", "/exit/alumni?notice=alreadySent"]);
    expect(await testDb().selectFrom("survey_responses").select("id").execute()).toHaveLength(1);
  });

  it("lets submits that queue on the invitation's lock all find it finished (PostgreSQL: they really wait together)", async () => {
    const leaver = await readyToSend();
    if (testDatabaseHandle().kind !== "pg") {
      // PGlite is one session: transactions run one after the other, which the race above covers.
      await expectExactlyOne(await Promise.all([submit(leaver), submit(leaver), submit(leaver), submit(leaver)]), leaver);
      return;
    }
    // Hold the invitation's row lock while four submits (the rest of the pool) start, so that they are
    // all inside their transactions, waiting at SELECT … FOR UPDATE, when it is released.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = testDb()
      .transaction()
      .execute(async (trx) => {
        await trx.selectFrom("exit_invitations").select("id").where("id", "=", leaver.invitationId).forUpdate().execute();
        locked();
        await released;
      });
    await lockTaken;
    const submits = Array.from({ length: 4 }, () => submit(leaver));
    try {
      await waitForLockWaiters(4);
    } finally {
      release();
      await holder;
    }
    await expectExactlyOne(await Promise.all(submits), leaver);
  });
});
