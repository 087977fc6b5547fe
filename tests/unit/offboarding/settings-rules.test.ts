import { translator } from "~/modules/i18n/translator";
import { conditionsInWords, normaliseLocations, reasonCreateSchema, ruleInWords, templateFormSchema } from "~/modules/offboarding/settings";
import { reorder } from "~/utils/reorder";

const en = translator("en", "settings");
const fr = translator("fr", "settings");

describe("a task's due rule in words", () => {
  it("says how many business days before or after which date", () => {
    expect(ruleInWords({ anchor: "last_day", offset_business_days: -3 }, en)).toBe("3 business days before the last working day");
    expect(ruleInWords({ anchor: "notice_date", offset_business_days: 1 }, en)).toBe("1 business day after the notice date");
    expect(ruleInWords({ anchor: "termination_date", offset_business_days: 5 }, en)).toBe("5 business days after the termination date");
  });

  it("says 'on' the date when there is no offset", () => {
    expect(ruleInWords({ anchor: "last_day", offset_business_days: 0 }, en)).toBe("On the last working day");
    expect(ruleInWords({ anchor: "notice_date", offset_business_days: 0 }, fr)).toBe("À la date de notification");
  });

  it("reads naturally in French, with singular and plural", () => {
    expect(ruleInWords({ anchor: "last_day", offset_business_days: -3 }, fr)).toBe("3 jours ouvrés avant le dernier jour travaillé");
    expect(ruleInWords({ anchor: "termination_date", offset_business_days: 1 }, fr)).toBe("1 jour ouvré après la date de fin de contrat");
  });
});

describe("a template's conditions in words", () => {
  it("says every departure when nothing is set", () => {
    expect(conditionsInWords({ departure_types: [], departmentPath: null, locations: [] }, en)).toBe("Every departure");
  });

  it("lists each condition that is set", () => {
    expect(
      conditionsInWords(
        { departure_types: ["voluntary", "retirement", "end_of_contract"], departmentPath: "Acme / Engineering", locations: ["Paris", "Lyon"] },
        en,
      ),
    ).toBe("Type: Voluntary, Retirement or End of contract · Department: Acme / Engineering and below · Location: Paris or Lyon");
    expect(conditionsInWords({ departure_types: [], departmentPath: null, locations: ["Berlin"] }, fr)).toBe("Site\u00a0: Berlin");
  });
});

describe("locations typed as a comma-separated list", () => {
  it("are trimmed, de-duplicated whatever their case, and empty entries dropped", () => {
    expect(normaliseLocations("  Paris,  lyon , ,PARIS,  New   York ")).toEqual(["Paris", "lyon", "New York"]);
    expect(normaliseLocations("")).toEqual([]);
    expect(normaliseLocations(undefined)).toEqual([]);
  });

  it("become the template's list when the form is parsed", () => {
    const parsed = templateFormSchema(en).parse({ nameEn: " Remote  staff ", nameFr: "Télétravail", locations: "Remote, remote , Home office" });
    expect(parsed).toMatchObject({ nameEn: "Remote staff", nameFr: "Télétravail", locations: ["Remote", "Home office"], active: false, departureTypes: [] });
  });
});

describe("reason codes", () => {
  it("accept lowercase letters, digits and underscores only", () => {
    const schema = reasonCreateSchema(en);
    expect(schema.safeParse({ code: "career_growth2", labelEn: "Growth", labelFr: "Évolution" }).success).toBe(true);
    const refused = schema.safeParse({ code: "Career-Growth", labelEn: "Growth", labelFr: "Évolution" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ["code"], message: en("validation.codeFormat") });
  });
});

describe("moving an item up or down a list", () => {
  it("swaps it with its neighbour", () => {
    expect(reorder(["a", "b", "c"], "b", "up")).toEqual(["b", "a", "c"]);
    expect(reorder(["a", "b", "c"], "b", "down")).toEqual(["a", "c", "b"]);
  });

  it("does nothing at either end or for an unknown item", () => {
    expect(reorder(["a", "b"], "a", "up")).toBeNull();
    expect(reorder(["a", "b"], "b", "down")).toBeNull();
    expect(reorder(["a", "b"], "z", "up")).toBeNull();
  });
});
