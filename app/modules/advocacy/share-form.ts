import { z } from "zod";
import { SHARE_LANGUAGES, SHARE_NETWORKS, SHARE_TEXT_MAX } from "~/modules/feeds/share-limits";

/**
 * What a share button posts: the network, the language the texts were shown in and, from the share
 * page, the alumnus's text. The text's own rules (X's 280, the networks' lengths) are the domain's
 * (advocacy/shares.server.ts), which knows the disclosure line and the link.
 */
export const shareFormSchema = z.object({
  network: z.enum(SHARE_NETWORKS),
  language: z.enum(SHARE_LANGUAGES),
  // Generous: a longer text is refused by the domain with the network's own limit in the message.
  text: z.string().max(SHARE_TEXT_MAX.linkedin * 2).optional(),
});

export type ShareForm = z.infer<typeof shareFormSchema>;
