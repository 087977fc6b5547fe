import fc from "fast-check";
import { sql } from "kysely";
import { rebuildMetrics } from "~/modules/metrics/rebuild.server";
import { addressSuppressedSql } from "~/modules/email/suppressed-addresses.server";
import { personalDataOf } from "~/modules/privacy/personal-data.server";
import { installOffboardingDefaults, makeRichPerson, makeRichPersonContext, type RichPerson } from "../../factories";
import { testDb, truncateAll, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { aggregates, erase, scanFor } from "./support";

useTestDatabase();
useJobQueue();

const traces = (person: RichPerson) => [person.name, person.workEmail, person.personalEmail, person.newEmail];

async function suppressed(email: string): Promise<boolean> {
  const { rows } = await sql<{ blocked: boolean }>`select ${addressSuppressedSql(sql`${email}`)} as blocked`.execute(testDb());
  return rows[0]?.blocked === true;
}

describe("erasure", () => {
  it("leaves no trace of the person's name or addresses in any text column of any table, aggregates unchanged, others untouched", async () => {
    await installOffboardingDefaults();
    const context = await makeRichPersonContext();
    const ada = await makeRichPerson(context, { enps: 10 });
    const ben = await makeRichPerson(context, { enps: 3 });
    // Everything is there before: the scan can see each kind of trace.
    const before = await scanFor(traces(ada));
    for (const place of ["public.users.email", "public.departures.employee_name", "public.alumni_profiles.personal_email", "public.emails.html", "public.csv_imports.content", "public.csv_import_rejections.raw", "public.audit_log.data", "public.survey_responses.answers", "public.email_suppressions.email", "public.pulse_answers.comment"]) {
      expect(before).toContain(place);
    }
    expect(before.some((place) => place.startsWith("pgboss."))).toBe(true);
    const figures = await aggregates();
    const bensData = await personalDataOf(testDb(), ben.userId);

    const requestId = await erase(ada.userId);

    expect(await scanFor(traces(ada))).toEqual([]);
    expect(await aggregates()).toEqual(figures);
    // The rollups are still what the responses make (the metrics domain's own rebuild agrees).
    await rebuildMetrics(testDb());
    expect(await aggregates()).toEqual(figures);
    expect(await personalDataOf(testDb(), ben.userId)).toEqual(bensData);
    expect(await scanFor([ben.name, ben.personalEmail])).not.toEqual([]);
    // The other leaver's line of the shared CSV file stays.
    const file = await testDb().selectFrom("csv_imports").select("content").execute();
    expect(file.every((row) => row.content.includes("keep.me@acme.example"))).toBe(true);

    const request = await testDb().selectFrom("privacy_erasure_requests").selectAll().where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(request.status).toBe("done");
    expect(request.started_at).not.toBeNull();
    expect(request.finished_at!.getTime()).toBeGreaterThanOrEqual(request.requested_at.getTime());
    // Never mailed again: the address is gone but its hash still blocks it, whatever its case.
    expect(await suppressed(ada.personalEmail.toUpperCase())).toBe(true);
    expect(await suppressed("someone.else@home.example")).toBe(false);
    const account = await testDb().selectFrom("users").selectAll().where("id", "=", ada.userId).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ status: "disabled", password_hash: null });
    expect(await testDb().selectFrom("sessions").select("id").where("user_id", "=", ada.userId).execute()).toEqual([]);
  });

  it("is idempotent: erasing again changes nothing and opens no second pending request", async () => {
    await installOffboardingDefaults();
    const context = await makeRichPersonContext();
    const ada = await makeRichPerson(context);
    await erase(ada.userId);
    const figures = await aggregates();
    await erase(ada.userId);
    expect(await aggregates()).toEqual(figures);
    const requests = await testDb().selectFrom("privacy_erasure_requests").select("status").where("user_id", "=", ada.userId).execute();
    expect(requests.map((r) => r.status)).toEqual(["done", "done"]);
    expect(await scanFor(traces(ada))).toEqual([]);
  });

  it("property: erasing any people in any order leaves no trace of them, the others whole and the figures unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray([0, 1, 2], { minLength: 1 }), fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 3, maxLength: 3 }), async (order, scores) => {
        await truncateAll(testDb());
        await installOffboardingDefaults();
        const context = await makeRichPersonContext();
        const people: RichPerson[] = [];
        for (const enps of scores) people.push(await makeRichPerson(context, { enps }));
        const figures = await aggregates();
        const erased = new Set<number>();
        for (const index of order) {
          await erase(people[index]!.userId);
          erased.add(index);
          expect(await aggregates()).toEqual(figures);
          for (const [i, person] of people.entries()) {
            const found = await scanFor(traces(person));
            if (erased.has(i)) expect(found).toEqual([]);
            else expect(found).toContain("public.users.email");
          }
        }
      }),
      { numRuns: 3 },
    );
  }, 120_000);
});
