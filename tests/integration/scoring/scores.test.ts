import { sql } from "kysely";
import { findDueUserIds, recomputeDueScores } from "~/modules/scoring/recompute.server";
import { runScoringTick } from "~/modules/scoring/scoring-job.server";
import { createAnonymousResponses, installDefaultsWithoutSurveys, makeFeedItem, makeShare, makeClicks } from "../../factories";
import { answerPulse, leaverWithExitAnswer, makeAlumnusOf, makePulse, scoreOf } from "../../factories/scoring";
import { createSurvey } from "../../factories/surveys";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

const TZ = "Europe/Paris";
const minutes = (n: number, from = new Date()) => new Date(from.getTime() + n * 60_000);

beforeEach(async () => {
  await installDefaultsWithoutSurveys();
});

describe("advocacy scores", () => {
  it("scores a leaver from their confidential exit answer and stores the reason as a code and values", async () => {
    const person = await leaverWithExitAnswer({ enps: 9 });
    await runScoringTick();
    const row = await scoreOf(person.userId);
    expect(row).toMatchObject({ score: 30, segment: "promoter", reason_code: "npsExit" });
    expect(row?.reason_values).toMatchObject({ nps: 9, shares: 0, days: 90 });
    expect(row?.inputs).toMatchObject({ nps: { score: 9, source: "exit" }, components: { nps: 30 } });
  });

  it("scores every leaver and alumnus, one with no signal as unknown", async () => {
    const quiet = await leaverWithExitAnswer({ enps: null });
    await runScoringTick();
    expect(await scoreOf(quiet.userId)).toMatchObject({ segment: "unknown", reason_code: "noSignals", score: 0 });
  });

  it("adds the comment's sentiment in the response's language and the person's shares and newsletter clicks", async () => {
    const person = await leaverWithExitAnswer({ enps: 8, comment: "Great team, I love the mentoring", locale: "en" });
    await makeAlumnusOf(person);
    const item = await makeFeedItem();
    for (const channel of ["linkedin", "x", "facebook"] as const) await makeShare({ userId: person.userId, item, channel });
    const newsletterLink = await testDb()
      .insertInto("tracked_links")
      .values({ code: "nl-link-0000001", target_url: "https://acme.example/news", channel: "newsletter", campaign: "newsletter", user_id: person.userId, subject_ref: "newsletter/x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await makeClicks(newsletterLink.id, [{ at: new Date(), ip: "a" }]);
    await runScoringTick();
    const row = await scoreOf(person.userId);
    expect(row?.inputs).toMatchObject({ sentiment: { comments: 1 }, engagement: { shares: 3, newsletterClicks: 1 } });
    expect((row?.inputs as { components: { sentiment: number } }).components.sentiment).toBeGreaterThan(0);
    expect(row?.reason_values).toMatchObject({ nps: 8, tone: "positive", shares: 3, newsletterClicks: 1 });
    expect(row?.segment).toBe("promoter");
  });

  it("never lets an anonymous pulse answer feed a score or make anyone due, unlike a confidential one", async () => {
    const now = new Date();
    const anonymous = await leaverWithExitAnswer({ enps: 9, submittedAt: minutes(-60, now) });
    const confidential = await leaverWithExitAnswer({ enps: 9, submittedAt: minutes(-60, now) });
    await recomputeDueScores(testDb(), { now, timeZone: TZ });

    const later = minutes(10, now);
    await answerPulse({ pulse: await makePulse("anonymous"), userId: anonymous.userId, enps: 0, comment: "toxic, awful place", at: later });
    await answerPulse({ pulse: await makePulse("confidential"), userId: confidential.userId, enps: 0, at: later });

    const settingsChangedAt = new Date(0);
    expect(await findDueUserIds(testDb(), minutes(20, now), 100, settingsChangedAt)).toEqual([confidential.userId]);
    await recomputeDueScores(testDb(), { now: minutes(20, now), timeZone: TZ });
    // The daily refresh reads everything again: still nothing of the anonymous answer.
    await recomputeDueScores(testDb(), { now: minutes(60 * 25, now), timeZone: TZ });
    expect(await scoreOf(anonymous.userId)).toMatchObject({ segment: "promoter", score: expect.any(Number), reason_code: "npsExit" });
    expect((await scoreOf(anonymous.userId))?.inputs).toMatchObject({ nps: { score: 9, source: "exit" }, sentiment: { comments: 0 } });
    expect(await scoreOf(confidential.userId)).toMatchObject({ segment: "detractor", reason_code: "npsPulse" });
  });

  it("cannot see an anonymous exit answer: a leaver who answered an anonymous survey stays unknown", async () => {
    const person = await leaverWithExitAnswer({ enps: null });
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    await createAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id }, [0, 0, 0, 0, 0, 10]);
    await runScoringTick();
    expect(await scoreOf(person.userId)).toMatchObject({ segment: "unknown" });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from advocacy_scores where segment <> 'unknown'`.execute(testDb());
    expect(rows[0]?.n).toBe(0);
  });

  it("recomputes only the people whose signals changed, then everyone once a day and after HR changes the formula", async () => {
    const now = new Date();
    const a = await leaverWithExitAnswer({ enps: 9, submittedAt: minutes(-60, now) });
    const b = await leaverWithExitAnswer({ enps: 5, submittedAt: minutes(-60, now) });
    expect(await recomputeDueScores(testDb(), { now, timeZone: TZ })).toBe(2);
    expect(await findDueUserIds(testDb(), minutes(5, now), 100, new Date(0))).toEqual([]);

    const item = await makeFeedItem();
    await makeShare({ userId: b.userId, item, at: minutes(1, now) });
    expect(await findDueUserIds(testDb(), minutes(5, now), 100, new Date(0))).toEqual([b.userId]);
    expect(await findDueUserIds(testDb(), minutes(5, now), 100, minutes(4, now))).toEqual(expect.arrayContaining([a.userId, b.userId]));
    expect(await findDueUserIds(testDb(), minutes(60 * 25, now), 100, new Date(0))).toEqual(expect.arrayContaining([a.userId, b.userId]));
  });
});
