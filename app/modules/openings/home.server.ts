import type { LocalizedText } from "~/modules/i18n/localized-text";
import type { DB } from "~/utils/db.server";
import { hasConsent } from "~/modules/alumni/consents.server";
import { listOpenOpenings } from "./openings.server";

/**
 * The alumni home's openings block (issue 14): the newest open openings, only for someone whose
 * latest `openings` choice is a grant; nobody else gets any (an empty list: the block is not shown).
 */

export interface HomeOpening {
  id: string;
  title: LocalizedText;
  department: string | null;
  location: string;
  /** The opening on the alumni openings page, where the referral link is. */
  href: string;
}

export async function openingsForHome(db: DB, userId: string, limit: number): Promise<HomeOpening[]> {
  if (limit < 1 || !(await hasConsent(db, userId, "openings"))) return [];
  const openings = await listOpenOpenings(db, Math.min(limit, 20));
  return openings.map((opening) => ({
    id: opening.id,
    title: opening.title,
    department: opening.department,
    location: opening.location,
    href: `/alumni/openings#opening-${opening.id}`,
  }));
}
