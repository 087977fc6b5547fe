import type { ShareLanguage, ShareNetwork } from "../../../db/schema";

/**
 * The share texts' limits and field names, without X's counter: what forms (server and browser)
 * need. The X rule itself (280 with the link as 23) is share-texts.ts, checked on the server.
 */

export const SHARE_NETWORKS = ["linkedin", "x", "facebook"] as const satisfies readonly ShareNetwork[];
export const SHARE_LANGUAGES = ["en", "fr"] as const satisfies readonly ShareLanguage[];

export const X_MAX_WEIGHT = 280;
/** What X counts for any link, whatever its length (t.co). */
export const X_LINK_WEIGHT = 23;

/** The most characters HR may write, per network (LinkedIn allows 3,000; Facebook far more). */
export const SHARE_TEXT_MAX = { linkedin: 3000, x: X_MAX_WEIGHT, facebook: 2000 } as const satisfies Record<ShareNetwork, number>;

/** The form field of one text: `linkedinEn`, `xFr`… */
export type ShareTextField = `${ShareNetwork}${"En" | "Fr"}`;
export function shareTextField(network: ShareNetwork, language: ShareLanguage): ShareTextField {
  return `${network}${language === "en" ? "En" : "Fr"}`;
}

export const SHARE_TEXT_FIELDS = SHARE_NETWORKS.flatMap((network) => SHARE_LANGUAGES.map((language) => shareTextField(network, language)));
