import { sql } from "kysely";
import { recordConsent } from "~/modules/alumni/consents.server";
import { renderEmailCopies } from "~/modules/email/templates.server";
import { pulseTick } from "~/modules/pulse/jobs.server";
import { pulseAnswerToken, pulseAnswerUrl } from "~/modules/pulse/pulse-links.server";
import { schedulePulse } from "~/modules/pulse/pulses.server";
import { sendPendingDeliveries, startPulseSend } from "~/modules/pulse/send.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { testDb, useTestDatabase } from "../../support/database";
import { daysFromToday } from "../../support/dates";
import { useJobQueue } from "../../support/job-queue";
import { createAlumniProfile, createUser, makeAlumnus, makePulse } from "../../factories";
import { suppress } from "../../factories/newsletter";

useTestDatabase();
useJobQueue();

async function pulseEmails() {
  return testDb().selectFrom("emails").select(["to_address", "user_id", "html", "text", "locale", "status"]).where("template", "=", "pulse").orderBy("to_address").execute();
}

async function personalEmail(userId: string) {
  return (await testDb().selectFrom("alumni_profiles").select("personal_email").where("user_id", "=", userId).executeTakeFirstOrThrow()).personal_email;
}

async function withdraw(userId: string, purpose: "pulse" | "newsletter" = "pulse") {
  await recordConsent(testDb(), { userId, purpose, granted: false, source: "preferences", ip: null, locale: "en" });
}

async function scheduledPulse() {
  const { pulse } = await makePulse({ status: "scheduled", sendAt: new Date(Date.now() - 1000) });
  return pulse;
}

describe("sending a pulse", () => {
  it("goes only to active alumni with a confirmed address whose latest pulse choice is yes and whose address is not suppressed", async () => {
    const granted = await makeAlumnus({ consents: ["pulse"] });
    const withdrawn = await makeAlumnus({ consents: ["pulse"] });
    await withdraw(withdrawn.id);
    const neverAsked = await makeAlumnus({ consents: ["newsletter"] });
    const suppressed = await makeAlumnus({ consents: ["pulse"] });
    await suppress((await personalEmail(suppressed.id)).toUpperCase(), "hard_bounce");
    const unconfirmed = await createUser({ role: "alumnus" });
    await createAlumniProfile(unconfirmed.id, { status: "active", confirmedAt: null });
    await recordConsent(testDb(), { userId: unconfirmed.id, purpose: "pulse", granted: true, source: "preferences", ip: null, locale: "en" });
    const regranted = await makeAlumnus({ consents: ["pulse"] });
    await withdraw(regranted.id);
    await recordConsent(testDb(), { userId: regranted.id, purpose: "pulse", granted: true, source: "preferences", ip: null, locale: "en" });

    const pulse = await scheduledPulse();
    expect(await startPulseSend(testDb(), pulse.id)).toBe("started");
    expect(await sendPendingDeliveries(testDb(), pulse.id)).toBe("done");

    const sent = await pulseEmails();
    expect(sent.map((email) => email.user_id).sort()).toEqual([granted.id, regranted.id].sort());
    const row = await testDb().selectFrom("pulses").select(["status", "recipient_count"]).where("id", "=", pulse.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "open", recipient_count: 2 });
    expect([neverAsked, withdrawn, suppressed, unconfirmed].every((user) => !sent.some((email) => email.user_id === user.id))).toBe(true);
  });

  it("carries the 0–10 scale as eleven links to the recipient's own answer page, each with its score", async () => {
    const alumnus = await makeAlumnus({ consents: ["pulse"] });
    const pulse = await scheduledPulse();
    await startPulseSend(testDb(), pulse.id);
    await sendPendingDeliveries(testDb(), pulse.id);
    const [email] = await pulseEmails();
    const answerUrl = pulseAnswerUrl({ pulseId: pulse.id, userId: alumnus.id });
    const hrefs = [...email!.html.matchAll(/href="([^"]+\/pulse\/[^"]+)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual(Array.from({ length: 11 }, (_, score) => `${answerUrl}?score=${score}`));
    expect(email!.to_address).toBe(await personalEmail(alumnus.id));
  });

  it("keeps no usable answer link in the stored copy when links are removed (ADR 010), and sends all eleven", async () => {
    const token = pulseAnswerToken({ pulseId: "11111111-1111-4111-8111-111111111111", userId: "22222222-2222-4222-8222-222222222222" });
    const answerUrl = `http://localhost:3000/pulse/${token}`;
    const copies = await renderEmailCopies(
      "pulse",
      { answerUrl, question: "How likely are you to recommend Acme Corp as a place to work?", closesOnText: "December 20, 2026", anonymous: false },
      "fr",
      { removeSecretLinks: true },
    );
    expect(copies.linksRemoved).toBe(true);
    expect(copies.deliverable.html.match(/\?score=\d+/g)).toHaveLength(11);
    for (const body of [copies.stored.html, copies.stored.text]) {
      expect(body).not.toContain(token);
      expect(body).not.toContain("/pulse/");
      expect(body).not.toContain("?score=");
    }
    // The scale stays readable (eleven numbers, no address); the text copy says where the links went.
    expect(copies.stored.html.match(/<a [^>]*>\d+<\/a>/g)).toHaveLength(11);
    expect(copies.stored.text).toContain("lien retiré de la copie conservée");
  });

  it("mails each person exactly once through a crash in the middle of the send and a retry", async () => {
    const alumni = await Promise.all(Array.from({ length: 6 }, () => makeAlumnus({ consents: ["pulse"] })));
    const pulse = await scheduledPulse();
    await startPulseSend(testDb(), pulse.id);
    // The third claim dies after its email was written, before its transaction commits (as a killed process would).
    await sql`
      create function fail_third_claim() returns trigger language plpgsql as $$
      begin
        if (select count(*) from pulse_deliveries where status = 'queued') >= 2 then raise exception 'simulated crash'; end if;
        return new;
      end $$`.execute(testDb());
    await sql`create trigger fail_third_claim before update on pulse_deliveries for each row when (new.status = 'queued') execute function fail_third_claim()`.execute(testDb());
    await expect(sendPendingDeliveries(testDb(), pulse.id)).rejects.toThrow(/simulated crash/);
    expect(await pulseEmails()).toHaveLength(2);
    await sql`drop trigger fail_third_claim on pulse_deliveries`.execute(testDb());
    await sql`drop function fail_third_claim()`.execute(testDb());

    // The retry (the job again, then the minute tick's and a stray duplicate job) finishes the rest, once.
    expect(await sendPendingDeliveries(testDb(), pulse.id)).toBe("done");
    await pulseTick();
    expect(await sendPendingDeliveries(testDb(), pulse.id)).toBe("notSending");
    await runQueuedJobs(["pulse.send", "email.send"]);

    const sent = await pulseEmails();
    expect(sent.map((email) => email.user_id).sort()).toEqual(alumni.map((a) => a.id).sort());
    expect(new Set(sent.map((email) => email.to_address)).size).toBe(6);
    expect(sent.every((email) => email.status === "captured")).toBe(true);
    const deliveries = await testDb().selectFrom("pulse_deliveries").select(["status", "email_id"]).where("pulse_id", "=", pulse.id).execute();
    expect(deliveries.every((d) => d.status === "queued" && d.email_id !== null)).toBe(true);
  });

  it("does not mail someone who withdrew between the snapshot and their email (skipped, with the reason)", async () => {
    const staying = await makeAlumnus({ consents: ["pulse"] });
    const leaving = await makeAlumnus({ consents: ["pulse"] });
    const pulse = await scheduledPulse();
    await startPulseSend(testDb(), pulse.id);
    await withdraw(leaving.id);
    await sendPendingDeliveries(testDb(), pulse.id);
    expect((await pulseEmails()).map((email) => email.user_id)).toEqual([staying.id]);
    const skipped = await testDb().selectFrom("pulse_deliveries").select(["status", "skip_reason"]).where("user_id", "=", leaving.id).executeTakeFirstOrThrow();
    expect(skipped).toEqual({ status: "skipped", skip_reason: "consentWithdrawn" });
  });

  it("is scheduled through HR's function with its job, which sends when due; a stale job of a cancelled pulse sends nothing", async () => {
    await makeAlumnus({ consents: ["pulse"] });
    const { survey } = await makePulse();
    const { pulseId } = await schedulePulse(testDb(), { surveyId: survey.id, sendAt: new Date(Date.now() + 1000), closesOn: daysFromToday(7), actorUserId: null, timeZone: "UTC" });
    // Not due yet: the job (run early here) snapshots nothing.
    expect(await startPulseSend(testDb(), pulseId, new Date(Date.now() - 60_000))).toBe("notDue");
    expect(await startPulseSend(testDb(), pulseId, new Date(Date.now() + 5_000))).toBe("started");
    await sendPendingDeliveries(testDb(), pulseId);
    expect(await pulseEmails()).toHaveLength(1);
    const cancelled = await makePulse({ status: "cancelled" });
    expect(await startPulseSend(testDb(), cancelled.pulse.id)).toBe("notScheduled");
  });

  it("refuses to schedule a survey that is not a pulse of one eNPS question and an optional comment, or days that do not fit", async () => {
    const { survey } = await makePulse();
    const exit = await testDb().selectFrom("surveys").select("id").where("kind", "=", "exit").executeTakeFirst();
    const base = { surveyId: survey.id, sendAt: new Date(Date.now() + 3_600_000), closesOn: daysFromToday(7), actorUserId: null, timeZone: "UTC" };
    await expect(schedulePulse(testDb(), { ...base, sendAt: new Date(Date.now() - 3_600_000) })).rejects.toMatchObject({ code: "pulse.sendInPast" });
    await expect(schedulePulse(testDb(), { ...base, closesOn: daysFromToday(-1) })).rejects.toMatchObject({ code: "pulse.closesBeforeSend" });
    await expect(schedulePulse(testDb(), { ...base, closesOn: daysFromToday(120) })).rejects.toMatchObject({ code: "pulse.closesTooLate" });
    if (exit) await expect(schedulePulse(testDb(), { ...base, surveyId: exit.id })).rejects.toMatchObject({ code: "pulse.surveyNotFound" });
    const { createSurvey } = await import("../../factories");
    const { survey: wide } = await createSurvey({ kind: "pulse" });
    await expect(schedulePulse(testDb(), { ...base, surveyId: wide.id })).rejects.toMatchObject({ code: "pulse.surveyShape" });
  });
});
