import { z } from "zod";
import type { AppLocale } from "~/modules/i18n/config";
import { isCalendarDay } from "~/utils/calendar-days";
import type { Failure } from "~/utils/failures";
import type { DepartureType } from "~/modules/offboarding/types";
import type { Translate } from "~/modules/i18n/translator";

/**
 * From a file's columns to departure fields: which column holds which field (suggested from the
 * header names, confirmed by HR), how the file writes its dates, and the conversion of one row
 * into the input that `departureInputSchema` validates. Pure: shared by the mapping page (browser
 * and server), the preview and the import job.
 */

/** The departure input fields a column can fill, in the order the mapping page lists them. */
export const DEPARTURE_FIELDS = [
  "employeeEmail",
  "employeeName",
  "departmentName",
  "lastDay",
  "noticeDate",
  "terminationDate",
  "type",
  "reasonCode",
  "jobTitle",
  "managerEmail",
  "personalEmail",
  "location",
  "language",
  "hireDate",
  "regrettable",
  "eligibleForRehire",
  "externalId",
] as const;

/**
 * Columns that are not departure fields themselves: many HR systems export the name in two
 * columns, which the import joins ("first last") when no full-name column is mapped.
 */
export const NAME_PART_FIELDS = ["firstName", "lastName"] as const;

export const MAPPING_TARGETS = [...DEPARTURE_FIELDS, ...NAME_PART_FIELDS] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];
export type DepartureField = (typeof DEPARTURE_FIELDS)[number];

/** Which column (by header name) fills which target. */
export type ColumnMapping = Partial<Record<MappingTarget, string>>;

export const REQUIRED_TARGETS = ["employeeEmail", "departmentName", "lastDay"] as const satisfies readonly MappingTarget[];

export const DATE_FIELDS = ["hireDate", "noticeDate", "lastDay", "terminationDate"] as const satisfies readonly DepartureField[];
type DateField = (typeof DATE_FIELDS)[number];

export const DATE_FORMATS = ["iso", "dmy", "mdy"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Lowercase, accents and punctuation gone, single spaces: "E-mail professionnel" → "e mail professionnel". */
export function normaliseLabel(value: string): string {
  return (
    value
      .normalize("NFD")
      .replace(/\p{Diacritic}/gu, "")
      // camelCase and snake_case headers ("lastWorkingDay", "last_working_day") read as words.
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim()
  );
}

/**
 * Header names HR systems use for each field, in English and French, already normalised. The
 * order of the targets matters when several could claim a column: specific ones come first
 * (a "Manager email" column is the manager's, not the employee's).
 */
const HEADER_SYNONYMS: ReadonlyArray<[MappingTarget, readonly string[]]> = [
  ["managerEmail", ["manager email", "manager e mail", "manager work email", "line manager email", "supervisor email", "manager email address", "email manager", "e mail manager", "email du manager", "email responsable", "email du responsable", "courriel du responsable", "courriel manager", "mail manager"]],
  ["personalEmail", ["personal email", "personal e mail", "private email", "home email", "personal email address", "email personnel", "e mail personnel", "email perso", "mail perso", "courriel personnel", "adresse email personnelle", "adresse e mail personnelle", "adresse mail personnelle"]],
  ["employeeEmail", ["work email", "work e mail", "employee email", "employee e mail", "email", "e mail", "mail", "business email", "professional email", "company email", "work email address", "email address", "e mail address", "email professionnel", "e mail professionnel", "mail professionnel", "adresse email", "adresse e mail", "adresse mail", "courriel", "courriel professionnel", "adresse email professionnelle", "adresse e mail professionnelle"]],
  ["firstName", ["first name", "firstname", "given name", "forename", "prenom"]],
  ["lastName", ["last name", "lastname", "surname", "family name", "nom de famille", "nom"]],
  ["employeeName", ["name", "employee name", "full name", "employee", "employee full name", "display name", "worker name", "nom", "nom complet", "nom et prenom", "nom prenom", "prenom et nom", "prenom nom", "salarie", "collaborateur", "nom du salarie", "nom du collaborateur"]],
  ["departmentName", ["department", "department name", "dept", "service", "departement", "division", "business unit", "org unit", "organizational unit", "organisational unit", "direction", "nom du service"]],
  ["jobTitle", ["job title", "title", "position", "position title", "role", "job", "job name", "poste", "intitule de poste", "intitule du poste", "fonction", "emploi", "titre"]],
  ["location", ["location", "work location", "office", "site", "work site", "lieu", "lieu de travail", "localisation", "bureau", "etablissement"]],
  ["hireDate", ["hire date", "start date", "date of hire", "hired on", "original hire date", "employment start date", "date d embauche", "date embauche", "date d entree", "date entree", "date de debut"]],
  ["noticeDate", ["notice date", "resignation date", "date of notice", "notice given", "notice given on", "notification date", "date de notification", "date de demission", "date du preavis", "date de preavis"]],
  ["lastDay", ["last day", "last working day", "last day of work", "last day worked", "last date worked", "last work day", "leaving date", "date of leaving", "exit date", "departure date", "end date", "dernier jour", "dernier jour travaille", "dernier jour de travail", "date de depart", "date de sortie", "date du dernier jour"]],
  ["terminationDate", ["termination date", "termination effective date", "effective date", "effective termination date", "separation date", "date of termination", "contract end date", "date de fin de contrat", "date de rupture", "date de fin du contrat", "date d effet", "date effective"]],
  ["type", ["type", "departure type", "termination type", "separation type", "exit type", "leaving type", "type de depart", "type de sortie", "nature du depart"]],
  ["reasonCode", ["reason", "reason code", "departure reason", "termination reason", "leaving reason", "exit reason", "separation reason", "motif", "motif de depart", "motif du depart", "motif de sortie", "raison", "raison du depart", "code motif"]],
  ["regrettable", ["regrettable", "regretted", "regrettable loss", "regretted attrition", "regrettable departure", "depart regrettable"]],
  ["eligibleForRehire", ["eligible for rehire", "rehire eligible", "rehire eligibility", "rehireable", "rehirable", "rehire", "eligible to rehire", "reembauchable", "eligible a la reembauche", "reembauche possible", "reembauche"]],
  ["language", ["language", "langue", "locale", "lang", "preferred language", "language preference", "communication language", "correspondence language", "langue preferee", "langue de communication", "langue de correspondance"]],
  ["externalId", ["employee id", "employee number", "employee no", "emp id", "emp no", "external id", "id", "hris id", "worker id", "personnel number", "staff id", "staff number", "departure id", "matricule", "identifiant", "id employe", "id salarie", "numero de salarie", "numero d employe", "numero employe", "numero salarie"]],
];

/**
 * A first mapping from the header names: exact synonyms first, then headers that contain a
 * multi-word synonym ("Employee last working day"). Each column fills at most one target. When a
 * file has "Prénom" and "Nom", "Nom" is the last name, not the full name.
 */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  const normalised = headers.map((header) => ({ header, key: normaliseLabel(header) }));

  for (const [target, synonyms] of HEADER_SYNONYMS) {
    const match = normalised.find(({ header, key }) => !used.has(header) && synonyms.includes(key));
    if (match && !mapping[target]) {
      mapping[target] = match.header;
      used.add(match.header);
    }
  }
  for (const [target, synonyms] of HEADER_SYNONYMS) {
    if (mapping[target]) continue;
    const long = synonyms.filter((synonym) => synonym.includes(" "));
    const match = normalised.find(({ header, key }) => !used.has(header) && long.some((synonym) => ` ${key} `.includes(` ${synonym} `)));
    if (match) {
      mapping[target] = match.header;
      used.add(match.header);
    }
  }
  // A full name and the two halves are alternatives: a file with both keeps the full name.
  if (mapping.employeeName) {
    delete mapping.firstName;
    delete mapping.lastName;
  }
  return mapping;
}

/**
 * What the file's dates say about their format: ISO, day first (a first number above 12), month
 * first (a second number above 12). `ambiguous` when every date could be read both ways
 * (03/04/2026), so HR has to say.
 */
export function detectDateFormat(samples: readonly string[]): { format: DateFormat | undefined; ambiguous: boolean } {
  let iso = 0;
  let dayFirst = 0;
  let monthFirst = 0;
  let either = 0;
  for (const sample of samples) {
    const value = stripTime(sample.trim());
    if (!value) continue;
    if (ISO_DATE.test(value)) {
      iso += 1;
      continue;
    }
    const parts = NUMERIC_DATE.exec(value);
    if (!parts) continue;
    const first = Number(parts[1]);
    const second = Number(parts[2]);
    if (first > 12 && second <= 12) dayFirst += 1;
    else if (second > 12 && first <= 12) monthFirst += 1;
    else either += 1;
  }
  if (dayFirst > 0 && monthFirst === 0) return { format: "dmy", ambiguous: false };
  if (monthFirst > 0 && dayFirst === 0) return { format: "mdy", ambiguous: false };
  if (either === 0 && dayFirst === 0 && monthFirst === 0) return { format: iso > 0 ? "iso" : undefined, ambiguous: false };
  return { format: undefined, ambiguous: true };
}

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
/** A time after the date, as some exports add it: "2026-12-18 00:00:00", "12/18/2026 0:00 AM", "2026-12-18T00:00:00Z". */
const TIME_SUFFIX = /[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[AaPp][Mm])?(Z|[+-]\d{2}:?\d{2})?$/;
/** Excel's day number (days since 1899-12-30), as a date cell exported without its format. 10000–99999 is 1927–2173. */
const EXCEL_SERIAL = /^(\d{5})(\.0+)?$/;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function stripTime(value: string): string {
  return value.replace(TIME_SUFFIX, "");
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function calendarDay(year: number, month: number, day: number): string | undefined {
  const candidate = `${year}-${pad(month)}-${pad(day)}`;
  return isCalendarDay(candidate) ? candidate : undefined;
}

/**
 * "YYYY-MM-DD" for a date written in the chosen format. ISO dates and Excel day numbers are read
 * whatever the format (they cannot be misread); an empty value is undefined; anything else that
 * does not fit (or names no real day, like 31/02/2026) is `{ error }`.
 */
export function convertDate(raw: string, format: DateFormat): { day?: string; error?: true } {
  const value = stripTime(raw.trim());
  if (value === "") return {};
  const iso = ISO_DATE.exec(value);
  if (iso) {
    const day = calendarDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return day ? { day } : { error: true };
  }
  const serial = EXCEL_SERIAL.exec(value);
  if (serial) {
    const date = new Date(EXCEL_EPOCH_MS + Number(serial[1]) * 86_400_000);
    return { day: date.toISOString().slice(0, 10) };
  }
  const numeric = NUMERIC_DATE.exec(value);
  if (!numeric || format === "iso") return { error: true };
  const [first, second, year] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
  const day = format === "dmy" ? calendarDay(year, second, first) : calendarDay(year, first, second);
  return day ? { day } : { error: true };
}

/** How each format is written, for messages and the mapping page. */
export const DATE_FORMAT_PATTERNS: Record<DateFormat, string> = { iso: "YYYY-MM-DD", dmy: "DD/MM/YYYY", mdy: "MM/DD/YYYY" };

/** Departure types as HR systems and people write them, normalised. */
const TYPE_SYNONYMS: Record<DepartureType, readonly string[]> = {
  voluntary: ["voluntary", "resignation", "resigned", "quit", "volontaire", "demission", "depart volontaire"],
  involuntary: ["involuntary", "dismissal", "dismissed", "terminated", "termination", "layoff", "laid off", "redundancy", "involontaire", "licenciement", "depart involontaire"],
  retirement: ["retirement", "retired", "retraite", "depart a la retraite", "depart en retraite"],
  end_of_contract: ["end of contract", "end_of_contract", "contract end", "contract ended", "fixed term end", "fin de contrat", "fin de cdd", "fin du contrat"],
  other: ["other", "autre"],
};

/** The departure type a cell names, or the cell unchanged (validation then says which values exist). */
export function normaliseType(raw: string): string | undefined {
  const key = normaliseLabel(raw);
  if (key === "") return undefined;
  for (const [type, synonyms] of Object.entries(TYPE_SYNONYMS)) {
    if (type === key.replace(/ /g, "_") || synonyms.includes(key)) return type;
  }
  return raw.trim();
}

/** Languages as HR systems and people write them (codes, locales, names in English and French), normalised. */
const LANGUAGE_SYNONYMS: Record<AppLocale, readonly string[]> = {
  en: ["en", "eng", "english", "anglais", "en us", "en gb", "en ca", "en au", "en ie"],
  fr: ["fr", "fra", "fre", "french", "francais", "fr fr", "fr ca", "fr be", "fr ch", "fr lu"],
};

/** The language code a cell names, or the cell unchanged (validation then says which values exist). */
export function normaliseLanguage(raw: string): string | undefined {
  const key = normaliseLabel(raw);
  if (key === "") return undefined;
  for (const [language, synonyms] of Object.entries(LANGUAGE_SYNONYMS)) {
    if (synonyms.includes(key)) return language;
  }
  return raw.trim();
}

/** The departure input a row gives (strings, for departureInputSchema), and what could not be read. */
export interface MappedRow {
  input: Record<string, string | undefined>;
  /** Values that could not be converted (a date, with its field) and a shifted row (no field). */
  failures: Failure[];
}

/**
 * One row through the mapping: the mapped columns' values, names joined from first and last name
 * when needed, dates converted to YYYY-MM-DD, types and languages recognised.
 */
export function mapRow(
  headers: readonly string[],
  row: { values: readonly string[]; extraValues?: number },
  mapping: ColumnMapping,
  dateFormat: DateFormat,
): MappedRow {
  const indexOf = new Map(headers.map((header, index) => [header, index]));
  const valueOf = (target: MappingTarget): string | undefined => {
    const header = mapping[target];
    if (!header) return undefined;
    const index = indexOf.get(header);
    return index === undefined ? undefined : (row.values[index] ?? "");
  };
  const input: Record<string, string | undefined> = {};
  const failures: Failure[] = [];

  for (const field of DEPARTURE_FIELDS) {
    const value = valueOf(field);
    if (value !== undefined) input[field] = value;
  }
  if (!mapping.employeeName) {
    const joined = [valueOf("firstName"), valueOf("lastName")].map((part) => part?.trim() ?? "").filter(Boolean).join(" ");
    input.employeeName = joined;
  }
  for (const field of DATE_FIELDS as readonly DateField[]) {
    const raw = input[field];
    if (raw === undefined) continue;
    const converted = convertDate(raw, dateFormat);
    if (converted.error) {
      failures.push({ code: "importRow.dateInvalid", field, values: { value: raw.trim(), pattern: DATE_FORMAT_PATTERNS[dateFormat] } });
      input[field] = undefined;
    } else {
      input[field] = converted.day;
    }
  }
  if (input.type !== undefined) input.type = normaliseType(input.type);
  if (input.language !== undefined) input.language = normaliseLanguage(input.language);
  if (row.extraValues) failures.push({ code: "importRow.extraValues", values: { count: row.extraValues, columns: headers.length } });
  return { input, failures };
}

/**
 * The mapping form: one select per target (the column's header, or nothing) and the date format.
 * The headers offered are the file's; the work email, a name, the department and the last day
 * must come from some column.
 */
export function mappingFormSchema(t: Translate, headers: readonly string[]) {
  const column = z
    .string()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || headers.includes(value), { error: t("mapping.unknownColumn") });
  const shape = Object.fromEntries(MAPPING_TARGETS.map((target) => [target, column])) as Record<MappingTarget, typeof column>;
  return z
    .object({
      ...shape,
      dateFormat: z.enum(DATE_FORMATS, { error: t("mapping.dateFormatRequired") }),
    })
    .superRefine((value, ctx) => {
      for (const target of REQUIRED_TARGETS) {
        if (!value[target]) ctx.addIssue({ code: "custom", path: [target], message: t("mapping.required", { field: t(`fields.${target}`) }) });
      }
      if (!value.employeeName && !value.firstName && !value.lastName) {
        ctx.addIssue({ code: "custom", path: ["employeeName"], message: t("mapping.nameRequired") });
      }
    });
}

export type MappingForm = z.output<ReturnType<typeof mappingFormSchema>>;

/** The stored mapping of a submitted form (targets without a column left out). */
export function columnMappingOf(form: MappingForm): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const target of MAPPING_TARGETS) {
    const header = form[target];
    if (header) mapping[target] = header;
  }
  return mapping;
}

/** A stored mapping read back from the database (JSON): only known targets, only string columns. */
export const storedMappingSchema = z
  .record(z.string(), z.unknown())
  .transform((record) => {
    const mapping: ColumnMapping = {};
    for (const target of MAPPING_TARGETS) {
      const header = record[target];
      if (typeof header === "string" && header) mapping[target] = header;
    }
    return mapping;
  });
