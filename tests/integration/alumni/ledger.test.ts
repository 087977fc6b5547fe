import { sql } from "kysely";
import { CONSENT_POLICY_VERSION, consentText } from "~/modules/alumni/consents";
import { currentConsents, hashIp, recordConsent, recordConsentChoices } from "~/modules/alumni/consents.server";
import { testDb, useTestDatabase } from "../../support/database";
import { consentRows } from "./support";
import { createUser } from "../../factories";

useTestDatabase();

const base = { source: "preferences" as const, ip: "198.51.100.23", locale: "en" as const };

describe("the consent ledger", () => {
  it("derives the state from the latest row: grant, withdraw, grant again", async () => {
    const user = await createUser({ role: "alumnus" });
    const db = testDb();
    await recordConsent(db, { ...base, userId: user.id, purpose: "newsletter", granted: true });
    expect((await currentConsents(db, user.id)).newsletter.granted).toBe(true);
    await recordConsent(db, { ...base, userId: user.id, purpose: "newsletter", granted: false });
    expect((await currentConsents(db, user.id)).newsletter.granted).toBe(false);
    await recordConsent(db, { ...base, userId: user.id, purpose: "newsletter", granted: true });
    const states = await currentConsents(db, user.id);
    expect(states.newsletter.granted).toBe(true);
    expect(states.pulse).toEqual({ granted: false, since: null });
    expect((await consentRows(user.id)).map((row) => row.granted)).toEqual([true, false, true]);
  });

  it("keeps one person's choices apart from another's", async () => {
    const alex = await createUser({ role: "alumnus" });
    const sam = await createUser({ role: "alumnus" });
    await recordConsent(testDb(), { ...base, userId: alex.id, purpose: "directory", granted: true });
    expect((await currentConsents(testDb(), sam.id)).directory.granted).toBe(false);
  });

  it("stores the policy version, the hash of the words shown in the language shown, the source and a keyed hash of the IP", async () => {
    const user = await createUser({ role: "alumnus" });
    await recordConsent(testDb(), { ...base, locale: "fr", userId: user.id, purpose: "openings", granted: true, source: "exit_flow" });
    const [row] = await consentRows(user.id);
    expect(row).toMatchObject({
      purpose: "openings",
      granted: true,
      policy_version: CONSENT_POLICY_VERSION,
      text_hash: consentText("openings", "fr", "Acme Corp").hash,
      source: "exit_flow",
      ip_hash: hashIp("198.51.100.23"),
    });
    expect(row!.text_hash).not.toBe(consentText("openings", "en", "Acme Corp").hash);
    expect(JSON.stringify(row)).not.toContain("198.51.100.23");
  });

  it("appends nothing for a choice that does not change the state", async () => {
    const user = await createUser({ role: "alumnus" });
    const db = testDb();
    const first = await recordConsentChoices(db, { ...base, userId: user.id, choices: { newsletter: true, pulse: false } });
    expect(first).toEqual([{ purpose: "newsletter", granted: true }]);
    const again = await recordConsentChoices(db, { ...base, userId: user.id, choices: { newsletter: true, pulse: false } });
    expect(again).toEqual([]);
    expect(await consentRows(user.id)).toHaveLength(1);
  });
});

describe("the ledger is append-only", () => {
  it("refuses to update a row", async () => {
    const user = await createUser({ role: "alumnus" });
    await recordConsent(testDb(), { ...base, userId: user.id, purpose: "newsletter", granted: true });
    await expect(testDb().updateTable("consent_events").set({ granted: false }).where("user_id", "=", user.id).execute()).rejects.toThrow(
      /append-only/,
    );
    expect((await consentRows(user.id))[0]!.granted).toBe(true);
  });

  it("refuses to delete a row unless the erasure setting is on", async () => {
    const user = await createUser({ role: "alumnus" });
    await recordConsent(testDb(), { ...base, userId: user.id, purpose: "newsletter", granted: true });
    await expect(testDb().deleteFrom("consent_events").where("user_id", "=", user.id).execute()).rejects.toThrow(/append-only/);
    expect(await consentRows(user.id)).toHaveLength(1);

    await testDb()
      .transaction()
      .execute(async (trx) => {
        await sql`select set_config('app.consent_erasure', 'on', true)`.execute(trx);
        await trx.deleteFrom("consent_events").where("user_id", "=", user.id).execute();
      });
    expect(await consentRows(user.id)).toHaveLength(0);
  });
});
