import { failureText } from "~/modules/i18n/failure-text";
import { translator } from "~/modules/i18n/translator";
import {
  columnMappingOf,
  convertDate,
  detectDateFormat,
  mappingFormSchema,
  mapRow,
  normaliseLabel,
  normaliseType,
  suggestMapping,
} from "~/modules/imports/mapping";

const t = translator("en", "imports");

describe("suggesting a mapping from the header names", () => {
  it("recognises an English HR export", () => {
    const headers = ["Employee ID", "Full name", "Work email", "Department", "Job title", "Manager email", "Personal email", "Office", "Hire date", "Notice date", "Last working day", "Termination date", "Termination type", "Reason", "Regrettable", "Eligible for rehire"];
    expect(suggestMapping(headers)).toEqual({
      externalId: "Employee ID",
      employeeName: "Full name",
      employeeEmail: "Work email",
      departmentName: "Department",
      jobTitle: "Job title",
      managerEmail: "Manager email",
      personalEmail: "Personal email",
      location: "Office",
      hireDate: "Hire date",
      noticeDate: "Notice date",
      lastDay: "Last working day",
      terminationDate: "Termination date",
      type: "Termination type",
      reasonCode: "Reason",
      regrettable: "Regrettable",
      eligibleForRehire: "Eligible for rehire",
    });
  });

  it("ignores case, accents, spacing and punctuation, and reads French headers", () => {
    expect(suggestMapping(["  E-MAIL   professionnel ", "Nom complet", "Service", "Dernier jour", "Date d'embauche", "Matricule", "Motif de départ", "Réembauchable"])).toEqual({
      employeeEmail: "  E-MAIL   professionnel ",
      employeeName: "Nom complet",
      departmentName: "Service",
      lastDay: "Dernier jour",
      hireDate: "Date d'embauche",
      externalId: "Matricule",
      reasonCode: "Motif de départ",
      eligibleForRehire: "Réembauchable",
    });
  });

  it("reads camelCase and snake_case names, and headers that contain a known name", () => {
    expect(suggestMapping(["employeeEmail", "employee_name", "dept", "Employee last working day"])).toEqual({
      employeeEmail: "employeeEmail",
      employeeName: "employee_name",
      departmentName: "dept",
      lastDay: "Employee last working day",
    });
  });

  it("takes Prénom and Nom as first and last name, and a full name over both", () => {
    expect(suggestMapping(["Prénom", "Nom", "Courriel"])).toEqual({ firstName: "Prénom", lastName: "Nom", employeeEmail: "Courriel" });
    expect(suggestMapping(["First name", "Last name", "Name"])).toEqual({ employeeName: "Name" });
  });

  it("gives each column to one field only", () => {
    const mapping = suggestMapping(["Email", "Manager email"]);
    expect(mapping).toEqual({ employeeEmail: "Email", managerEmail: "Manager email" });
  });

  it("normalises labels", () => {
    expect(normaliseLabel("Dernier Jour_Travaillé")).toBe("dernier jour travaille");
  });
});

describe("reading dates", () => {
  it.each([
    ["2026-12-31", "iso", "2026-12-31"],
    ["2026/1/5", "iso", "2026-01-05"],
    ["31/12/2026", "dmy", "2026-12-31"],
    ["5.1.2026", "dmy", "2026-01-05"],
    ["12/31/2026", "mdy", "2026-12-31"],
    ["03/04/2026", "dmy", "2026-04-03"],
    ["03/04/2026", "mdy", "2026-03-04"],
    ["2026-12-31", "dmy", "2026-12-31"],
    ["2026-12-31 00:00:00", "iso", "2026-12-31"],
    ["12/31/2026 0:00 AM", "mdy", "2026-12-31"],
    ["2026-12-31T00:00:00Z", "mdy", "2026-12-31"],
    ["46387", "dmy", "2026-12-31"],
    ["46387.0", "iso", "2026-12-31"],
  ] as const)("reads %j written as %s", (raw, format, day) => {
    expect(convertDate(raw, format)).toEqual({ day });
  });

  it.each([
    ["31/02/2026", "dmy"],
    ["12/31/2026", "dmy"],
    ["31/12/2026", "mdy"],
    ["31/12/2026", "iso"],
    ["2026-02-30", "iso"],
    ["next friday", "dmy"],
    ["31/12/26", "dmy"],
  ] as const)("refuses %j written as %s", (raw, format) => {
    expect(convertDate(raw, format)).toEqual({ error: true });
  });

  it("leaves an empty value empty", () => {
    expect(convertDate("  ", "dmy")).toEqual({});
  });

  it("detects the format from the file's dates, or says it cannot tell", () => {
    expect(detectDateFormat(["2026-12-31", "", "2027-01-15"])).toEqual({ format: "iso", ambiguous: false });
    expect(detectDateFormat(["03/04/2026", "25/04/2026"])).toEqual({ format: "dmy", ambiguous: false });
    expect(detectDateFormat(["03/04/2026", "04/25/2026"])).toEqual({ format: "mdy", ambiguous: false });
    expect(detectDateFormat(["03/04/2026", "05/06/2026"])).toEqual({ format: undefined, ambiguous: true });
    expect(detectDateFormat(["13/04/2026", "04/25/2026"])).toEqual({ format: undefined, ambiguous: true });
    expect(detectDateFormat([])).toEqual({ format: undefined, ambiguous: false });
  });
});

describe("mapping one row", () => {
  const headers = ["Prénom", "Nom", "Email", "Service", "Dernier jour", "Type"];
  const mapping = suggestMapping(headers);

  it("joins first and last name, converts dates and recognises the departure type", () => {
    const { input, failures } = mapRow(headers, { values: ["Hélène", "Dupont", "helene@example.com", "Ventes", "31/12/2026", "Démission"] }, mapping, "dmy");
    expect(failures).toEqual([]);
    expect(input).toMatchObject({ employeeName: "Hélène Dupont", employeeEmail: "helene@example.com", departmentName: "Ventes", lastDay: "2026-12-31", type: "voluntary" });
  });

  it("says which value is not a date in the chosen format", () => {
    const { input, failures } = mapRow(headers, { values: ["A", "B", "a@example.com", "Sales", "2026-31-12", ""] }, mapping, "dmy");
    expect(failures).toEqual([{ code: "importRow.dateInvalid", field: "lastDay", values: { value: "2026-31-12", pattern: "DD/MM/YYYY" } }]);
    expect(failureText(failures[0]!, "en")).toBe("“2026-31-12” is not a date written as DD/MM/YYYY.");
    expect(failureText(failures[0]!, "fr")).toMatch(/^«\s2026-31-12\s» n’est pas une date écrite DD\/MM\/YYYY\.$/);
    expect(input.lastDay).toBeUndefined();
    expect(input.type).toBeUndefined();
  });

  it("reports values beyond the header's columns", () => {
    const { failures } = mapRow(headers, { values: ["A", "B", "a@example.com", "Sales", "31/12/2026", ""], extraValues: 2 }, mapping, "dmy");
    expect(failures).toEqual([{ code: "importRow.extraValues", values: { count: 2, columns: 6 } }]);
    expect(failureText(failures[0]!, "en")).toBe(
      "This row has 2 more values than the 6 columns of the header: a value probably contains the delimiter without quotes.",
    );
  });

  it.each([
    ["Resignation", "voluntary"],
    ["LICENCIEMENT", "involuntary"],
    ["Départ à la retraite", "retirement"],
    ["end of contract", "end_of_contract"],
    ["End_Of_Contract", "end_of_contract"],
    ["sabbatical", "sabbatical"],
  ])("reads the type %j as %j", (raw, type) => {
    expect(normaliseType(raw)).toBe(type);
  });
});

describe("the mapping form", () => {
  const headers = ["Email", "Name", "Dept", "Last day"];

  it("requires the email, a name, the department and the last day, naming each", () => {
    const result = mappingFormSchema(t, headers).safeParse({ dateFormat: "iso" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(messages).toEqual({
      employeeEmail: "Choose the column that holds the “Work email”.",
      departmentName: "Choose the column that holds the “Department”.",
      lastDay: "Choose the column that holds the “Last working day”.",
      employeeName: "Choose the column with the full name, or the first-name and last-name columns.",
    });
  });

  it("refuses a column the file does not have and an unknown date format", () => {
    const result = mappingFormSchema(t, headers).safeParse({ employeeEmail: "E-mail", employeeName: "Name", departmentName: "Dept", lastDay: "Last day", dateFormat: "ymd" });
    expect(result.error!.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["employeeEmail", "Choose one of the file's columns."],
      ["dateFormat", "Choose how the file writes its dates."],
    ]);
  });

  it("keeps only the chosen columns", () => {
    const form = mappingFormSchema(t, headers).parse({ employeeEmail: "Email", employeeName: "Name", departmentName: "Dept", lastDay: "Last day", jobTitle: "", dateFormat: "dmy" });
    expect(columnMappingOf(form)).toEqual({ employeeEmail: "Email", employeeName: "Name", departmentName: "Dept", lastDay: "Last day" });
  });
});
