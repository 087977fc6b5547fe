import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { localized } from "~/modules/i18n/localized-text";
import { listPulses } from "~/modules/pulse/pulses.server";
import { assertIssueEditable } from "./issues.server";

/**
 * The pulse block of an issue (issue 13): an open alumni pulse whose 0–10 scale the issue carries,
 * each reader with their own answer links (messages.server.ts). Chosen while the issue can change;
 * only a pulse that takes answers (sending or open) can be chosen.
 */

export interface PulseChoice {
  id: string;
  label: string;
}

/** The pulses an issue can carry now: those taking answers. */
export async function embeddablePulses(db: DB, locale: string): Promise<PulseChoice[]> {
  const pulses = await listPulses(db);
  return pulses.filter((pulse) => pulse.status === "sending" || pulse.status === "open").map((pulse) => ({ id: pulse.id, label: `${localized(pulse.surveyName, locale)} · ${pulse.closesOn}` }));
}

/** Sets (or with null removes) the issue's pulse block; refused for an issue that can no longer change or a pulse that takes no answers. */
export async function setIssuePulse(db: DB, issueId: string, pulseId: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertIssueEditable(trx, issueId);
    if (pulseId) {
      const pulse = await trx.selectFrom("pulses").select("status").where("id", "=", pulseId).forShare().executeTakeFirst();
      if (!pulse || (pulse.status !== "sending" && pulse.status !== "open")) throw DomainFailure.invalid("pulseId", "pulse.notEmbeddable");
    }
    await trx.updateTable("newsletter_issues").set({ pulse_id: pulseId, updated_at: new Date() }).where("id", "=", issueId).execute();
  });
}
