import enDepartures from "~/locales/en/departures.json";
import frDepartures from "~/locales/fr/departures.json";
import { completeTask, markNotApplicable } from "~/modules/offboarding/task-actions.server";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { addTask, createTeamMember, createUser, installOffboardingDefaults, makeBareDeparture, signIn } from "../../factories";

/**
 * HR's "Edit a task" page shows what was written when the task was closed: who closed it, the note
 * (line breaks kept), the reason it does not apply, the evidence link. It stays read-only: the note
 * is the task owner's record of the completion.
 */

useTestDatabase();
const app = useHttpApp();

const NOW = new Date("2026-11-27T10:00:00Z");

beforeEach(async () => {
  await installOffboardingDefaults();
});

async function editPage(departureId: string, taskId: string, locale: "en" | "fr" = "en") {
  const hr = await createUser({ role: "hr_admin", locale });
  const response = await fetch(`${app.base}/admin/departures/${departureId}/tasks/${taskId}`, { headers: { Cookie: await signIn(hr) } });
  expect(response.status).toBe(200);
  return (await response.text()).replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");
}

describe("a closed task on HR's edit page", () => {
  it.each([
    ["en", enDepartures],
    ["fr", frDepartures],
  ] as const)("shows who completed it, its note and the evidence link (%s)", async (locale, shown) => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { title: "Collect laptop", team: "IT" });
    await completeTask(
      { taskId: task.id, note: "Laptop back, serial checked.\nCharger missing.", evidenceUrl: "https://tickets.example.com/IT-42" },
      { actor: { id: owner.id, role: owner.role }, now: NOW },
    );

    const html = await editPage(departure.id, task.id, locale);

    expect(html).toContain(`<dt>${shown.taskEdit.outcome.closed}</dt>`);
    expect(html).toContain(owner.name);
    expect(html).toMatch(new RegExp(`<dt>${shown.taskEdit.outcome.note}</dt><dd class="task-note">Laptop back, serial checked.\\nCharger missing.</dd>`));
    expect(html).toContain(`<a href="https://tickets.example.com/IT-42" rel="noopener noreferrer nofollow" target="_blank">https://tickets.example.com/IT-42</a>`);
  });

  it("shows the reason given for a task that does not apply, and says when a completion has no note", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const skipped = await addTask(departure.id, { title: "Return badge", team: "IT" });
    const done = await addTask(departure.id, { title: "Collect laptop", team: "IT" });
    const as = { actor: { id: owner.id, role: owner.role }, now: NOW };
    await markNotApplicable({ taskId: skipped.id, reason: "Remote worker, never had a badge." }, as);
    await completeTask({ taskId: done.id }, as);

    const skippedHtml = await editPage(departure.id, skipped.id);
    expect(skippedHtml).toContain(`<dt>${enDepartures.taskEdit.outcome.reason}</dt><dd class="task-note">Remote worker, never had a badge.</dd>`);
    expect(await editPage(departure.id, done.id)).toContain(enDepartures.taskEdit.outcome.noNote);
  });

  it("shows nothing of the kind for an open task", async () => {
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { title: "Collect laptop", team: "IT" });
    expect(await editPage(departure.id, task.id)).not.toContain(`<dt>${enDepartures.taskEdit.outcome.note}</dt>`);
  });
});
