import enAlumni from "~/locales/en/alumni.json";
import frAlumni from "~/locales/fr/alumni.json";
import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { answerAllButLast, DEFAULT_ANSWERS, openPage, postPage, setUpFlow, useFlowClock } from "./flow-support";
import { makeLeaver } from "../../factories";

/**
 * Two tabs of the same exit survey: the first one sent is the response kept; the other tab, sending
 * its own answers afterwards, lands on the next step with word that its answers were not kept.
 */

useTestDatabase();
useFlowClock();
const app = useHttpApp();

const ALREADY_SENT = "/exit/alumni?notice=alreadySent";
const LAST_PAGE = { ...DEFAULT_ANSWERS[3]!, q_change: "Written in the first tab." };
const OTHER_TAB = { ...DEFAULT_ANSWERS[3]!, q_change: "Written in the second tab." };

/** A leaver who answered every page but the last, in two tabs sharing one session. */
async function leaverWithTwoTabs(locale: "en" | "fr" = "en") {
  await setUpFlow();
  const leaver = await makeLeaver({ locale });
  await answerAllButLast(leaver.cookie);
  return leaver;
}

async function storedChangeAnswers() {
  const rows = await testDb().selectFrom("survey_responses").select("answers").execute();
  return rows.map((row) => (row.answers as Record<string, unknown>).change);
}

async function pageText(path: string, cookie: string) {
  const response = await fetch(`${app.base}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  expect(response.status).toBe(200);
  return (await response.text()).replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");
}

describe("a second tab sending the exit survey", () => {
  it.each([
    ["en", enAlumni],
    ["fr", frAlumni],
  ] as const)("lands on the alumni step told that its answers were not kept, in the leaver's language (%s)", async (locale, shown) => {
    const leaver = await leaverWithTwoTabs(locale);

    const first = await postPage(leaver.cookie, 4, LAST_PAGE, "send");
    expect(first.headers.get("Location")).toBe("/exit/alumni");
    const second = await postPage(leaver.cookie, 4, OTHER_TAB, "send");

    expect(second.status).toBe(302);
    expect(second.headers.get("Location")).toBe(ALREADY_SENT);
    expect(await storedChangeAnswers()).toEqual(["Written in the first tab."]);
    const html = await pageText(ALREADY_SENT, leaver.cookie);
    expect(html).toContain(shown.step.alreadySentTitle);
    expect(html).toContain(shown.step.alreadySent);
    // The first tab's page, and any later visit, say nothing of it.
    expect(await pageText("/exit/alumni", leaver.cookie)).not.toContain(shown.step.alreadySentTitle);
  });

  it("tells a tab that only moved between pages of the sent survey too (Next, Back), but not one that merely opens a page", async () => {
    const leaver = await leaverWithTwoTabs();
    await postPage(leaver.cookie, 4, LAST_PAGE, "send");

    for (const intent of ["next", "back"] as const) {
      const moved = await postPage(leaver.cookie, 3, DEFAULT_ANSWERS[2]!, intent);
      expect(moved.headers.get("Location")).toBe(ALREADY_SENT);
    }
    const opened = await openPage(leaver.cookie, 3);
    expect(opened.headers.get("Location")).toBe("/exit/alumni");
  });

  it("lands on the thanks page with the notice once the alumni choice is made", async () => {
    const leaver = await leaverWithTwoTabs();
    await postPage(leaver.cookie, 4, LAST_PAGE, "send");
    await testDb().updateTable("exit_invitations").set({ alumni_decision: "declined" }).where("id", "=", leaver.invitationId).execute();

    const second = await postPage(leaver.cookie, 4, OTHER_TAB, "send");

    expect(second.headers.get("Location")).toBe("/exit/thanks?notice=alreadySent");
    expect(await pageText("/exit/thanks?notice=alreadySent", leaver.cookie)).toContain(enAlumni.step.alreadySent);
  });
});
