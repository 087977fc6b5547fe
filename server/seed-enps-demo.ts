import { sql } from "kysely";
import { findUserByEmail } from "~/modules/auth/users.server";
import { savePage } from "~/modules/exit/drafts.server";
import { submitExitResponse } from "~/modules/exit/submit.server";
import { createDepartureCache, createDeparturesIn } from "~/modules/offboarding/departures.server";
import { departureInputSchema, type DepartureInput } from "~/modules/offboarding/schemas";
import type { DepartureType } from "~/modules/offboarding/types";
import { translator } from "~/modules/i18n/translator";
import type { Theme } from "~/modules/sentiment/analyse";
import { surveyPages } from "~/modules/surveys/pages";
import { parseSurveyDefinition, type Answers } from "~/modules/surveys/definition";
import { getActiveExitSurveyVersion } from "~/modules/surveys/surveys.server";
import { addCalendarDays, type CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { CHANGE_COMMENTS, STAY_COMMENTS, type Tone } from "./seed-enps-comments";

/**
 * Two years of exit-survey answers for the eNPS dashboard (issue 13), after the demo departures
 * (./seed.ts): about two hundred leavers over the last 24 months, in every demo department (Legal
 * only three times, so that it shows "fewer than 5 responses"), of every departure type, with their
 * reasons, regrettable flags, 0–10 scores that dip after a reorganisation fifteen months ago and
 * recover since, and comments in English and French.
 *
 * Every answer takes the real path of a confidential survey: the departures are recorded month by
 * month as an HRIS import records them (createDeparturesIn, which creates each leaver's account and
 * exit invitation), each leaver saves the survey (savePage) and sends it (submitExitResponse), on a
 * day of that month, so that whatever the submit maintains (eNPS rollups, comment scores) is
 * maintained here too. Dates are passed as `today`/`now`, as the exit-flow demo does.
 *
 * Deterministic (a seeded generator), so that the demo and its tests see the same data every time.
 */

/** Leavers a month, before the month's own variation; the current month gets its share of the days gone. */
const LEAVERS_PER_MONTH = 8;
const MONTHS = 24;
/** Months ago of the reorganisation: scores dip for three months, then recover. */
const REORGANISATION = 15;

/** Where leavers come from (weights); Legal is not drawn: it gets exactly SMALL_DEPARTMENT_MONTHS. */
const DEPARTMENT_WEIGHTS: Record<string, number> = {
  Platform: 20,
  Mobile: 10,
  Engineering: 5,
  Sales: 22,
  "Customer Success": 18,
  Marketing: 13,
  Finance: 12,
};
/** Legal: three leavers in two years, never enough for a figure of its own. */
export const SMALL_DEPARTMENT = "Legal";
const SMALL_DEPARTMENT_MONTHS = [20, 11, 4];

/** How a department's leavers score compared with the company (points on the 0–10 scale). */
const DEPARTMENT_OFFSET: Record<string, number> = { Platform: 0.7, Mobile: 0.2, Sales: -0.8, "Customer Success": -0.4, Marketing: 0.4 };
const TYPE_OFFSET: Partial<Record<DepartureType, number>> = { involuntary: -1.8, retirement: 1.6 };

const JOB_TITLES: Record<string, string[]> = {
  Platform: ["Backend engineer", "Site reliability engineer", "Staff engineer"],
  Mobile: ["Android engineer", "iOS engineer"],
  Engineering: ["Engineering manager", "QA engineer"],
  Sales: ["Account executive", "Sales development rep", "Account manager"],
  "Customer Success": ["Support specialist", "Customer success manager"],
  Marketing: ["Content marketer", "Growth marketer", "Designer"],
  Finance: ["Accountant", "Financial analyst"],
  Legal: ["Legal counsel"],
};

const NAMES = {
  en: {
    first: ["Olivia", "Noah", "Amelia", "Liam", "Isla", "Ethan", "Grace", "Oscar", "Freya", "Harry", "Maya", "Leo", "Ruby", "Arjun", "Chloe", "Daniel", "Zara", "Samuel", "Ava", "Kwame"],
    last: ["Smith", "Patel", "Jones", "Williams", "Brown", "Taylor", "Khan", "Davies", "Evans", "Wilson", "Murphy", "Walker", "Wright", "Thompson", "Nguyen", "Okoye"],
    locations: ["London", "Berlin", "Remote", "Dublin"],
  },
  fr: {
    first: ["Camille", "Louis", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Théo", "Inès", "Jules", "Sarah", "Nathan", "Zoé", "Karim", "Élodie", "Mathis"],
    last: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Girard", "Benali", "Fournier", "Lambert", "Rousseau"],
    locations: ["Paris", "Lyon", "Nantes", "Remote"],
  },
} as const;

/** The theme a reason for leaving talks about; null: any theme. */
const REASON_THEME: Record<string, Theme | null> = {
  compensation: "pay",
  manager: "manager",
  career_growth: "growth",
  workload: "workload",
  culture: "culture",
  relocation: "remote",
  restructuring: "culture",
  retirement: "recognition",
  contract_end: null,
  other: null,
};
const ANY_THEME: Theme[] = ["tools", "recognition", "remote", "manager", "workload"];

/** A small seeded generator (mulberry32): the same demo every time. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const weighted = <K extends string>(weights: Record<K, number>): K => {
    const entries = Object.entries(weights) as Array<[K, number]>;
    let roll = next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  };
  /** Roughly normal (sum of uniforms), mean 0, standard deviation 1. */
  const normal = () => next() + next() + next() + next() - 2;
  return { next, int, pick, weighted, normal: () => normal() * Math.sqrt(3) };
}
type Generator = ReturnType<typeof generator>;

/** The company's mean score N months ago: steady, a dip after the reorganisation, a recovery since. */
function meanScoreMonthsAgo(monthsAgo: number): number {
  if (monthsAgo > REORGANISATION) return 6.9;
  if (monthsAgo > REORGANISATION - 3) return 5.3;
  // From 6.0 just after the dip to 8.7 this month.
  return 8.7 - (2.7 * monthsAgo) / (REORGANISATION - 3);
}

function typeOf(random: Generator, monthsAgo: number): DepartureType {
  const reorganising = monthsAgo <= REORGANISATION && monthsAgo > REORGANISATION - 3;
  return random.weighted({ voluntary: reorganising ? 50 : 76, involuntary: reorganising ? 38 : 10, retirement: 5, end_of_contract: 6, other: 3 });
}

function reasonOf(random: Generator, type: DepartureType, monthsAgo: number): string {
  if (type === "retirement") return "retirement";
  if (type === "end_of_contract") return "contract_end";
  if (type === "involuntary") return random.weighted({ restructuring: 6, performance: 3, other: 1 });
  if (type === "other") return random.weighted({ relocation: 2, other: 1 });
  const recent = monthsAgo < REORGANISATION - 3;
  return random.weighted({
    career_growth: 26,
    compensation: recent ? 16 : 26,
    manager: monthsAgo <= REORGANISATION ? 14 : 9,
    workload: 12,
    culture: monthsAgo <= REORGANISATION && !recent ? 16 : 7,
    relocation: 9,
    other: 3,
  });
}

function toneOf(random: Generator, score: number): Tone {
  if (score <= 6) return random.next() < 0.8 ? "negative" : "mixed";
  if (score <= 8) return random.weighted({ negative: 2, mixed: 5, positive: 3 });
  return random.next() < 0.8 ? "positive" : "mixed";
}

const clampRating = (value: number) => Math.max(1, Math.min(5, Math.round(value)));

/** The answers one leaver gives to the default exit survey. */
function answersFor(random: Generator, leaver: { score: number; reason: string; locale: "en" | "fr" }): Answers {
  const { score, reason, locale } = leaver;
  const theme = REASON_THEME[reason] ?? random.pick(ANY_THEME);
  // Some write about something else than why they leave.
  const commentTheme = random.next() < 0.25 ? random.pick(ANY_THEME) : theme;
  const base = 1 + (score / 10) * 4;
  const rating = (forTheme: Theme) => clampRating(base + random.normal() * 0.7 - (forTheme === theme ? 1.2 : 0));
  const answers: Answers = {
    reasons: random.next() < 0.3 && reason !== "retirement" ? [reason, random.pick(["compensation", "workload", "career_growth"])].filter((r, i, all) => all.indexOf(r) === i) : [reason],
    manager: rating("manager"),
    growth: rating("growth"),
    pay_benefits: rating("pay"),
    workload: rating("workload"),
    culture: rating("culture"),
    enps: score,
    come_back: score >= 7 ? random.next() < 0.85 : random.next() < 0.25,
  };
  if (score <= 6 && random.next() < 0.8) answers.stay_factors = STAY_COMMENTS[locale][theme];
  if (random.next() < 0.72) answers.change = random.pick(CHANGE_COMMENTS[locale][commentTheme][toneOf(random, score)]);
  return answers;
}

interface PlannedLeaver {
  input: DepartureInput;
  locale: "en" | "fr";
  score: number;
  reason: string;
  /** The day the leaver sends the survey (in the month the response counts for). */
  answeredOn: CalendarDay;
}

/** The first day of the month N months before `today`'s. */
function monthStart(today: CalendarDay, monthsAgo: number): CalendarDay {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const index = year * 12 + (month - 1) - monthsAgo;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/** Every leaver of one month, with the day they answer (within the month, never after today). */
function planMonth(random: Generator, today: CalendarDay, monthsAgo: number, serial: { next: number }): PlannedLeaver[] {
  const first = monthStart(today, monthsAgo);
  const lastOpenDay = monthsAgo === 0 ? Number(today.slice(8, 10)) : 28;
  // At least one this month, even on its first day: the demo always covers 24 months.
  const count = Math.max(1, Math.round(((LEAVERS_PER_MONTH + random.int(-3, 3)) * lastOpenDay) / 28));
  const departments = Array.from({ length: count }, () => random.weighted(DEPARTMENT_WEIGHTS));
  if (SMALL_DEPARTMENT_MONTHS.includes(monthsAgo)) departments.push(SMALL_DEPARTMENT);
  return departments.map((departmentName) => {
    const locale = random.next() < 0.35 ? "fr" : "en";
    const names = NAMES[locale];
    const type = typeOf(random, monthsAgo);
    const reason = reasonOf(random, type, monthsAgo);
    const mean = meanScoreMonthsAgo(monthsAgo) + (DEPARTMENT_OFFSET[departmentName] ?? 0) + (TYPE_OFFSET[type] ?? 0);
    const score = Math.max(0, Math.min(10, Math.round(mean + random.normal() * 1.8)));
    const answeredOn = addCalendarDays(first, random.int(0, lastOpenDay - 1));
    // The last day is a few days after the answer, or the answer's day for this month's leavers.
    const lastDay = monthsAgo === 0 ? answeredOn : addCalendarDays(answeredOn, random.int(0, 4));
    const firstName = random.pick(names.first);
    const lastName = random.pick(names.last);
    const number = serial.next++;
    const ascii = (text: string) => text.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase();
    return {
      locale,
      score,
      reason,
      answeredOn,
      input: {
        employeeEmail: `${ascii(firstName)}.${ascii(lastName)}.${number}@example.com`,
        employeeName: `${firstName} ${lastName}`,
        departmentName,
        jobTitle: random.pick(JOB_TITLES[departmentName] ?? ["Specialist"]),
        location: random.pick(names.locations),
        noticeDate: addCalendarDays(lastDay, -random.int(21, 45)),
        lastDay,
        type,
        reasonCode: reason,
        regrettable: type === "voluntary" ? random.next() < (score >= 7 ? 0.65 : 0.4) : false,
        eligibleForRehire: type !== "involuntary" || reason === "restructuring",
        externalId: `HR-${2000 + number}`,
        language: locale,
      } as DepartureInput,
    };
  });
}

export async function seedEnpsDemo(db: DB, options: { today: CalendarDay }) {
  const hr = await findUserByEmail(db, "hr@example.com");
  const survey = await getActiveExitSurveyVersion(db);
  if (!survey) return;
  const definition = parseSurveyDefinition(survey.definition);
  const questionIds = definition.questions.map((question) => question.id);
  const pageCount = surveyPages(definition).length;
  const random = generator(13);
  const serial = { next: 1 };
  const schema = departureInputSchema(translator("en", "offboarding"));

  for (let monthsAgo = MONTHS - 1; monthsAgo >= 0; monthsAgo -= 1) {
    const leavers = planMonth(random, options.today, monthsAgo, serial);
    if (leavers.length === 0) continue;
    // HR records the month's departures from the HRIS two weeks before it starts, as the import does.
    const recordedOn = addCalendarDays(monthStart(options.today, monthsAgo), -14);
    const recorded = await db.transaction().execute((trx) =>
      createDeparturesIn(
        trx,
        leavers.map((leaver) => schema.parse(leaver.input)),
        { actorUserId: hr?.id ?? null, source: "seed", today: recordedOn, confirmUnusualDates: true, returnTasks: false, cache: createDepartureCache() },
      ),
    );
    if (!recorded) throw new Error(`The demo departures of ${monthStart(options.today, monthsAgo)} could not be recorded`);
    const invitations = await db
      .selectFrom("exit_invitations")
      .select(["id", "departure_id"])
      .where(
        "departure_id",
        "in",
        recorded.map((r) => r.departure.id),
      )
      .execute();
    const invitationOf = new Map(invitations.map((invitation) => [invitation.departure_id, invitation.id]));
    for (const [index, leaver] of leavers.entries()) {
      const { departure } = recorded[index]!;
      const invitationId = invitationOf.get(departure.id);
      if (!invitationId) continue;
      const answers = answersFor(random, leaver);
      const at = new Date(`${leaver.answeredOn}T${String(random.int(8, 19)).padStart(2, "0")}:${String(random.int(0, 59)).padStart(2, "0")}:00Z`);
      // Saved once with every page's answers (the flow saves page by page: four times the
      // transactions for the same draft), then the one submit, which checks them all again.
      await savePage(db, { invitationId, pageQuestionIds: questionIds, answers, pagesDone: pageCount, now: at });
      const sent = await submitExitResponse(db, { invitationId, userId: departure.leaver_user_id, locale: leaver.locale, now: at, today: leaver.answeredOn });
      if (sent.outcome !== "submitted") throw new Error(`A demo exit response was not stored (${sent.outcome})`);
    }
  }
  await closeHistoricalDepartures(db, options.today, hr?.id ?? null);
}

export interface AnonymousHistoryEntry {
  departmentName: string;
  departureType: DepartureType;
  /** The day the leaver answered. */
  day: CalendarDay;
  enps: number;
  answers: Answers;
}

/**
 * What leavers answered in last year's anonymous exit survey (./seed-exit-flow-demo.ts puts each
 * answer in the pool and releases the pool at the start of each month, as the nightly job does):
 * about seven a month over the twelve months of `year`, scored like the confidential answers of
 * the same months, with comments in both languages.
 */
export function anonymousHistory(year: number, today: CalendarDay): AnonymousHistoryEntry[] {
  const random = generator(2013);
  const entries: AnonymousHistoryEntry[] = [];
  const [thisYear, thisMonth] = today.split("-").map(Number) as [number, number];
  for (let month = 1; month <= 12; month += 1) {
    const monthsAgo = (thisYear - year) * 12 + (thisMonth - month);
    for (let count = 5 + random.int(0, 4); count > 0; count -= 1) {
      const departmentName = random.weighted(DEPARTMENT_WEIGHTS);
      const departureType = typeOf(random, monthsAgo);
      const reason = reasonOf(random, departureType, monthsAgo);
      const mean = meanScoreMonthsAgo(monthsAgo) + (DEPARTMENT_OFFSET[departmentName] ?? 0) + (TYPE_OFFSET[departureType] ?? 0);
      const enps = Math.max(0, Math.min(10, Math.round(mean + random.normal() * 1.8)));
      const locale = random.next() < 0.35 ? "fr" : "en";
      const day = `${year}-${String(month).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
      entries.push({ departmentName, departureType, day, enps, answers: answersFor(random, { score: enps, reason, locale }) });
    }
  }
  return entries;
}

/**
 * The demo's past departures are over: their tasks due by today were done on their due day and the
 * departures whose tasks are all done are completed, as HR would have closed them at the time
 * (the task pages have no "as of" date to do it through them).
 */
async function closeHistoricalDepartures(db: DB, today: CalendarDay, hrId: string | null) {
  const historical = db.selectFrom("departures").select("id").where("external_id", "like", "HR-2%");
  await db
    .updateTable("departure_tasks")
    .set({ status: "done", completed_at: sql<Date>`(due_date + time '16:00') at time zone 'UTC'`, completed_by: hrId, completion_note: "Done." })
    .where("departure_id", "in", historical)
    .where("due_date", "<=", today)
    .execute();
  await db
    .updateTable("departures")
    .set({ status: "completed" })
    .where("id", "in", historical)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("departure_tasks as t").select("t.id").whereRef("t.departure_id", "=", "departures.id").where("t.status", "=", "open"))))
    .execute();
}
