import { failureText } from "~/modules/i18n/failure-text";

/** Settings refusals that name counts put each count in its own plural, in both languages (ADR 013). */
describe("settings failure messages", () => {
  it("names both kinds of work a team still owns, each count with its own plural", () => {
    const failure = { code: "team.deleteRefusedBoth", values: { name: "Payroll", openTasks: 1, templateTasks: 3 } } as const;
    expect(failureText(failure, "en")).toBe(
      "Payroll cannot be deleted while it owns work: 1 open task and 3 template tasks. Give that work to another owner first.",
    );
    expect(failureText(failure, "fr")).toMatch(/^Payroll ne peut pas être supprimée .*: 1 tâche ouverte et 3 tâches de modèle\. Confiez/);
  });

  it("names what still uses a department, in the reader's language", () => {
    const both = { code: "department.deleteRefusedBoth", values: { departures: 2, templates: 1 } } as const;
    expect(failureText(both, "en")).toBe(
      "This department cannot be deleted: 2 departures are recorded in it and 1 template applies to it. Keep it, and rename it or move it in the tree if it has changed.",
    );
    expect(failureText({ code: "department.deleteRefusedTemplates", values: { count: 2 } }, "fr")).toMatch(/: 2 modèles s'y appliquent\./);
  });

  it("picks the plural form of a code from its count", () => {
    expect(failureText({ code: "reason.deleteRefused", values: { code: "culture", count: 1 } }, "en")).toBe(
      "The reason “culture” is recorded on 1 departure, so it cannot be deleted. Deactivate it instead.",
    );
    expect(failureText({ code: "template.deleteRefused", values: { count: 4 } }, "fr")).toMatch(/4 départs ont des tâches/);
  });
});
