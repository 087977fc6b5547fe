import { addCalendarDays, todayIn } from "~/utils/calendar-days";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { addTask, createTeamMember, installOffboardingDefaults, makeBareDeparture, signIn } from "../../factories";

/**
 * The inbox draws a task's forms only when one is in use (app/routes/tasks._index/task-forms.tsx):
 * in the page as served, each action is a disclosure holding a link; following it (what a browser
 * without JavaScript does) brings the inbox back with that one form open. Read from the built app's
 * HTML, as a browser without JavaScript gets it.
 */

useTestDatabase();

const app = useHttpApp();

beforeEach(async () => {
  await installOffboardingDefaults();
});

async function inboxWithTwoTasks() {
  const owner = await createTeamMember(["IT"], { name: "Ivan Owner" });
  const departure = await makeBareDeparture({ employeeName: "Sam Leclerc" });
  const soon = addCalendarDays(todayIn("UTC"), 2);
  const first = await addTask(departure.id, { title: "Revoke the VPN", dueDate: soon });
  const second = await addTask(departure.id, { title: "Collect the laptop", dueDate: soon });
  return { cookie: await signIn(owner), first, second };
}

async function page(path: string, cookie: string) {
  const response = await fetch(`${app.base}${path}`, { headers: { Cookie: cookie } });
  return { status: response.status, html: await response.text() };
}

/** The opening tags of the forms and selects in the page (the bulk form has neither a task id nor a select). */
function formsIn(html: string) {
  return [...html.matchAll(/<form[^>]*\bid="([^"]+)"/g)].map((match) => match[1]);
}

describe("the inbox's task forms, drawn on demand", () => {
  it("serves each task's three actions as disclosures holding a link to the form, and no form", async () => {
    const { cookie, first, second } = await inboxWithTwoTasks();
    const { status, html } = await page("/tasks", cookie);
    expect(status).toBe(200);
    expect(html).toContain("Revoke the VPN");
    expect(html).toContain("Collect the laptop");
    expect(formsIn(html)).toEqual(["bulk"]);
    expect(html).not.toContain("<select");
    for (const task of [first, second]) {
      for (const formId of [`complete-${task.id}`, `na-${task.id}`, `reassign-${task.id}`]) {
        expect(html).toContain(`href="/tasks?open=${formId}#${formId}"`);
      }
    }
  });

  it("draws the form the address asks for, open, with its fields and every assignee, and only that one", async () => {
    const { cookie, first } = await inboxWithTwoTasks();
    const formId = `reassign-${first.id}`;
    const { status, html } = await page(`/tasks?open=${formId}`, cookie);
    expect(status).toBe(200);
    expect(formsIn(html).sort()).toEqual(["bulk", formId].sort());
    expect(html).toMatch(new RegExp(`<details class="task-action" open="">(?:(?!</details>).)*id="${formId}"`, "s"));
    expect(html).toContain(`name="assignee"`);
    expect(html).toContain("Ivan Owner");
    expect(html).toMatch(/<optgroup label="Teams">.*>IT</s);
  });

  it("keeps the page's other parameters in the link (all later tasks shown)", async () => {
    const { cookie, first } = await inboxWithTwoTasks();
    const { html } = await page("/tasks?later=all", cookie);
    expect(html).toContain(`href="/tasks?later=all&amp;open=complete-${first.id}#complete-${first.id}"`);
  });

  it("draws no form for an `open` value that names none, and still answers the page", async () => {
    const { cookie } = await inboxWithTwoTasks();
    for (const value of ["complete-not-a-task", "<script>alert(1)</script>", ""]) {
      const { status, html } = await page(`/tasks?open=${encodeURIComponent(value)}`, cookie);
      expect({ value, status, forms: formsIn(html) }).toEqual({ value, status: 200, forms: ["bulk"] });
    }
  });
});
