import type { AppLocale } from "~/modules/i18n/config";
import type { DB } from "~/utils/db.server";
import type { ExportSection } from "./export-archive.server";
import { personalDataOf } from "./personal-data.server";

/**
 * The one place this part reads the personal-data registry (the privacy part's personalDataOf):
 * the export job and the "Your data" page both go through here.
 */
export function gatherPersonalData(db: DB, userId: string): Promise<ExportSection[]> {
  return personalDataOf(db, userId);
}

export interface HeldDataLine {
  table: string;
  description: string;
  records: number;
}

/** What the "Your data" page lists: each registry entry that has rows for the person, in the reader's language. */
export async function heldDataSummary(db: DB, userId: string, locale: AppLocale): Promise<HeldDataLine[]> {
  const sections = await gatherPersonalData(db, userId);
  return sections
    .filter((section) => section.rows.length > 0)
    .map((section) => ({
      table: section.table,
      description: typeof section.description === "string" ? section.description : section.description[locale],
      records: section.rows.length,
    }));
}
