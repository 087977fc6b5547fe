import type { LocalizedText } from "~/modules/i18n/localized-text";

/**
 * The task a detractor becomes (routing.server.ts), stored in both languages like a template's task.
 * It names no score, answer or comment: the People team may count task owners who are not HR admins,
 * and confidential answers are for HR admins only (docs/decisions/008). HR admins see why on
 * /admin/segments.
 */
export const FOLLOW_UP_TASK: { title: LocalizedText; description: LocalizedText } = {
  title: {
    en: "Follow up on how their departure went",
    fr: "Prendre des nouvelles après le départ",
  },
  description: {
    en: "Their signals suggest a poor experience of the company. Get in touch to listen and, where you can, put things right; note what you learn. Never ask them to share company content. HR admins see why on the Segments page.",
    fr: "Leurs signaux laissent penser qu’ils gardent une mauvaise image de l’entreprise. Prenez contact pour écouter et, quand c’est possible, réparer ; notez ce que vous apprenez. Ne leur demandez jamais de partager des contenus de l’entreprise. Les administrateurs RH voient pourquoi sur la page Segments.",
  },
};
