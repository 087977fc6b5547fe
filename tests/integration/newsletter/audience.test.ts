import fc from "fast-check";
import { sql } from "kysely";
import { getEnv } from "~/utils/env.server";
import { randomBytes } from "node:crypto";
import { AUDIENCE_SEGMENTS, type Audience, type AudienceSegment } from "~/modules/newsletter/audience";
import { countAudience } from "~/modules/newsletter/audience.server";
import { scheduleIssue } from "~/modules/newsletter/controls.server";
import { drainIssue } from "~/modules/newsletter/send-batch.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { makeDepartureIn, makeIssue, suppress } from "../../factories/newsletter";
import { unique } from "../../factories/sequence";
import { testDb, truncateAll, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { useNewsletterFake } from "../../support/newsletter";

useTestDatabase();
useJobQueue();
const resend = useNewsletterFake({ RESEND_RATE_LIMIT_PER_SECOND: "0" });

const YEARS = [2024, 2025] as const;

interface Person {
  status: "active" | "pending" | "left";
  confirmed: boolean;
  /** Newsletter consent rows, oldest first. */
  consents: boolean[];
  suppressed: boolean;
  /** Department 0 or 1 and leaving year, or no departure on the profile. */
  departure: { department: 0 | 1; year: (typeof YEARS)[number] } | null;
  sharer: boolean;
  /** The person's advocacy segment (docs/decisions/029); null: not scored yet. */
  advocacy: "promoter" | "passive" | "detractor" | "unknown" | null;
  /** The address as typed, in mixed case: suppression is by the lower-cased address. */
  upperCase: boolean;
  /** How often they want the newsletter (docs/decisions/032). */
  frequency: "every_issue" | "monthly";
  /**
   * An earlier issue they were a recipient of: started this calendar month (company time zone) and
   * sent or being sent, started this month but failed for them (never reached them), or started
   * last month.
   */
  earlier: "none" | "thisMonth" | "thisMonthFailed" | "lastMonth";
}

const person: fc.Arbitrary<Person> = fc.record({
  status: fc.constantFrom("active", "active", "pending", "left"),
  confirmed: fc.constantFrom(true, true, false),
  consents: fc.constantFrom([], [true], [false], [true, false], [false, true], [true, true]),
  suppressed: fc.constantFrom(false, false, true),
  departure: fc.option(fc.record({ department: fc.constantFrom(0 as const, 1 as const), year: fc.constantFrom(...YEARS) }), { nil: null }),
  sharer: fc.boolean(),
  advocacy: fc.constantFrom("promoter" as const, "passive" as const, "detractor" as const, "unknown" as const, null),
  upperCase: fc.boolean(),
  frequency: fc.constantFrom("every_issue" as const, "monthly" as const),
  earlier: fc.constantFrom("none" as const, "thisMonth" as const, "thisMonthFailed" as const, "lastMonth" as const),
});

const audienceFilter = fc.record({
  departments: fc.subarray([0, 1] as const),
  years: fc.subarray([...YEARS]),
  segment: fc.constantFrom(undefined, ...AUDIENCE_SEGMENTS),
});

/** Who each segment stands for; a segment filter never lets in anyone outside it. */
function inSegment(p: Person, segment: AudienceSegment): boolean {
  switch (segment) {
    case "sharers":
      return p.sharer;
    case "nonSharers":
      return !p.sharer;
    case "promoters":
      return p.advocacy === "promoter";
    case "passives":
      return p.advocacy === "passive";
    case "detractors":
      return p.advocacy === "detractor";
    case "unknown":
      return p.advocacy === null || p.advocacy === "unknown";
  }
}

function eligible(p: Person, filter: { departments: readonly number[]; years: readonly number[]; segment?: AudienceSegment }): boolean {
  if (p.status !== "active" || !p.confirmed || p.consents.at(-1) !== true || p.suppressed) return false;
  // At most one a month: the first issue of the calendar month that reached them.
  if (p.frequency === "monthly" && p.earlier === "thisMonth") return false;
  if (filter.departments.length && !(p.departure && filter.departments.includes(p.departure.department))) return false;
  if (filter.years.length && !(p.departure && filter.years.includes(p.departure.year))) return false;
  if (filter.segment && !inSegment(p, filter.segment)) return false;
  return true;
}

/** Recipient numbers of the earlier issues' rows: unique within an issue. */
let recipientNo = 0;

interface EarlierIssues {
  thisMonth: string;
  lastMonth: string;
}

/** Two issues already sent: one started now (this month), one an hour before this month began (company time zone). */
async function insertEarlierIssues(): Promise<EarlierIssues> {
  const db = testDb();
  const { rows } = await sql<{ before: Date }>`select (date_trunc('month', now() at time zone ${getEnv().COMPANY_TIME_ZONE}) at time zone ${getEnv().COMPANY_TIME_ZONE}) - interval '1 hour' as before`.execute(db);
  const insert = (startedAt: Date) =>
    db.insertInto("newsletter_issues").values({ status: "sent", audience: "{}", started_at: startedAt }).returning("id").executeTakeFirstOrThrow();
  return { thisMonth: (await insert(new Date())).id, lastMonth: (await insert(rows[0]!.before)).id };
}

async function insertPerson(p: Person, departments: [string, string], feedItemId: string, earlier: EarlierIssues): Promise<string> {
  const db = testDb();
  const n = unique();
  const email = p.upperCase ? `Person.${n}@Personal.TEST` : `person.${n}@personal.test`;
  const user = await db.insertInto("users").values({ email: `person-${n}@work.test`, name: `Person ${n}`, role: "alumnus", status: "active" }).returning("id").executeTakeFirstOrThrow();
  const departureId = p.departure ? (await makeDepartureIn({ departmentId: departments[p.departure.department], year: p.departure.year })).departureId : null;
  await db
    .insertInto("alumni_profiles")
    .values({ user_id: user.id, departure_id: departureId, personal_email: email, personal_email_confirmed_at: p.confirmed ? new Date() : null, status: p.status, activated_at: new Date(), newsletter_frequency: p.frequency })
    .execute();
  if (p.earlier !== "none") {
    await db
      .insertInto("newsletter_recipients")
      .values({
        issue_id: p.earlier === "lastMonth" ? earlier.lastMonth : earlier.thisMonth,
        recipient_no: (recipientNo += 1),
        batch_no: 0,
        user_id: user.id,
        email,
        locale: "en",
        status: p.earlier === "thisMonthFailed" ? "failed" : "submitted",
      })
      .execute();
  }
  for (const granted of p.consents) {
    await db.insertInto("consent_events").values({ user_id: user.id, purpose: "newsletter", granted, policy_version: "test", text_hash: "test", source: "preferences" }).execute();
  }
  if (p.suppressed) await suppress(email);
  if (p.sharer) {
    const link = await db
      .insertInto("tracked_links")
      .values({ code: randomBytes(9).toString("base64url"), target_url: "https://news.example.com/shared", channel: "linkedin", campaign: "share", feed_item_id: feedItemId, user_id: user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("share_intents").values({ link_id: link.id, language: "en" }).execute();
  }
  if (p.advocacy) {
    const score = { promoter: 40, passive: 0, detractor: -40, unknown: 0 }[p.advocacy];
    await db.insertInto("advocacy_scores").values({ user_id: user.id, score, segment: p.advocacy, reason_code: "npsExit", reason_values: "{}", inputs: "{}", computed_at: new Date() }).execute();
  }
  return email;
}

describe("the newsletter audience", () => {
  it("never includes or mails suppressed, unconsented, unconfirmed or inactive addresses, nor a monthly reader already reached this month, and narrows by department, leaving year and segment (share feed or advocacy), never including anyone outside the segment", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 10 }), audienceFilter, async (people, filter) => {
        await truncateAll(testDb());
        resend.fake.reset();
        const departments: [string, string] = [(await makeDepartureIn({ year: 2024 })).departmentId, (await makeDepartureIn({ year: 2024 })).departmentId];
        const feedItem = await testDb().insertInto("feed_items").values({ kind: "company", status: "approved", title: "Shared", url: "https://news.example.com/shared" }).returning("id").executeTakeFirstOrThrow();
        const earlier = await insertEarlierIssues();
        const emails: string[] = [];
        for (const p of people) emails.push(await insertPerson(p, departments, feedItem.id, earlier));
        const audience: Audience = {
          ...(filter.departments.length ? { departmentIds: filter.departments.map((d) => departments[d]) } : {}),
          ...(filter.years.length ? { leavingYears: [...filter.years] } : {}),
          ...(filter.segment ? { segment: filter.segment } : {}),
        };
        const expected = new Set(emails.filter((_, i) => eligible(people[i]!, filter)));

        expect(await countAudience(testDb(), audience)).toBe(expected.size);
        const issueId = await makeIssue({ audience });
        await scheduleIssue(testDb(), issueId, "now", null);
        await startIssueSend(testDb(), issueId);
        const snapshot = await testDb().selectFrom("newsletter_recipients").select("email").where("issue_id", "=", issueId).execute();
        expect(new Set(snapshot.map((r) => r.email))).toEqual(expected);

        expect(await drainIssue(testDb(), issueId, { until: Date.now() + 30_000, concurrency: 1 })).toBe("finished");
        for (const email of emails) expect(resend.fake.deliveriesTo(email)).toBe(expected.has(email) ? 1 : 0);
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});
