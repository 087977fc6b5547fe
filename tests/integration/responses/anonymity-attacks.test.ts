import { loader as departureLoader } from "~/routes/admin.departures.$departureId/route";
import { loader as responsesLoader } from "~/routes/admin.responses._index";
import { startOfDayIn } from "~/modules/exit/invitation-dates";
import { useTestDatabase } from "../../support/database";
import { buildRequest, callLoader } from "../../support/remix";
import { answerAllButLast, DEFAULT_ANSWERS, postPage, setUpFlow, useFlowClock } from "../exit/flow-support";
import { createAnonymousResponses, createDepartment, createSurvey, createUser, installDefaultsWithoutSurveys, makeLeaver, poolAnonymousResponses, releaseAnonymous, signIn } from "../../factories";

/**
 * The two attacks of the security review on anonymous results, replayed against HR's pages. Both
 * worked before anonymous responses were published in releases of whole blocks; both must fail now.
 */

useTestDatabase();
useFlowClock();

interface Result {
  surveyId: string;
  confidentiality: string;
  suppressed: boolean;
  responses?: number;
  distribution?: number[];
}

async function results(cookie: string, query = ""): Promise<Result[]> {
  const response = await callLoader(responsesLoader, buildRequest(`/admin/responses${query}`, { cookie }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { overview: { results: Result[] } }).overview.results.filter((result) => result.confidentiality === "anonymous");
}

describe("comparing HR's pages before and after one leaver answers", () => {
  it("shows no difference at the submit, nor at a release, until a whole new block of k is published", async () => {
    const { surveyId, versionId } = await setUpFlow({ confidentiality: "anonymous" });
    const hrCookie = await signIn(await createUser({ role: "hr_admin" }));
    await createAnonymousResponses({ surveyId, surveyVersionId: versionId, pooledOn: "2026-11-02" }, [9, 9, 7, 3, 10], "2026-11-10");
    const before = await results(hrCookie);
    expect(before).toMatchObject([{ surveyId, suppressed: false, responses: 5 }]);

    // The sixth leaver answers through the exit flow.
    const leaver = await makeLeaver();
    await answerAllButLast(leaver.cookie);
    expect((await postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "send")).headers.get("Location")).toBe("/exit/alumni");

    // Right after: the same page, to the figure.
    expect(await results(hrCookie)).toEqual(before);
    // The departure page says it was answered, and only on which day.
    const departure = await callLoader(departureLoader, buildRequest(`/admin/departures/${leaver.departureId}`, { cookie: hrCookie }), {
      departureId: leaver.departureId,
    });
    const { exitFlow } = (await departure.json()) as { exitFlow: { state: string; finishedAt: string; response: unknown } };
    expect(exitFlow).toMatchObject({ state: "finished", response: null });
    expect(exitFlow.finishedAt).toBe(startOfDayIn("2026-11-27", "UTC").toISOString());

    // Nightly releases come and go: one response is never enough for a block.
    for (const day of ["2026-11-28", "2026-12-01", "2026-12-15", "2027-01-20"]) {
      await releaseAnonymous(day);
      expect(await results(hrCookie)).toEqual(before);
    }

    // Four more: now a block of five is released, and the page grows by five at once.
    await poolAnonymousResponses({ surveyId, surveyVersionId: versionId, pooledOn: "2027-01-21" }, [0, 0, 5, 9]);
    await releaseAnonymous("2027-02-01");
    const after = await results(hrCookie);
    expect(after[0]!.responses! - before[0]!.responses!).toBe(5);
  });
});

describe("subtracting department figures from the total", () => {
  it("no longer yields a small department's withheld answers (all − Engineering − Sales ≠ Marketing)", async () => {
    await installDefaultsWithoutSurveys();
    const hrCookie = await signIn(await createUser({ role: "hr_admin" }));
    const engineering = await createDepartment("Engineering");
    const sales = await createDepartment("Sales");
    const marketing = await createDepartment("Marketing");
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    const base = { surveyId: survey.id, surveyVersionId: version.id };
    await poolAnonymousResponses({ ...base, departmentId: engineering.id }, [9, 9, 9, 9, 8, 8, 7, 7]);
    await poolAnonymousResponses({ ...base, departmentId: sales.id }, [6, 6, 6, 5, 5, 4]);
    // Marketing's two: the answers the attack recovered.
    await poolAnonymousResponses({ ...base, departmentId: marketing.id }, [3, 10]);
    await releaseAnonymous();

    // Every view HR can ask for: all departments and each one (the company root included).
    const departments = [undefined, engineering.id, sales.id, marketing.id, engineering.parent_id!];
    const views: number[][] = [];
    for (const department of departments) {
      const [result] = await results(hrCookie, department ? `?department=${department}` : "");
      if (result && !result.suppressed) views.push(result.distribution!);
    }
    // Marketing is never shown on its own, and Sales, now grouped with it, neither.
    const shownCounts = views.map((distribution) => distribution.reduce((sum, count) => sum + count, 0));
    expect(shownCounts).not.toContain(2);

    // Every sum and difference of the views (each taken −1, 0 or +1 times): none isolates 1 to 4 answers.
    const combinations = 3 ** views.length;
    for (let code = 0; code < combinations; code += 1) {
      const combined = Array(11).fill(0) as number[];
      let rest = code;
      for (const view of views) {
        const coefficient = (rest % 3) - 1;
        rest = Math.floor(rest / 3);
        view.forEach((count, score) => (combined[score]! += coefficient * count));
      }
      if (combined.some((count) => count < 0)) continue;
      const total = combined.reduce((sum, count) => sum + count, 0);
      expect(total === 0 || total >= 5, `a combination isolates ${total} answers: ${combined.join(",")}`).toBe(true);
    }
  });
});
