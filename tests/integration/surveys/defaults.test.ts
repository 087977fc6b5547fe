import { ensureSurveyDefaults } from "~/modules/surveys/defaults.server";
import { getActiveExitSurveyVersion, getSurveyVersion } from "~/modules/surveys/surveys.server";
import { useTestDatabase, testDb } from "../../support/database";
import { installOffboardingDefaults } from "../../factories";

useTestDatabase();

describe("the default exit survey", () => {
  it("is seeded with the test defaults: published as version 1, active, confidential, invitations at once", async () => {
    await installOffboardingDefaults();
    const active = await getActiveExitSurveyVersion(testDb());
    expect(active).toMatchObject({
      kind: "exit",
      // Named in both languages, like its questions: French pages never show "Exit survey".
      surveyName: { en: "Exit survey", fr: "Questionnaire de départ" },
      version: 1,
      confidentiality: "confidential",
      inviteDaysBeforeLastDay: null,
    });
    const types = active!.definition.questions.map((q) => q.type);
    expect(types.filter((type) => type === "enps")).toHaveLength(1);
    expect(types).toEqual(["reasons", "rating", "rating", "rating", "rating", "rating", "enps", "text", "yes_no", "text"]);
  });

  it("writes the company name into the eNPS question in both languages", async () => {
    await ensureSurveyDefaults(testDb(), "Globex");
    const active = await getActiveExitSurveyVersion(testDb());
    const enps = active!.definition.questions.find((q) => q.type === "enps")!;
    expect(enps.prompt.en).toBe("How likely are you to recommend Globex as a place to work?");
    expect(enps.prompt.fr).toContain("Globex");
  });

  it("is seeded once: a second call changes nothing", async () => {
    expect(await ensureSurveyDefaults(testDb(), "Acme Corp")).toBe(true);
    expect(await ensureSurveyDefaults(testDb(), "Acme Corp")).toBe(false);
    const surveys = await testDb().selectFrom("surveys").select("id").execute();
    const versions = await testDb().selectFrom("survey_versions").select("id").execute();
    expect([surveys.length, versions.length]).toEqual([1, 1]);
  });

  it("reads a version by id, and nothing for an unknown or malformed id", async () => {
    await ensureSurveyDefaults(testDb(), "Acme Corp");
    const active = await getActiveExitSurveyVersion(testDb());
    expect(await getSurveyVersion(testDb(), active!.versionId)).toEqual(active);
    expect(await getSurveyVersion(testDb(), "00000000-0000-4000-8000-000000000000")).toBeUndefined();
    expect(await getSurveyVersion(testDb(), "not-an-id")).toBeUndefined();
  });

  it("is not active once archived: no exit survey is offered", async () => {
    await ensureSurveyDefaults(testDb(), "Acme Corp");
    await testDb().updateTable("surveys").set({ archived_at: new Date() }).execute();
    expect(await getActiveExitSurveyVersion(testDb())).toBeUndefined();
  });
});
