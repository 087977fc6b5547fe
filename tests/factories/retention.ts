import type { User } from "../../db/schema";
import { recordConsent } from "~/modules/alumni/consents.server";
import { recordAudit } from "~/modules/auth/audit.server";
import { DEFAULT_RETENTION_SETTINGS, type RetentionSettings } from "~/modules/privacy/retention-settings";
import { testDb } from "../support/database";
import { makeClicks, makeShare } from "./advocacy";
import { createAlumniProfile, makeAlumniLeaver } from "./alumni";
import { makeFeedItem } from "./feeds";
import { unique } from "./sequence";

export interface MemberWithData {
  user: User;
  cookie: string;
  departureId: string;
  workEmail: string;
  personalEmail: string;
}

/**
 * A leaver who joined the alumni network and left traces in many registry tables: the departure and
 * its invitation, a profile, consents, a share with clicks, an email, audit entries and a session.
 * Through the domains' functions where they exist; the invitation's state is set directly (the exit
 * flow is other suites' subject).
 */
export async function makeMemberWithData(options: { name?: string } = {}): Promise<MemberWithData> {
  const leaver = await makeAlumniLeaver({ decision: "joined" });
  const db = testDb();
  if (options.name) await db.updateTable("users").set({ name: options.name }).where("id", "=", leaver.user.id).execute();
  const personalEmail = `member-${unique()}@personal.example`;
  await createAlumniProfile(leaver.user.id, { departureId: leaver.departureId, personalEmail, confirmedAt: new Date("2026-11-28T10:30:00Z") });
  await recordConsent(db, { userId: leaver.user.id, purpose: "newsletter", granted: true, source: "exit_flow", ip: "192.0.2.7", locale: "en" });
  const link = await makeShare({ userId: leaver.user.id, item: await makeFeedItem({ status: "approved" }) });
  await makeClicks(link.id, [{ at: new Date("2026-12-01T09:00:00Z") }, { at: new Date("2026-12-02T09:00:00Z") }]);
  await recordAudit(db, { actorUserId: leaver.user.id, action: "test.member_acted", subjectType: "user", subjectId: leaver.user.id });
  const user = await db.selectFrom("users").selectAll().where("id", "=", leaver.user.id).executeTakeFirstOrThrow();
  return { user, cookie: leaver.cookie, departureId: leaver.departureId, workEmail: leaver.workEmail, personalEmail };
}

/** HR's retention periods, set directly (the settings page is tested on its own); the others keep their defaults. */
export async function setRetentionSettings(values: Partial<RetentionSettings>) {
  const row = {
    leaver_erasure_days: values.leaverErasureDays ?? DEFAULT_RETENTION_SETTINGS.leaverErasureDays,
    click_ip_days: values.clickIpDays ?? DEFAULT_RETENTION_SETTINGS.clickIpDays,
    import_file_days: values.importFileDays ?? DEFAULT_RETENTION_SETTINGS.importFileDays,
    export_archive_days: values.exportArchiveDays ?? DEFAULT_RETENTION_SETTINGS.exportArchiveDays,
  };
  // Tests empty every table between them: the one row may be gone.
  await testDb()
    .insertInto("privacy_settings")
    .values({ id: true, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}
