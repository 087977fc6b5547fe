import { sql } from "kysely";
import { isDomainFailure } from "~/utils/failures";
import { sendEmail } from "~/modules/email/send-email.server";
import { getDb } from "~/utils/db.server";
import { testDb, useTestDatabase } from "../../support/database";
import { createUser } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

async function queuedJobs() {
  const { rows } = await sql<{ data: { emailId: string } }>`
    select data from pgboss.job where name = 'email.send' and state = 'created'
  `.execute(testDb());
  return rows.map((r) => r.data);
}

describe("sendEmail", () => {
  it("stores the rendered email as queued and enqueues its delivery", async () => {
    const user = await createUser({ role: "leaver" });
    const { emailId } = await sendEmail({
      to: user.email,
      template: "magic-link",
      props: { url: "http://localhost:3000/login/magic/abc", name: user.name, expiresInMinutes: 15 },
      locale: "fr",
      userId: user.id,
    });

    const row = await testDb().selectFrom("emails").selectAll().where("id", "=", emailId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "queued",
      template: "magic-link",
      locale: "fr",
      to_address: user.email,
      from_address: "Alumni Portal <alumni@example.com>",
      user_id: user.id,
      transport: null,
      attempts: 0,
    });
    expect(row.subject).toContain("Votre lien de connexion");
    expect(row.html).toContain('href="http://localhost:3000/login/magic/abc"');
    expect(row.text).toContain("http://localhost:3000/login/magic/abc");
    expect(await queuedJobs()).toEqual([{ emailId }]);
  });

  it("writes inside the caller's transaction, so a rollback leaves neither email nor job", async () => {
    const rollback = new Error("rolled back on purpose");
    await expect(
      getDb()
        .transaction()
        .execute(async (trx) => {
          await sendEmail({
            trx,
            to: "someone@example.test",
            template: "staff-invitation",
            props: { url: "http://localhost:3000/set-password/x", name: "Grace", role: "hr_admin", expiresInHours: 48 },
            locale: "en",
          });
          throw rollback;
        }),
    ).rejects.toBe(rollback);
    expect(await testDb().selectFrom("emails").select("id").execute()).toEqual([]);
    expect(await queuedJobs()).toEqual([]);
  });

  it("commits email and job together with the caller's transaction", async () => {
    const { emailId } = await getDb()
      .transaction()
      .execute((trx) =>
        sendEmail({
          trx,
          to: "grace@example.test",
          template: "staff-invitation",
          props: { url: "http://localhost:3000/set-password/x", name: "Grace", role: "task_owner", expiresInHours: 48 },
          locale: "en",
        }),
      );
    expect(await queuedJobs()).toEqual([{ emailId }]);
  });

  it("refuses a bad address or bad props without storing anything", async () => {
    await expect(
      sendEmail({
        to: "not-an-address",
        template: "magic-link",
        props: { url: "http://localhost:3000/login/magic/abc", expiresInMinutes: 15 },
        locale: "en",
      }),
    ).rejects.toSatisfy((error) => isDomainFailure(error) && error.code === "email.badInput" && error.failures[0]?.field === "to");
    await expect(
      sendEmail({
        to: "ok@example.test",
        template: "magic-link",
        props: { url: "not a url", expiresInMinutes: 15 },
        locale: "en",
      }),
    ).rejects.toThrow(/props\.url/);
    expect(await testDb().selectFrom("emails").select("id").execute()).toEqual([]);
    expect(await queuedJobs()).toEqual([]);
  });
});
