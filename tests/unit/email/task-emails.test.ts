import { DomainFailure } from "~/utils/failures";
import { renderEmail } from "~/modules/email/templates.server";

const task = (title: string, dueDate: string, teamName: string | null = "IT") => ({ title, personName: "Sam Leclerc", dueDate, teamName });
const none = { tasks: [], total: 0 };

describe("the task digest email", () => {
  it("names the overdue count in the subject when there are overdue tasks, and the total otherwise", async () => {
    const withOverdue = await renderEmail(
      "task-digest",
      { name: "Ivan", inboxUrl: "https://alumni.example.test/tasks", preferencesUrl: "https://alumni.example.test/tasks/preferences", overdue: { tasks: [task("A", "2026-11-20"), task("B", "2026-11-21")], total: 2 }, inTwoDays: none, inSevenDays: { tasks: [task("C", "2026-12-04")], total: 1 } },
      "en",
    );
    expect(withOverdue.subject).toBe("2 offboarding tasks are overdue: your daily digest");
    expect(withOverdue.text).toContain("Here are the 3 tasks that need your attention today.");
    expect(withOverdue.text).not.toContain("Due in 2 days");

    const upcoming = await renderEmail(
      "task-digest",
      { name: "Ivan", inboxUrl: "https://alumni.example.test/tasks", preferencesUrl: "https://alumni.example.test/tasks/preferences", overdue: none, inTwoDays: { tasks: [task("A", "2026-11-29", null)], total: 1 }, inSevenDays: none },
      "en",
    );
    expect(upcoming.subject).toBe("1 offboarding task needs your attention");
    expect(upcoming.text).toContain("Assigned to you");
    expect(upcoming.text).toContain("Due Nov 29, 2026");
    expect(upcoming.html).toContain('href="https://alumni.example.test/tasks"');
  });

  it("counts the tasks it does not list, in French too", async () => {
    const email = await renderEmail(
      "task-digest",
      { name: "Inès", inboxUrl: "https://alumni.example.test/tasks", preferencesUrl: "https://alumni.example.test/tasks/preferences", overdue: { tasks: [task("A", "2026-11-20")], total: 13 }, inTwoDays: none, inSevenDays: none },
      "fr",
    );
    expect(email.subject).toBe("13 tâches de départ en retard\u00a0: votre récapitulatif du jour");
    expect(email.text).toContain("En retard (13)");
    expect(email.text).toContain("Et 12 autres dans votre liste de tâches.");
    expect(email.text).toContain("Échéance\u00a0: 20 nov. 2026");
  });

  it("refuses a digest with no task in it", async () => {
    await expect(
      renderEmail("task-digest", { name: "Ivan", inboxUrl: "https://alumni.example.test/tasks", preferencesUrl: "https://alumni.example.test/tasks/preferences", overdue: none, inTwoDays: none, inSevenDays: none }, "en"),
    ).rejects.toThrow(DomainFailure);
  });
});

describe("the task escalation email", () => {
  it("lists each escalated task with the person, the last day, the owner and a link to the departure", async () => {
    const email = await renderEmail(
      "task-escalation",
      {
        name: "Hana",
        departuresUrl: "https://alumni.example.test/admin/departures",
        tasks: [
          {
            title: "Collect laptop and phone",
            personName: "Jordan Blake",
            departmentName: "Sales",
            lastDay: "2026-11-30",
            dueDate: "2026-11-30",
            ownerName: "IT",
            departureUrl: "https://alumni.example.test/admin/departures/d1",
          },
        ],
        total: 1,
      },
      "en",
    );
    expect(email.subject).toBe("Escalation: 1 offboarding task was not done before a last day");
    expect(email.text).toContain("Collect laptop and phone");
    expect(email.text).toContain("Jordan Blake (Sales), last day Nov 30, 2026");
    expect(email.text).toContain("Owner: IT · due Nov 30, 2026");
    expect(email.text).toContain("https://alumni.example.test/admin/departures/d1");
  });
});
