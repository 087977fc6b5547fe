import type { ShareNetwork } from "../../../db/schema";

/**
 * Where a share button sends the alumnus: each network's public share address, which needs no
 * social login and no app registration. Only X takes a text; LinkedIn and Facebook take the link and
 * build their preview from the page's Open Graph tags, so their text is copied for the alumnus to
 * paste (the share page says so).
 *
 * - LinkedIn: `share-offsite` with `url` (the older `shareArticle` parameters are ignored now).
 * - X: the Web Intent `intent/tweet` with `text` and `url`; X joins them with a space, which is
 *   what the 280 rule counts (share-texts.ts).
 * - Facebook: `sharer.php` with `u` (`quote` is no longer honoured).
 */
export function networkShareUrl(network: ShareNetwork, link: string, text: string): string {
  switch (network) {
    case "linkedin":
      return `https://www.linkedin.com/sharing/share-offsite/?${new URLSearchParams({ url: link })}`;
    case "x":
      return `https://twitter.com/intent/tweet?${new URLSearchParams({ text, url: link })}`;
    case "facebook":
      return `https://www.facebook.com/sharer/sharer.php?${new URLSearchParams({ u: link })}`;
  }
}

/** Whether the network takes the text in its share address (otherwise it is copied). */
export function shareUrlCarriesText(network: ShareNetwork): boolean {
  return network === "x";
}
